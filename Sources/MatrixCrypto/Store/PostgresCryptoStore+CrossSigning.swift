import Foundation
import MatrixAppService
import PostgresNIO

/// Our users' cross-signing identities and the ones we pinned for others, on PostgreSQL.
extension PostgresCryptoStore {
    public func ownCrossSigning(_ user: UserID) async throws -> StoredCrossSigningIdentity? {
        try await rows("""
            SELECT sealed_seeds, master, published, signed_device_id, signed_device_key FROM crypto_cross_signing_own
            WHERE user_id = \(user.rawValue)
            """).first.map {
            let (seeds, master, published, device, deviceKey) = try $0.decode((String, String, Bool, String?, String?).self)
            return StoredCrossSigningIdentity(user: user, sealedSeeds: seeds, master: Ed25519Key(master), published: published,
                                              signedDevice: device.map(DeviceID.init), signedDeviceKey: deviceKey.map(Ed25519Key.init))
        }
    }

    public func saveOwnCrossSigning(_ identity: StoredCrossSigningIdentity) async throws {
        try await database.execute("""
            INSERT INTO crypto_cross_signing_own (user_id, sealed_seeds, master, published, signed_device_id, signed_device_key, updated_at)
            VALUES (\(identity.user.rawValue), \(identity.sealedSeeds), \(identity.master.rawValue), \(identity.published),
                    \(identity.signedDevice?.rawValue), \(identity.signedDeviceKey?.rawValue), \(Self.now))
            ON CONFLICT (user_id) DO UPDATE SET sealed_seeds = excluded.sealed_seeds, master = excluded.master,
                published = excluded.published, signed_device_id = excluded.signed_device_id,
                signed_device_key = excluded.signed_device_key, updated_at = excluded.updated_at
            """)
    }

    public func knownCrossSigning(_ user: UserID) async throws -> KnownCrossSigningKeys? {
        try await rows("""
            SELECT pinned_master, current_master, self_signing FROM crypto_cross_signing_known WHERE user_id = \(user.rawValue)
            """).first.map {
            let (pinned, current, selfSigning) = try $0.decode((String, String, String?).self)
            return KnownCrossSigningKeys(user: user, pinnedMaster: Ed25519Key(pinned), currentMaster: Ed25519Key(current),
                                         selfSigning: selfSigning.map(Ed25519Key.init))
        }
    }

    public func saveKnownCrossSigning(_ keys: KnownCrossSigningKeys) async throws {
        try await database.execute("""
            INSERT INTO crypto_cross_signing_known (user_id, pinned_master, current_master, self_signing, updated_at)
            VALUES (\(keys.user.rawValue), \(keys.pinnedMaster.rawValue), \(keys.currentMaster.rawValue), \(keys.selfSigning?.rawValue),
                    \(Self.now))
            ON CONFLICT (user_id) DO UPDATE SET pinned_master = excluded.pinned_master, current_master = excluded.current_master,
                self_signing = excluded.self_signing, updated_at = excluded.updated_at
            """)
    }
}
