import GRDB

/// Tables the bridge owns: which room is each agent's own, and which events our users sent (so a
/// reply to one of them addresses that agent); for Telegram, each bot's last processed update, the
/// agent each chat talks to, and each chat's Matrix portal room (`telegram.mirror`); each chat's `!language`.
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
        migrator.registerMigration("bridge.telegram.v1") { db in
            try db.create(table: "bridge_telegram_offset") { t in
                t.primaryKey("bot", .text)
                t.column("update_id", .integer).notNull()
            }
            try db.create(table: "bridge_telegram_chat_agent") { t in
                t.primaryKey("chat", .text)
                t.column("agent", .text).notNull()
                t.column("updated_at", .double).notNull()
            }
        }
        migrator.registerMigration("bridge.telegram.v2") { db in
            try db.create(table: "bridge_telegram_portal") { t in
                t.primaryKey("chat", .text)
                t.column("room_id", .text).notNull()
                t.column("created_at", .double).notNull()
            }
        }
        migrator.registerMigration("bridge.telegram.v3") { db in
            // Supergroups that replaced an allowed group: allowed too, until the config names them.
            try db.create(table: "bridge_telegram_upgraded_group") { t in
                t.primaryKey("chat_id", .integer)
                t.column("from_chat_id", .integer).notNull()
                t.column("created_at", .double).notNull()
            }
        }
        migrator.registerMigration("bridge.delivery.v1") { db in
            // Messages for chats outside any turn, kept until their transport takes them.
            try db.create(table: "bridge_delivery") { t in
                t.primaryKey("id", .text)
                t.column("chat", .text).notNull()
                t.column("agent", .text).notNull()
                t.column("text", .text).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("next_attempt_at", .double).notNull()
                t.column("created_at", .double).notNull()
            }
        }
        migrator.registerMigration("bridge.jobs.v1") { db in
            // `!cron`: scheduled jobs, with the chat they were made in and when they are due next.
            try db.create(table: "bridge_job") { t in
                t.primaryKey("id", .text)
                t.column("agent", .text).notNull()
                t.column("chat", .text).notNull()
                t.column("schedule", .text).notNull()
                t.column("zone", .text).notNull()
                t.column("prompt", .text).notNull()
                t.column("created_by", .text).notNull()
                t.column("created_at", .double).notNull()
                t.column("next_due", .double)
                t.column("paused", .boolean).notNull().defaults(to: false)
                t.column("last_run_at", .double)
            }
        }
        migrator.registerMigration("bridge.jobs.v2") { db in
            // `!heartbeat`: a job of its own kind, with quiet hours (`22-07`).
            try db.alter(table: "bridge_job") { t in
                t.add(column: "kind", .text).notNull().defaults(to: "cron")
                t.add(column: "quiet", .text)
            }
        }
        migrator.registerMigration("bridge.menus.v1") { db in
            // Option menus, so a tap on an open menu still works after a restart (and a late one is told why not).
            try db.create(table: "bridge_menu") { t in
                t.primaryKey("token", .text)
                t.column("chat", .text).notNull()
                t.column("message", .text)
                t.column("menu", .text).notNull()
                t.column("seeds", .text).notNull().defaults(to: "[]")
                t.column("expires_at", .double).notNull()
            }
            try db.create(index: "bridge_menu_message", on: "bridge_menu", columns: ["message"])
        }
        migrator.registerMigration("bridge.webhooks.v1") { db in
            // `!webhook`: hooks with their secret and chat, and the delivery ids seen (a day long) so a retry runs no second turn.
            try db.create(table: "bridge_webhook") { t in
                t.primaryKey("name", .text)
                t.column("agent", .text).notNull()
                t.column("chat", .text).notNull()
                t.column("secret", .text).notNull()
                t.column("template", .text)
                t.column("created_by", .text).notNull()
                t.column("created_at", .double).notNull()
            }
            try db.create(table: "bridge_webhook_delivery") { t in
                t.column("hook", .text).notNull()
                t.column("delivery", .text).notNull()
                t.column("seen_at", .double).notNull().indexed()
                t.primaryKey(["hook", "delivery"])
            }
        }
        migrator.registerMigration("bridge.languages.v1") { db in
            // `!language`: a chat's own language, over the config's `language`.
            try db.create(table: "bridge_language") { t in
                t.primaryKey("chat", .text)
                t.column("language", .text).notNull()
                t.column("updated_at", .double).notNull()
            }
        }
    }
}
