import TroupePostgres

extension BridgeSchema {
    /// The same tables as `registerMigrations`, under the same identifiers and column names, in PostgreSQL's types
    /// (REAL times DOUBLE PRECISION, INTEGER BIGINT, bool BOOLEAN), so `troupe migrate-db` copies rows unchanged.
    public static func registerMigrations(_ migrator: inout PostgresMigrator) {
        migrator.registerMigration("bridge.v1", [
            "CREATE TABLE bridge_agent_room (agent TEXT PRIMARY KEY, room_id TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL)",
            """
            CREATE TABLE bridge_sent_event (
                event_id TEXT PRIMARY KEY,
                room_id TEXT NOT NULL,
                agent TEXT NOT NULL,
                sent_at DOUBLE PRECISION NOT NULL)
            """,
        ])
        migrator.registerMigration("bridge.v2", [
            """
            CREATE TABLE bridge_named_session (
                chat TEXT NOT NULL,
                name TEXT NOT NULL,
                agent TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (chat, name))
            """,
        ])
        migrator.registerMigration("bridge.telegram.v1", [
            "CREATE TABLE bridge_telegram_offset (bot TEXT PRIMARY KEY, update_id BIGINT NOT NULL)",
            "CREATE TABLE bridge_telegram_chat_agent (chat TEXT PRIMARY KEY, agent TEXT NOT NULL, updated_at DOUBLE PRECISION NOT NULL)",
        ])
        migrator.registerMigration("bridge.telegram.v2", [
            "CREATE TABLE bridge_telegram_portal (chat TEXT PRIMARY KEY, room_id TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL)",
        ])
        migrator.registerMigration("bridge.telegram.v3", [
            """
            CREATE TABLE bridge_telegram_upgraded_group (
                chat_id BIGINT PRIMARY KEY,
                from_chat_id BIGINT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL)
            """,
        ])
        migrator.registerMigration("bridge.delivery.v1", [
            """
            CREATE TABLE bridge_delivery (
                id TEXT PRIMARY KEY,
                chat TEXT NOT NULL,
                agent TEXT NOT NULL,
                text TEXT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                next_attempt_at DOUBLE PRECISION NOT NULL,
                created_at DOUBLE PRECISION NOT NULL)
            """,
        ])
        migrator.registerMigration("bridge.jobs.v1", [
            """
            CREATE TABLE bridge_job (
                id TEXT PRIMARY KEY,
                agent TEXT NOT NULL,
                chat TEXT NOT NULL,
                schedule TEXT NOT NULL,
                zone TEXT NOT NULL,
                prompt TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL,
                next_due DOUBLE PRECISION,
                paused BOOLEAN NOT NULL DEFAULT FALSE,
                last_run_at DOUBLE PRECISION)
            """,
        ])
        migrator.registerMigration("bridge.jobs.v2", [
            "ALTER TABLE bridge_job ADD COLUMN kind TEXT NOT NULL DEFAULT 'cron'",
            "ALTER TABLE bridge_job ADD COLUMN quiet TEXT",
        ])
        migrator.registerMigration("bridge.menus.v1", [
            """
            CREATE TABLE bridge_menu (
                token TEXT PRIMARY KEY,
                chat TEXT NOT NULL,
                message TEXT,
                menu TEXT NOT NULL,
                seeds TEXT NOT NULL DEFAULT '[]',
                expires_at DOUBLE PRECISION NOT NULL)
            """,
            "CREATE INDEX bridge_menu_message ON bridge_menu (message)",
        ])
        migrator.registerMigration("bridge.webhooks.v1", [
            """
            CREATE TABLE bridge_webhook (
                name TEXT PRIMARY KEY,
                agent TEXT NOT NULL,
                chat TEXT NOT NULL,
                secret TEXT NOT NULL,
                template TEXT,
                created_by TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL)
            """,
            """
            CREATE TABLE bridge_webhook_delivery (
                hook TEXT NOT NULL,
                delivery TEXT NOT NULL,
                seen_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (hook, delivery))
            """,
            "CREATE INDEX bridge_webhook_delivery_on_seen_at ON bridge_webhook_delivery (seen_at)",
        ])
        migrator.registerMigration("bridge.languages.v1", [
            "CREATE TABLE bridge_language (chat TEXT PRIMARY KEY, language TEXT NOT NULL, updated_at DOUBLE PRECISION NOT NULL)",
        ])
    }
}
