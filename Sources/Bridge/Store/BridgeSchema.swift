import GRDB

/// Tables the bridge owns: which room is each agent's own, and which events our users sent (so a
/// reply to one of them addresses that agent).
public enum BridgeSchema {
    public static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("bridge.v1") { db in
            try db.create(table: "bridge_agent_room") { t in
                t.primaryKey("agent", .text)
                t.column("room_id", .text).notNull()
                t.column("created_at", .double).notNull()
            }
            try db.create(table: "bridge_sent_event") { t in
                t.primaryKey("event_id", .text)
                t.column("room_id", .text).notNull()
                t.column("agent", .text).notNull()
                t.column("sent_at", .double).notNull()
            }
        }
        migrator.registerMigration("bridge.v2") { db in
            // `!session`: named side conversations per chat.
            try db.create(table: "bridge_named_session") { t in
                t.column("chat", .text).notNull()
                t.column("name", .text).notNull()
                t.column("agent", .text).notNull()
                t.column("created_at", .double).notNull()
                t.primaryKey(["chat", "name"])
            }
        }
    }
}
