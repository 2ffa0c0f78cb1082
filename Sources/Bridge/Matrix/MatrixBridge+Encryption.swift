import Foundation
import Logging
import MatrixAppService

/// Encrypted rooms: room events are decrypted by the agents' crypto machines before the bridge sees them.
extension MatrixBridge {
    /// How long an event whose room key has not arrived waits for it.
    static let roomKeyWait: Duration = .seconds(5)

    func handleEncrypted(_ event: ClientEvent) async {
        let fields: Logger.Metadata = ["event_id": "\(event.eventID)", "room_id": "\(event.roomID)", "sender": "\(event.sender)"]
        guard let crypto else {
            logger.warning("encrypted event ignored: encryption is off; set encryption.allow: true in the config to read it",
                           metadata: fields)
            await tellEncryptionOff(event)
            return
        }
        // An encrypted event proves the room is encrypted, whatever we knew of its state: answers must be too.
        if (try? await appservice.state.isEncrypted(room: event.roomID)) != true {
            try? await appservice.state.setState(room: event.roomID, type: "m.room.encryption", stateKey: "",
                                                 content: ["algorithm": .string(event.content["algorithm"]?.stringValue ?? CryptoAlgorithm.megolm)])
        }
        switch await crypto.decrypt(event) {
        case .decrypted(let decrypted):
            await handleDecrypted(decrypted, from: event)
        case .failed(let reason):
            logger.error("could not decrypt event", metadata: fields.merging(["reason": "\(reason)"]) { $1 })
            await tellUnreadable(event, because: .failed(reason))
        case .waitingForKey:
            logger.info("waiting for the room key", metadata: fields)
            // The key comes in a later transaction: wait off the dispatcher's path.
            // The handler bounds how many events wait at once (CryptoHandler.maxKeyWaits).
            Task {
                switch await crypto.decryptWaitingForKey(event, wait: Self.roomKeyWait) {
                case .decrypted(let decrypted):
                    await handleDecrypted(decrypted, from: event)
                case .failed(let reason):
                    logger.error("could not decrypt event", metadata: fields.merging(["reason": "\(reason)"]) { $1 })
                    await tellUnreadable(event, because: .failed(reason))
                case .waitingForKey:
                    logger.error("the room key never arrived, not even after a key request; the message cannot be read",
                                 metadata: fields)
                    await tellUnreadable(event, because: .keyNeverArrived)
                }
            }
        }
    }

    enum Unreadable {
        case keyNeverArrived
        case failed(String)
    }

    /// Tells the sender, as an agent in the room (the main agent first), that their message could not be read
    /// and what to do. The notice is encrypted like everything else sent into the room.
    private func tellUnreadable(_ event: ClientEvent, because cause: Unreadable) async {
        guard permissions.level(of: event.sender) >= .user, let speaker = await speaker(in: event.roomID) else { return }
        let device = await crypto?.machine(for: speaker)?.owner.device.rawValue ?? "?"
        let text: String
        switch cause {
        case .keyNeverArrived:
            text = "⚠️ I could not read your message: your client has not shared its keys with my device (\(device)), "
                + "not even after I asked for them. Send it again; if this keeps happening, verify my session or let your "
                + "client share keys with unverified sessions."
        case .failed(let reason):
            text = "⚠️ I could not read your message (\(reason)). Send it again; if this keeps happening, check that "
                + "your client shares keys with my device (\(device))."
        }
        do {
            try await appservice.intent(for: speaker).sendMessage(
                event.roomID, content: MatrixContent.message(text, msgtype: "m.notice", replyTo: event.eventID),
                txnID: ReplyTxnID.make(from: speaker, answering: event.eventID, purpose: "unreadable"))
        } catch {
            logger.warning("could not tell the sender their message was unreadable",
                           metadata: ["event_id": "\(event.eventID)", "error": "\(error)"])
        }
    }

    private func handleDecrypted(_ event: ClientEvent, from encrypted: ClientEvent) async {
        logger.info("decrypted event", metadata: ["event_id": "\(event.eventID)", "room_id": "\(event.roomID)", "type": "\(event.type)"])
        // A device below `send` gets a notice instead of an answer (see MatrixBridge+DeviceTrust).
        guard await senderDevicePasses(encrypted) else { return }
        // An encrypted event inside an encrypted event is not something a client sends.
        guard event.type != "m.room.encrypted" else { return }
        // Handled like a plain event; answers are encrypted by the agent's device on the way out (Intent).
        await route(event, decrypted: true)
    }

    /// The event types a user sends encrypted in an encrypted room, which the bridge acts on.
    static func plaintextInEncryptedRoomMatters(_ event: ClientEvent, ours: Bool) -> Bool {
        !ours && event.stateKey == nil && (event.type == "m.room.message" || event.type == "m.reaction")
    }

    /// A plaintext message or reaction in an encrypted room: dropped. With `encryption.require` the sender is
    /// told (encrypted, like everything sent there), since a client that sends plaintext there is misconfigured.
    func dropPlaintext(_ event: ClientEvent) async {
        logger.warning("plaintext event in an encrypted room dropped", metadata: [
            "event_id": "\(event.eventID)", "room_id": "\(event.roomID)", "sender": "\(event.sender)", "type": "\(event.type)",
        ])
        guard requireEncryption, event.type == "m.room.message", event.content["msgtype"]?.stringValue != "m.notice",
              permissions.level(of: event.sender) >= .user, let speaker = await speaker(in: event.roomID)
        else { return }
        do {
            try await appservice.intent(for: speaker).sendMessage(
                event.roomID, content: MatrixContent.message(Self.plaintextDroppedText, msgtype: "m.notice", replyTo: event.eventID),
                txnID: ReplyTxnID.make(from: speaker, answering: event.eventID, purpose: "plaintext-dropped"))
        } catch {
            logger.warning("could not tell the sender their plaintext message was dropped",
                           metadata: ["event_id": "\(event.eventID)", "error": "\(error)"])
        }
    }

    static let plaintextDroppedText = "⚠️ Your message was not encrypted, but this room is, so I ignored it "
        + "(encryption.require). Check that your client encrypts in this room, then send it again."

    /// Who speaks for the agents in a room: the main agent if present, else the first agent by user id.
    func speaker(in room: RoomID) async -> UserID? {
        var agents: [UserID] = []
        for user in (try? await appservice.state.joinedMembers(room: room)) ?? [] where appservice.isOurs(user) {
            if await presence.agent(of: user) != nil { agents.append(user) }
        }
        return agents.first(where: { $0 == appservice.botUserID }) ?? agents.sorted(by: { $0.rawValue < $1.rawValue }).first
    }
}

extension MatrixBridge {
    static let encryptionRequiredText = "This Troupe only talks in end-to-end encrypted rooms (encryption.require). "
        + "Turn on encryption in the room's settings, or invite me to an encrypted room."

    /// Whether an invite's stripped room state shows an unencrypted room. Without stripped state we cannot
    /// tell; the room is checked again after joining.
    static func invitedToUnencryptedRoom(_ invite: ClientEvent) -> Bool {
        guard let state = invite.unsigned?["invite_room_state"]?.arrayValue, !state.isEmpty else { return false }
        return !state.contains { $0["type"]?.stringValue == "m.room.encryption" }
    }
}
