import Agents
import MatrixAppService
import MatrixCrypto

/// The Matrix side of the commands: agent users, their rooms, membership.
struct MatrixCommandHost: CommandHost {
    let runtime: AgentRuntime
    let appservice: AppService
    let presence: AgentPresence
    let crypto: CryptoHandler?

    func cryptoStatus(text: Localizer) async -> String {
        guard let crypto else { return text.encryptionOff }
        let devices = await crypto.summaries()
        guard !devices.isEmpty else { return text.cryptoNoDevice }
        var lines: [String] = []
        for device in devices {
            let keys = device.identityKeys.map { text.cryptoKeys(curve25519: "\($0.curve25519)", ed25519: "\($0.ed25519)") } ?? text.cryptoNoKeys
            let otks = device.oneTimeKeys.map(String.init) ?? text.cryptoNotReported
            let master = await crypto.machine(for: device.owner.user)?.crossSigningMasterKey()
            lines.append(text.cryptoDeviceLine(user: "\(device.owner.user)", device: "\(device.owner.device)", ready: device.ready, keys: keys,
                                               oneTimeKeys: otks, signing: text.cryptoSigning(masterKey: master.map { "\($0)" })))
        }
        return lines.joined(separator: "\n")
    }

    func trustIdentity(of user: String, text: Localizer) async -> String {
        guard let crypto else { return text.encryptionOff }
        let id = UserID(user)
        guard id.isValid else { return text.notAUserID(user) }
        do {
            return try await crypto.trustCurrentMasterKey(of: id) ? text.identityTrusted(id.rawValue) : text.identityUnknown(id.rawValue)
        } catch {
            return text.identityTrustFailed(id.rawValue, error: "\(error)")
        }
    }

    func agentAdded(_ name: String, requester: String, text: Localizer) async throws -> String {
        // The device first: the agent's own room may be encrypted from its first message.
        if let crypto { await CryptoStartup.setUp(name, handler: crypto, presence: presence, logger: presence.logger) }
        let room = try await presence.ensure(name, inviting: [UserID(requester)])
        return text.matrixAgentAdded(name, user: presence.userID(of: name).rawValue, room: room.rawValue)
    }

    func agentRemoved(_ name: String, purge: Bool, text: Localizer) async throws -> String {
        let user = presence.userID(of: name)
        let intent = appservice.intent(for: user)
        let rooms = try await appservice.state.rooms(of: user, in: [.join, .invite])
        for room in rooms { try? await intent.leave(room, reason: text.leaveAgentRemoved) }
        try await presence.store.forgetRoom(ofAgent: name)
        return text.agentRemoved(name, rooms: rooms.count, purge: purge)
    }

    func whereabouts(text: Localizer) async -> [String: [String]] {
        var result: [String: [String]] = [:]
        for agent in await runtime.agents().keys {
            let user = presence.userID(of: agent)
            let rooms = (try? await appservice.state.rooms(of: user, in: [.join])) ?? []
            var names: [String] = []
            for room in rooms {
                let name = try? await appservice.state.state(room: room, type: EventType.name.rawValue, stateKey: "")?["name"]?.stringValue
                names.append(name.flatMap { $0 }.map { "\($0) (\(room))" } ?? room.rawValue)
            }
            result[agent] = names
        }
        return result
    }

    func leave(agent: String, chat: String, text: Localizer) async throws -> String {
        guard let room = ChatAddress(stored: chat)?.matrixRoom else { return text.notAMatrixRoom }
        let intent = appservice.intent(for: presence.userID(of: agent))
        try await intent.leave(room, reason: text.leaveAsked(presence.commandPrefix + "leave"))
        try? await intent.forget(room)
        if try await presence.store.agent(owningRoom: room) == agent { try await presence.store.forgetRoom(ofAgent: agent) }
        return text.goodbye
    }
}
