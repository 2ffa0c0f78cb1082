import Logging
import MatrixAppService

/// The dispatcher's decrypt stage (`RoomEventDecryptor`): whichever agent device holds an event's room key
/// decrypts it, and the device that sent it must pass `encryption.verification_levels.send`.
extension CryptoHandler {
    public func decryptRoomEvent(_ event: ClientEvent) async -> RoomEventDecryption {
        // Our own users' events: nobody acts on them, and decrypting them would only record message indexes.
        guard !isOurs(event.sender) else { return .ignored("sent by one of our users") }
        return await decrypt(event)
    }

    public func decryptRoomEventWaitingForKey(_ event: ClientEvent) async -> RoomEventDecryption {
        switch await decryptWaitingForKey(event, wait: keyWait) {
        case .waitingForKey: .undecryptable(.keyNeverArrived)
        case let result: result
        }
    }

    /// Decrypts a room `m.room.encrypted` event with whichever of our devices holds its key, now.
    public func decrypt(_ event: ClientEvent) async -> RoomEventDecryption {
        var lastError: (any Error)?
        for machine in machines.values where await machine.hasRoomKey(for: event) {
            do {
                return await checked(try await machine.decryptRoomEvent(event), from: event, by: machine)
            } catch let error as CryptoError where error.condemnsEvent {
                // A replay (or forged sender or room) stays refused: another device must not give it a second chance.
                return .undecryptable(Self.reason(error))
            } catch {
                lastError = error
            }
        }
        if let lastError { return .undecryptable(Self.reason(lastError)) }
        // No key anywhere: a withheld notice explains why, else the key may still be on its way.
        for machine in machines.values {
            do {
                _ = try await machine.decryptRoomEvent(event)
            } catch let error as CryptoError {
                switch error {
                case .missingRoomKey, .notSetUp: continue
                default: return .undecryptable(Self.reason(error))
                }
            } catch {
                return .undecryptable(Self.reason(error))
            }
        }
        return .waitingForKey
    }

    /// The plaintext counts only when the sending device passes `send`; a failed check rejects, so an unknown
    /// sender is not let through.
    private func checked(_ plaintext: ClientEvent, from encrypted: ClientEvent, by machine: OlmMachine) async -> RoomEventDecryption {
        let verdict: SenderVerdict
        do {
            verdict = try await machine.senderVerdict(for: encrypted)
        } catch {
            logger.warning("could not check the sending device's trust", metadata: ["event_id": "\(encrypted.eventID)", "error": "\(error)"])
            verdict = .rejected(device: nil, trust: .unverified, masterKeyChanged: false)
        }
        let level = await machine.verificationLevels.send
        if case .rejected(let device, let trust, let changed) = verdict {
            return .undecryptable(.senderDeviceBelowLevel(device: device, trust: trust, required: level, masterKeyChanged: changed))
        }
        // An encrypted event inside an encrypted event is not something a client sends.
        guard plaintext.type != "m.room.encrypted" else { return .ignored("an encrypted event inside an encrypted event") }
        return .decrypted(DecryptedEvent(event: plaintext, encrypted: encrypted,
                                         senderDevice: encrypted.content["device_id"]?.stringValue.map(DeviceID.init), passedLevel: level))
    }

    static func reason(_ error: any Error) -> UndecryptableReason {
        switch error as? CryptoError {
        case .withheld(let code, let reason): .withheld(code: code, reason: reason)
        case .replayed(_, let first): .replayed(firstEvent: first)
        default: .failed("\(error)")
        }
    }

    /// Asks the event's sender for its room key, as one of our devices (one that is set up).
    public func requestKey(for event: ClientEvent) async {
        for machine in machines.values.sorted(by: { $0.owner.user.rawValue < $1.owner.user.rawValue }) where await machine.isReady {
            do {
                try await machine.requestRoomKey(for: event)
            } catch {
                logger.warning("room key request failed", metadata: ["event_id": "\(event.eventID)", "error": "\(error)"])
            }
            return
        }
    }

    /// Decrypts an event whose key has not arrived: waits up to `wait`, asks the sender for the key, waits
    /// again. At most `maxKeyWaits` events wait at once; beyond that an event fails at once.
    public func decryptWaitingForKey(_ event: ClientEvent, wait: Duration) async -> RoomEventDecryption {
        guard keyWaits < maxKeyWaits else { return .undecryptable(.tooManyWaiting(limit: maxKeyWaits)) }
        keyWaits += 1
        defer { keyWaits -= 1 }
        var result = await decrypt(event, waitingUpTo: wait)
        if case .waitingForKey = result {
            await requestKey(for: event)
            result = await decrypt(event, waitingUpTo: wait)
        }
        return result
    }

    /// Decrypts, waiting up to `timeout` for the key to arrive. Call it off the dispatcher's path: the key
    /// comes in a later transaction, which the dispatcher handles only after the current one.
    public func decrypt(_ event: ClientEvent, waitingUpTo timeout: Duration, pollEvery interval: Duration = .milliseconds(250))
        async -> RoomEventDecryption
    {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let result = await decrypt(event)
            guard case .waitingForKey = result, clock.now < deadline else { return result }
            try? await Task.sleep(for: interval)
        }
    }
}
