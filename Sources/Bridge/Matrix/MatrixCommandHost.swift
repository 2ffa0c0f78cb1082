import Agents
import MatrixAppService
import MatrixCrypto

/// The Matrix side of the commands: agent users, their rooms, membership.
struct MatrixCommandHost: CommandHost {
    let runtime: AgentRuntime
    let appservice: AppService
    let presence: AgentPresence
    let crypto: CryptoHandler?

    func cryptoStatus() async -> String {
        guard let crypto else { return "Encryption is off (`encryption.allow: false`)." }
        let devices = await crypto.summaries()
        guard !devices.isEmpty else { return "No agent device is set up yet." }
        var lines: [String] = []
        for device in devices {
            let keys = device.identityKeys.map { "curve25519 `\($0.curve25519)`, ed25519 `\($0.ed25519)`" } ?? "no keys"
            let otks = device.oneTimeKeys.map(String.init) ?? "not reported yet"
            let master = await crypto.machine(for: device.owner.user)?.crossSigningMasterKey()
            let signing = master.map { "cross-signed, master key `\($0)`" } ?? "not cross-signed"
            lines.append("- **\(device.owner.user)** device `\(device.owner.device)` (\(device.ready ? "ready" : "not ready")): \(keys); "
                + "one-time keys: \(otks); \(signing)")
        }
        return lines.joined(separator: "\n")
    }

    func trustIdentity(of user: String) async -> String {
        guard let crypto else { return "Encryption is off (`encryption.allow: false`)." }
        let id = UserID(user)
        guard id.isValid else { return "Not a user id: \(user)" }
        do {
            return try await crypto.trustCurrentMasterKey(of: id)
                ? "The current cross-signing identity of \(id) is trusted now; their cross-signed devices get keys again."
                : "I know no cross-signing keys of \(id)."
        } catch {
            return "Could not update the trust in \(id): \(error)"
        }
    }

    func agentAdded(_ name: String, requester: String) async throws -> String {
        // The device first: the agent's own room may be encrypted from its first message.
        if let crypto { await CryptoStartup.setUp(name, handler: crypto, presence: presence, logger: presence.logger) }
        let room = try await presence.ensure(name, inviting: [UserID(requester)])
        return "Added **\(name)** as \(presence.userID(of: name)). It invited you to its room (\(room))."
    }

    func agentRemoved(_ name: String, purge: Bool) async throws -> String {
        let user = presence.userID(of: name)
        let intent = appservice.intent(for: user)
        let rooms = try await appservice.state.rooms(of: user, in: [.join, .invite])
        for room in rooms { try? await intent.leave(room, reason: "The agent was removed.") }
        try await presence.store.forgetRoom(ofAgent: name)
        return "Removed **\(name)**; it left \(rooms.count) room\(rooms.count == 1 ? "" : "s")."
            + (purge ? " Its history is deleted." : " Its history is kept.")
    }

    func whereabouts() async -> [String: [String]] {
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

    func leave(agent: String, chat: String) async throws -> String {
        guard let room = ChatAddress(stored: chat)?.matrixRoom else { return "This is no Matrix room." }
        let intent = appservice.intent(for: presence.userID(of: agent))
        try await intent.leave(room, reason: "Asked to leave with !leave.")
        try? await intent.forget(room)
        if try await presence.store.agent(owningRoom: room) == agent { try await presence.store.forgetRoom(ofAgent: agent) }
        return "Goodbye."
    }
}
