import Foundation
import Logging
import MatrixAppService
import MatrixCrypto

/// Notices about devices and encryption, sent where the reader could not decrypt an encrypted answer:
/// a message from a device below `encryption.verification_levels.send`, and encrypted messages while
/// encryption is off.
extension MatrixBridge {
    /// The message came from a device below `send`: not acted on. The sender gets a notice saying which device,
    /// why, and how to fix it.
    func tellDeviceBelowLevel(_ encrypted: ClientEvent, device: DeviceID?, trust: TrustLevel, required level: TrustLevel,
                              masterKeyChanged changed: Bool) async {
        logger.warning("message from a device below the send level ignored", metadata: [
            "event_id": "\(encrypted.eventID)", "room_id": "\(encrypted.roomID)", "sender": "\(encrypted.sender)",
            "device_id": "\(device?.rawValue ?? "unknown")", "trust": "\(trust)", "send": "\(level)", "master_key_changed": "\(changed)",
        ])
        guard permissions.level(of: encrypted.sender) >= .user else { return }
        let text = Self.insecureDeviceText(sender: encrypted.sender, device: device, trust: trust, masterKeyChanged: changed, level: level,
                                           prefix: transport.commandPrefix, text: await router.text(for: .matrix(encrypted.roomID)))
        await sendPlainNotice(text, in: encrypted.roomID, replyTo: encrypted.eventID, purpose: "insecure-device")
    }

    static func insecureDeviceText(sender: UserID, device: DeviceID?, trust: TrustLevel, masterKeyChanged: Bool, level: TrustLevel,
                                   prefix: String = CommandSettings.defaultPrefix, text: Localizer = Localizer()) -> String
    {
        text.insecureDevice(device: device?.rawValue, trust: "\(trust)", level: "\(level)", identityChanged: masterKeyChanged,
                            trustCommand: "\(prefix)crypto trust \(sender.rawValue)")
    }

    /// One plaintext notice per room (per run) when someone writes encrypted while encryption is off: without
    /// it the sender would see only silence.
    func tellEncryptionOff(_ event: ClientEvent) async {
        guard permissions.level(of: event.sender) >= .user, await encryptionOffNotices.firstTime(event.roomID) else { return }
        await sendPlainNotice(await router.text(for: .matrix(event.roomID)).encryptionOffNotice,
                              in: event.roomID, replyTo: event.eventID, purpose: "encryption-off")
    }

    /// Sends Troupe's own words unencrypted: the reader could not decrypt anything we encrypt for them.
    private func sendPlainNotice(_ text: String, in room: RoomID, replyTo event: EventID, purpose: String) async {
        guard let speaker = await speaker(in: room) else { return }
        do {
            try await appservice.intent(for: speaker).sendUnencryptedNotice(
                room, text, replyTo: event, txnID: ReplyTxnID.make(from: speaker, answering: event, purpose: purpose))
        } catch {
            logger.warning("could not send a notice", metadata: ["room_id": "\(room)", "purpose": "\(purpose)", "error": "\(error)"])
        }
    }
}

/// Rooms that already got the "encryption is off" notice in this run.
actor RoomsNoticed {
    private var rooms: Set<RoomID> = []

    /// True the first time a room is named.
    func firstTime(_ room: RoomID) -> Bool { rooms.insert(room).inserted }
}
