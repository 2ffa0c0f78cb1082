import GRDB

/// The tables this module owns. The executable opens the database and lets each module register its
/// migrations, so `Agents` and `MatrixAppService` never see each other's schema.
public enum AppServiceSchema {
    public static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("appservice.v1") { db in
            // Transactions as received, before they are acknowledged. `body_hash` scopes the dedup key:
            // Synapse restarts transaction ids at 1 when it restarts, so an id alone is not unique.
            try db.create(table: "appservice_inbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("txn_id", .text).notNull()
                t.column("body_hash", .text).notNull()
                t.column("body", .blob).notNull()
                t.column("received_at", .double).notNull()
                t.column("processed_at", .double)
                t.uniqueKey(["txn_id", "body_hash"])
            }
            try db.create(index: "appservice_inbox_pending", on: "appservice_inbox", columns: ["processed_at", "id"])
            // Timeline events already handed to handlers: the second line of dedup, across transactions.
            try db.create(table: "appservice_seen_event") { t in
                t.primaryKey("event_id", .text)
                t.column("seen_at", .double).notNull()
            }
            try db.create(table: "appservice_user") { t in
                t.primaryKey("user_id", .text)
                t.column("registered_at", .double).notNull()
                t.column("displayname", .text)
                t.column("avatar_url", .text)
            }
            try db.create(table: "appservice_room_member") { t in
                t.column("room_id", .text).notNull()
                t.column("user_id", .text).notNull()
                t.column("membership", .text).notNull()
                t.column("displayname", .text)
                t.primaryKey(["room_id", "user_id"])
            }
            try db.create(index: "appservice_room_member_user", on: "appservice_room_member", columns: ["user_id"])
            // Every other state event we track (power levels, encryption, name, topic, join rules,
            // history visibility), content kept as JSON.
            try db.create(table: "appservice_room_state") { t in
                t.column("room_id", .text).notNull()
                t.column("event_type", .text).notNull()
                t.column("state_key", .text).notNull()
                t.column("content", .blob).notNull()
                t.primaryKey(["room_id", "event_type", "state_key"])
            }
        }
        // How often a stored transaction was read back to be handled: one that never finishes (a crash
        // while handling it, every time) is skipped after `Dispatcher.maxReplays` reads.
        migrator.registerMigration("appservice.v2.inbox-reads") { db in
            try db.alter(table: "appservice_inbox") { t in
                t.add(column: "reads", .integer).notNull().defaults(to: 0)
            }
        }
    }
}
