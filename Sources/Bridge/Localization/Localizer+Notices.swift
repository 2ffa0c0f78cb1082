/// Typed accessors for agents' health, encryption notices, Telegram's own texts and notices after failures.
extension Localizer {
    func runDone(input: Int, output: Int, result: String) -> String {
        self(.runDone, ["input": String(input), "output": String(output), "result": result])
    }
    func footerTokens(input: Int, output: Int) -> String { self(.footerTokens, ["input": String(input), "output": String(output)]) }
    var healthUnknown: String { self(.healthUnknown) }
    func healthNoProvider(_ provider: String) -> String { self(.healthNoProvider, ["provider": provider]) }
    func healthNotFound(_ command: String) -> String { self(.healthNotFound, ["command": command]) }
    var healthReady: String { self(.healthReady) }

    // MARK: !crypto
    var noEncryption: String { self(.noEncryption) }
    var encryptionOff: String { self(.encryptionOff) }
    var cryptoNoDevice: String { self(.cryptoNoDevice) }
    // Placeholders in the order the line shows them.
    func cryptoDeviceLine(user: String, device: String, ready: Bool, keys: String, oneTimeKeys: String, signing: String) -> String {
        self(.cryptoDeviceLine, ["user": user, "device": device, "state": ready ? self(.cryptoReady) : self(.cryptoNotReady), "keys": keys,
                                 "otks": oneTimeKeys, "signing": signing])
    }
    func cryptoKeys(curve25519: String, ed25519: String) -> String { self(.cryptoKeys, ["curve": curve25519, "ed": ed25519]) }
    var cryptoNoKeys: String { self(.cryptoNoKeys) }
    var cryptoNotReported: String { self(.cryptoNotReported) }
    func cryptoSigning(masterKey: String?) -> String {
        masterKey.map { self(.cryptoCrossSigned, ["key": $0]) } ?? self(.cryptoNotCrossSigned)
    }
    func notAUserID(_ user: String) -> String { self(.notAUserID, ["user": user]) }
    func identityTrusted(_ user: String) -> String { self(.identityTrusted, ["user": user]) }
    func identityUnknown(_ user: String) -> String { self(.identityUnknown, ["user": user]) }
    func identityTrustFailed(_ user: String, error: String) -> String { self(.identityTrustFailed, ["user": user, "error": error]) }

    // MARK: Agents on the transports
    func matrixAgentAdded(_ name: String, user: String, room: String) -> String {
        self(.matrixAgentAdded, ["name": name, "user": user, "room": room])
    }
    func agentRemoved(_ name: String, rooms: Int?, purge: Bool) -> String {
        let removed = rooms.map { self(.agentRemovedRooms, ["name": name], count: $0) } ?? self(.telegramAgentRemoved, ["name": name])
        return removed + " " + (purge ? self(.historyDeleted) : self(.historyKept))
    }
    var notAMatrixRoom: String { self(.notAMatrixRoom) }
    var goodbye: String { self(.goodbye) }
    var leaveNoSuchAgent: String { self(.leaveNoSuchAgent) }
    var leaveAgentRemoved: String { self(.leaveAgentRemoved) }
    func leaveAsked(_ command: String) -> String { self(.leaveAsked, ["command": command]) }
    func telegramAgentAdded(_ name: String) -> String { self(.telegramAgentAdded, ["name": name]) }
    var privateChatStays: String { self(.privateChatStays) }
    func telegramGroupNotAllowed(_ id: Int64) -> String { self(.telegramGroupNotAllowed, ["id": String(id)]) }
    var buttonNotOurs: String { self(.buttonNotOurs) }
    func telegramAdmissionHint(_ id: Int64) -> String { self(.telegramAdmissionHint, ["id": String(id)]) }

    // MARK: Encryption notices
    func insecureDevice(device: String?, trust: String, level: String, identityChanged: Bool, trustCommand: String) -> String {
        let which = device.map { self(.yourSession, ["device": $0]) } ?? self(.unknownSession)
        return identityChanged
            ? self(.insecureIdentityChanged, ["which": which, "command": trustCommand])
            : self(.insecureBelowLevel, ["which": which, "trust": trust, "level": level])
    }
    var encryptionOffNotice: String { self(.encryptionOffNotice) }
    func unreadableNoKeys(device: String) -> String { self(.unreadableNoKeys, ["device": device]) }
    func unreadable(reason: String, device: String) -> String { self(.unreadable, ["reason": reason, "device": device]) }
    var plaintextDropped: String { self(.plaintextDropped) }
    var encryptionRequired: String { self(.encryptionRequired) }

    // MARK: After failures
    func undeliverable(chat: String, reason: String) -> String { self(.undeliverable, ["chat": chat, "reason": reason]) }
    func gaveUp(times: Int, wasRunning: Bool, quoted: String) -> String {
        self(wasRunning ? .gaveUpWorking : .gaveUpQueued, ["quoted": quoted], count: times)
    }
}
