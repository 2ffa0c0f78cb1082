import Foundation
import GRDB
import MatrixAppService

/// The crypto machine's tables (`crypto_*`). Every libolm object is stored as a pickle encrypted under the
/// config's pickle key; nothing secret is stored in the clear.
///
/// "Owner" columns (`user_id`, `device_id`) name the agent device the row belongs to: each agent user has
/// its own device, account and sessions.
public enum CryptoSchema {
    public static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("crypto.v1") { db in
            // One olm account per agent device. `published` turns true once the keys of the first
            // `/keys/upload` were accepted: an unpublished account was saved before its upload.
            try db.create(table: "crypto_account") { t in
                t.column("user_id", .text).notNull()
                t.column("device_id", .text).notNull()
                t.column("pickle", .text).notNull()
                t.column("published", .boolean).notNull().defaults(to: false)
                t.column("updated_at", .double).notNull()
                t.primaryKey(["user_id", "device_id"])
            }
            try db.create(table: "crypto_olm_session") { t in
                t.column("user_id", .text).notNull()
                t.column("device_id", .text).notNull()
                t.column("sender_key", .text).notNull()
                t.column("session_id", .text).notNull()
                t.column("pickle", .text).notNull()
                t.column("last_used_at", .double).notNull()
                t.primaryKey(["user_id", "device_id", "sender_key", "session_id"])
            }
            try db.create(table: "crypto_inbound_group_session") { t in
                t.column("user_id", .text).notNull()
                t.column("device_id", .text).notNull()
                t.column("room_id", .text).notNull()
                t.column("session_id", .text).notNull()
                t.column("sender_key", .text).notNull()
                t.column("signing_key", .text)
                t.column("pickle", .text).notNull()
                t.column("first_known_index", .integer).notNull()
                t.column("received_at", .double).notNull()
                t.primaryKey(["user_id", "device_id", "room_id", "session_id"])
            }
            try db.create(table: "crypto_outbound_group_session") { t in
                t.column("user_id", .text).notNull()
                t.column("device_id", .text).notNull()
                t.column("room_id", .text).notNull()
                t.column("session_id", .text).notNull()
                t.column("pickle", .text).notNull()
                t.column("created_at", .double).notNull()
                t.column("message_count", .integer).notNull().defaults(to: 0)
                t.primaryKey(["user_id", "device_id", "room_id"])
            }
            // `m.room_key.withheld`: why a sender will not give us a session's key.
            try db.create(table: "crypto_withheld") { t in
                t.column("user_id", .text).notNull()
                t.column("device_id", .text).notNull()
                t.column("room_id", .text).notNull()
                t.column("session_id", .text).notNull()
                t.column("sender_key", .text).notNull()
                t.column("code", .text).notNull()
                t.column("reason", .text)
                t.column("received_at", .double).notNull()
                t.primaryKey(["user_id", "device_id", "room_id", "session_id"])
            }
            // Megolm replay protection: one (session, index) belongs to one event.
            try db.create(table: "crypto_message_index") { t in
                t.column("user_id", .text).notNull()
                t.column("device_id", .text).notNull()
                t.column("session_id", .text).notNull()
                t.column("sender_key", .text).notNull()
                t.column("message_index", .integer).notNull()
                t.column("event_id", .text).notNull()
                t.column("origin_server_ts", .integer).notNull()
                t.primaryKey(["user_id", "device_id", "session_id", "sender_key", "message_index"])
            }
            // Olm ciphertexts already decrypted (a replayed to-device message must not be handled twice).
            try db.create(table: "crypto_olm_hash") { t in
                t.column("user_id", .text).notNull()
                t.column("device_id", .text).notNull()
                t.column("hash", .text).notNull()
                t.column("seen_at", .double).notNull()
                t.primaryKey(["user_id", "device_id", "hash"])
            }
            // Other users' device keys from /keys/query (kept for outbound encryption and sender checks).
            try db.create(table: "crypto_device_keys") { t in
                t.column("user_id", .text).notNull()
                t.column("device_id", .text).notNull()
                t.column("curve25519", .text).notNull()
                t.column("ed25519", .text).notNull()
                t.column("json", .blob).notNull()
                t.column("updated_at", .double).notNull()
                t.primaryKey(["user_id", "device_id"])
            }
            try db.create(table: "crypto_tracked_user") { t in
                t.primaryKey("user_id", .text)
                t.column("outdated", .boolean).notNull().defaults(to: true)
            }
        }
        migrator.registerMigration("crypto.v2") { db in
            // Which devices got the key of our current megolm session per room, so a restart neither re-sends
            // it to everyone nor forgets who must not get the next one.
            try db.create(table: "crypto_outbound_shared") { t in
                t.column("user_id", .text).notNull()
                t.column("device_id", .text).notNull()
                t.column("room_id", .text).notNull()
                t.column("session_id", .text).notNull()
                t.column("target_user_id", .text).notNull()
                t.column("target_device_id", .text).notNull()
                t.column("target_curve25519", .text).notNull()
                t.primaryKey(["user_id", "device_id", "room_id", "session_id", "target_user_id", "target_device_id"])
            }
            // Device lists are shared by all our devices: a user's list is fetched once and kept until
            // `device_lists.changed` names them (`outdated`), or it is a day old.
            try db.alter(table: "crypto_tracked_user") { t in
                t.add(column: "fetched_at", .double).notNull().defaults(to: 0)
            }
        }
        migrator.registerMigration("crypto.v3") { db in
            // Who shared an inbound session (the olm sender of its m.room_key, or the forwarder we asked), and who
            // sent a withheld notice: an event is only decrypted with, or explained by, what its own sender gave.
            // Rows from before have none and are not bound.
            try db.alter(table: "crypto_inbound_group_session") { t in t.add(column: "sender_user_id", .text) }
            try db.alter(table: "crypto_withheld") { t in t.add(column: "sender_user_id", .text) }
            // Message indexes are pruned by age (CryptoLimits); rows from before count from now.
            try db.alter(table: "crypto_message_index") { t in t.add(column: "seen_at", .double).notNull().defaults(to: 0) }
            try db.execute(sql: "UPDATE crypto_message_index SET seen_at = ?", arguments: [Date().timeIntervalSince1970])
            // The replay check is global across our devices: one (session, index) belongs to one event for all of them.
            try db.create(index: "crypto_message_index_global", on: "crypto_message_index",
                          columns: ["session_id", "sender_key", "message_index"])
        }
        CrossSigningSchema.registerMigrations(&migrator)
    }
}
