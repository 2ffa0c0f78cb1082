import Foundation
import MatrixAppService
import Testing
@testable import Bridge

/// Telegram mirror portals are created like the agents' rooms: encrypted when the config says rooms Troupe
/// creates are encrypted (`encryption.require`, or `default`, with `allow`).
@Suite struct TelegramPortalTests {
    private func encrypted(_ options: CreateRoomOptions) -> Bool {
        options.initialState.contains { $0.type == "m.room.encryption" && $0.content["algorithm"] == .string(CryptoAlgorithm.megolm) }
    }

    @Test func portalsAreCreatedEncryptedUnderRequire() {
        let require = TroupeConfig.Encryption(allow: true, byDefault: false, require: true, pickleKey: nil)
        let options = TelegramPortals.portalOptions(for: TelegramChatRef(chatID: 42), title: "Carol", owners: ["@admin:localhost"],
                                                    encrypted: require.createsRoomsEncrypted)
        #expect(encrypted(options))
        #expect(options.name == "Telegram · Carol")
        #expect(options.invite == ["@admin:localhost"])
    }

    @Test func portalsStayPlainWithoutEncryption() {
        let off = TroupeConfig.Encryption(allow: false, byDefault: true, require: false, pickleKey: nil)
        #expect(!off.createsRoomsEncrypted)
        #expect(!encrypted(TelegramPortals.portalOptions(for: TelegramChatRef(chatID: 42), title: "Carol", owners: [], encrypted: false)))
        #expect(TroupeConfig.Encryption(allow: true, byDefault: true, require: false, pickleKey: nil).createsRoomsEncrypted)
    }
}
