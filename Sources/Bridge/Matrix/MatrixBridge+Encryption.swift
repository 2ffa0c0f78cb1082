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
            Task {
                var result = await crypto.decrypt(event, waitingUpTo: Self.roomKeyWait)
                if case .waitingForKey = result {
                    await crypto.requestKey(for: event)
                    result = await crypto.decrypt(event, waitingUpTo: Self.roomKeyWait)
                }
                switch result {
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
        guard permissions.level(of: event.sender) >= .user, let speaker = await noticeSpeaker(in: event.roomID) else { return }
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
        await handleTimeline(event)
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
