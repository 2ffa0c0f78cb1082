import Foundation
import GRDB
import MatrixAppService

public enum CrossSigningSchema {
    /// Named apart from `crypto.vN` so it never collides with the other crypto migrations.
    public static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("crypto.cross_signing.v1") { db in
            try db.create(table: "crypto_cross_signing_own") { t in
                t.primaryKey("user_id", .text)
                t.column("sealed_seeds", .text).notNull()
                t.column("master", .text).notNull()
                t.column("published", .boolean).notNull().defaults(to: false)
                t.column("signed_device_id", .text)
                t.column("signed_device_key", .text)
                t.column("updated_at", .double).notNull()
            }
            try db.create(table: "crypto_cross_signing_known") { t in
                t.primaryKey("user_id", .text)
                t.column("pinned_master", .text).notNull()
                t.column("current_master", .text).notNull()
                t.column("self_signing", .text)
                t.column("updated_at", .double).notNull()
            }
        }
    }
}

extension SQLiteCryptoStore {
    public func ownCrossSigning(_ user: UserID) async throws -> StoredCrossSigningIdentity? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM crypto_cross_signing_own WHERE user_id = ?", arguments: [user.rawValue]).map {
                StoredCrossSigningIdentity(
                    user: user, sealedSeeds: $0["sealed_seeds"], master: Ed25519Key($0["master"]), published: $0["published"],
                    signedDevice: ($0["signed_device_id"] as String?).map(DeviceID.init),
                    signedDeviceKey: ($0["signed_device_key"] as String?).map(Ed25519Key.init))
            }
        }
    }

    public func saveOwnCrossSigning(_ identity: StoredCrossSigningIdentity) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO crypto_cross_signing_own (user_id, sealed_seeds, master, published, signed_device_id, signed_device_key,
                    updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET sealed_seeds = excluded.sealed_seeds, master = excluded.master,
                    published = excluded.published, signed_device_id = excluded.signed_device_id,
                    signed_device_key = excluded.signed_device_key, updated_at = excluded.updated_at
                """, arguments: [identity.user.rawValue, identity.sealedSeeds, identity.master.rawValue, identity.published,
                                 identity.signedDevice?.rawValue, identity.signedDeviceKey?.rawValue, Date().timeIntervalSince1970])
        }
    }

    public func knownCrossSigning(_ user: UserID) async throws -> KnownCrossSigningKeys? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM crypto_cross_signing_known WHERE user_id = ?", arguments: [user.rawValue]).map {
                KnownCrossSigningKeys(user: user, pinnedMaster: Ed25519Key($0["pinned_master"]),
                                      currentMaster: Ed25519Key($0["current_master"]),
                                      selfSigning: ($0["self_signing"] as String?).map(Ed25519Key.init))
            }
        }
    }

    public func saveKnownCrossSigning(_ keys: KnownCrossSigningKeys) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO crypto_cross_signing_known (user_id, pinned_master, current_master, self_signing, updated_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET pinned_master = excluded.pinned_master, current_master = excluded.current_master,
                    self_signing = excluded.self_signing, updated_at = excluded.updated_at
                """, arguments: [keys.user.rawValue, keys.pinnedMaster.rawValue, keys.currentMaster.rawValue, keys.selfSigning?.rawValue,
                                 Date().timeIntervalSince1970])
        }
    }
}
