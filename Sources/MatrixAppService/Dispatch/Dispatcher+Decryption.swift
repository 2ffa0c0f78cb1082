import Logging

/// The decrypt stage: a timeline `m.room.encrypted` event goes through the `RoomEventDecryptor` and reaches the
/// handlers as plaintext (`handleDecrypted`) or as the reason it cannot (`handleUndecryptable`), never as
/// ciphertext. To-device events (the keys) were handled earlier in the same transaction, so a key that arrives
/// with its event is already stored.
extension Dispatcher {
    static let encryptedType = "m.room.encrypted"

    func decryptStage(_ event: ClientEvent, decryptor: (any RoomEventDecryptor)?, handlers: [any TransactionHandler],
                      metrics: IngestMetrics) async {
        guard let decryptor else {
            await Self.deliver(.undecryptable(.encryptionOff), of: event, to: handlers, logger: logger, metrics: metrics)
            return
        }
        await markEncrypted(event)
        let result = await decryptor.decryptRoomEvent(event)
        guard case .waitingForKey = result else {
            await Self.deliver(result, of: event, to: handlers, logger: logger, metrics: metrics)
            return
        }
        logger.info("waiting for the room key", metadata: Self.fields(event))
        // The key comes in a later transaction, which this dispatcher handles only after this one: wait off its
        // path. The decryptor bounds how many events wait at once.
        let logger = logger
        Task {
            let late = await decryptor.decryptRoomEventWaitingForKey(event)
            await Self.deliver(late, of: event, to: handlers, logger: logger, metrics: metrics)
        }
    }

    /// An encrypted event proves the room is encrypted, whatever the state store knew: answers must be too.
    private func markEncrypted(_ event: ClientEvent) async {
        guard (try? await state.isEncrypted(room: event.roomID)) != true else { return }
        let algorithm = event.content["algorithm"]?.stringValue ?? CryptoAlgorithm.megolm
        do {
            try await state.setState(room: event.roomID, type: "m.room.encryption", stateKey: "", content: ["algorithm": .string(algorithm)])
        } catch {
            logger.warning("could not mark the room encrypted", metadata: Self.fields(event).merging(["error": "\(error)"]) { $1 })
        }
    }

    private static func deliver(_ result: RoomEventDecryption, of event: ClientEvent, to handlers: [any TransactionHandler],
                                logger: Logger, metrics: IngestMetrics) async {
        var fields = fields(event)
        switch result {
        case .decrypted(let decrypted):
            fields["type"] = "\(decrypted.event.type)"
            logger.info("decrypted event", metadata: fields)
            for handler in handlers { await handler.handleDecrypted(decrypted) }
        case .undecryptable(let reason):
            fields["reason"] = "\(reason)"
            metrics.decryptFailed(reason)
            switch reason {
            case .encryptionOff:
                logger.warning("encrypted event ignored: encryption is off; set encryption.allow: true in the config to read it",
                               metadata: fields)
            case .senderDeviceBelowLevel:
                logger.info("decrypted event from a device below the send level", metadata: fields)
            case .keyNeverArrived:
                logger.error("the room key never arrived, not even after a key request; the message cannot be read", metadata: fields)
            default:
                logger.error("could not decrypt event", metadata: fields)
            }
            for handler in handlers { await handler.handleUndecryptable(UndecryptableEvent(event: event, reason: reason)) }
        case .waitingForKey:
            // A decryptor that is still waiting after `decryptRoomEventWaitingForKey` has given up on the key.
            await deliver(.undecryptable(.keyNeverArrived), of: event, to: handlers, logger: logger, metrics: metrics)
        case .ignored(let why):
            fields["why"] = "\(why)"
            logger.debug("encrypted event not handed over", metadata: fields)
        }
    }

    private static func fields(_ event: ClientEvent) -> Logger.Metadata {
        ["event_id": "\(event.eventID)", "room_id": "\(event.roomID)", "sender": "\(event.sender)"]
    }
}
