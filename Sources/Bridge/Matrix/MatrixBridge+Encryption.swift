import Foundation
import Logging
import MatrixAppService
import MatrixCrypto

/// Encrypted rooms: the dispatcher's decrypt stage hands the bridge plaintext (`handleDecrypted`) or the reason
/// there is none (`handleUndecryptable`); the bridge acts on the one and tells the sender about the other.
extension MatrixBridge {
    public func handleDecrypted(_ event: DecryptedEvent) async {
        // Handled like a plain event; answers are encrypted by the agent's device on the way out (Intent).
        await route(event.event, decrypted: true)
    }

    public func handleUndecryptable(_ undecryptable: UndecryptableEvent) async {
        let event = undecryptable.event
        guard !appservice.isOurs(event.sender) else { return }
        switch undecryptable.reason {
        case .encryptionOff:
            await tellEncryptionOff(event)
        case .senderDeviceBelowLevel(let device, let trust, let required, let changed):
            // A device below `send` gets a notice instead of an answer (see MatrixBridge+DeviceTrust).
            await tellDeviceBelowLevel(event, device: device, trust: trust, required: required, masterKeyChanged: changed)
        case let reason:
            await tellUnreadable(event, because: reason)
        }
    }

    /// Tells the sender, as an agent in the room (the main agent first), that their message could not be read
    /// and what to do. The notice is encrypted like everything else sent into the room.
    private func tellUnreadable(_ event: ClientEvent, because reason: UndecryptableReason) async {
        guard permissions.level(of: event.sender) >= .user, let speaker = await speaker(in: event.roomID) else { return }
        let device = await crypto?.machine(for: speaker)?.owner.device.rawValue ?? "?"
        let localizer = await router.text(for: .matrix(event.roomID))
        let text: String
        switch reason {
        case .keyNeverArrived:
            text = localizer.unreadableNoKeys(device: device)
        default:
            text = localizer.unreadable(reason: "\(reason)", device: device)
        }
        do {
            try await appservice.intent(for: speaker).sendMessage(
                event.roomID, content: MatrixContent.message(text, msgtype: .notice, replyTo: event.eventID),
                txnID: ReplyTxnID.make(from: speaker, answering: event.eventID, purpose: "unreadable"))
        } catch {
            logger.warning("could not tell the sender their message was unreadable",
                           metadata: ["event_id": "\(event.eventID)", "error": "\(error)"])
        }
    }

    /// The event types a user sends encrypted in an encrypted room, which the bridge acts on.
    static func plaintextInEncryptedRoomMatters(_ event: ClientEvent, ours: Bool) -> Bool {
        !ours && event.stateKey == nil && (event.eventType == .message || event.eventType == .reaction)
    }

    /// A plaintext message or reaction in an encrypted room: dropped. With `encryption.require` the sender is
    /// told (encrypted, like everything sent there), since a client that sends plaintext there is misconfigured.
    func dropPlaintext(_ event: ClientEvent) async {
        logger.warning("plaintext event in an encrypted room dropped", metadata: [
            "event_id": "\(event.eventID)", "room_id": "\(event.roomID)", "sender": "\(event.sender)", "type": "\(event.type)",
        ])
        guard requireEncryption, event.eventType == .message, event.messageContent?.msgtype != .notice,
              permissions.level(of: event.sender) >= .user, let speaker = await speaker(in: event.roomID)
        else { return }
        do {
            try await appservice.intent(for: speaker).sendMessage(
                event.roomID, content: MatrixContent.message(await router.text(for: .matrix(event.roomID)).plaintextDropped, msgtype: .notice,
                                                             replyTo: event.eventID),
                txnID: ReplyTxnID.make(from: speaker, answering: event.eventID, purpose: "plaintext-dropped"))
        } catch {
            logger.warning("could not tell the sender their plaintext message was dropped",
                           metadata: ["event_id": "\(event.eventID)", "error": "\(error)"])
        }
    }

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
    /// Whether an invite's stripped room state shows an unencrypted room. Without stripped state we cannot
    /// tell; the room is checked again after joining.
    static func invitedToUnencryptedRoom(_ invite: ClientEvent) -> Bool {
        guard let state = invite.unsigned?["invite_room_state"]?.arrayValue, !state.isEmpty else { return false }
        return !state.contains { $0["type"]?.stringValue == EventType.encryption.rawValue }
    }
}
