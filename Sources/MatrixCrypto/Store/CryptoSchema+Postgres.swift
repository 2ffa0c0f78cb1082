import TroupePostgres

extension CryptoSchema {
    /// The same tables as `registerMigrations`, under the same identifiers, in PostgreSQL's types: TEXT stays TEXT
    /// (pickles are base64 text), BLOB becomes BYTEA, REAL times DOUBLE PRECISION, INTEGER BIGINT and booleans
    /// BOOLEAN, so `troupe migrate-db` copies rows unchanged.
    public static func registerMigrations(_ migrator: inout PostgresMigrator) {
        migrator.registerMigration("crypto.v1", [
            """
            CREATE TABLE crypto_account (
                user_id TEXT NOT NULL,
                device_id TEXT NOT NULL,
                pickle TEXT NOT NULL,
                published BOOLEAN NOT NULL DEFAULT false,
                updated_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (user_id, device_id))
            """,
            """
            CREATE TABLE crypto_olm_session (
                user_id TEXT NOT NULL,
                device_id TEXT NOT NULL,
                sender_key TEXT NOT NULL,
                session_id TEXT NOT NULL,
                pickle TEXT NOT NULL,
                last_used_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (user_id, device_id, sender_key, session_id))
            """,
            """
            CREATE TABLE crypto_inbound_group_session (
                user_id TEXT NOT NULL,
                device_id TEXT NOT NULL,
                room_id TEXT NOT NULL,
                session_id TEXT NOT NULL,
                sender_key TEXT NOT NULL,
                signing_key TEXT,
                pickle TEXT NOT NULL,
                first_known_index BIGINT NOT NULL,
                received_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (user_id, device_id, room_id, session_id))
            """,
            """
            CREATE TABLE crypto_outbound_group_session (
                user_id TEXT NOT NULL,
                device_id TEXT NOT NULL,
                room_id TEXT NOT NULL,
                session_id TEXT NOT NULL,
                pickle TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL,
                message_count BIGINT NOT NULL DEFAULT 0,
                PRIMARY KEY (user_id, device_id, room_id))
            """,
            """
            CREATE TABLE crypto_withheld (
                user_id TEXT NOT NULL,
                device_id TEXT NOT NULL,
                room_id TEXT NOT NULL,
                session_id TEXT NOT NULL,
                sender_key TEXT NOT NULL,
                code TEXT NOT NULL,
                reason TEXT,
                received_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (user_id, device_id, room_id, session_id))
            """,
            """
            CREATE TABLE crypto_message_index (
                user_id TEXT NOT NULL,
                device_id TEXT NOT NULL,
                session_id TEXT NOT NULL,
                sender_key TEXT NOT NULL,
                message_index BIGINT NOT NULL,
                event_id TEXT NOT NULL,
                origin_server_ts BIGINT NOT NULL,
                PRIMARY KEY (user_id, device_id, session_id, sender_key, message_index))
            """,
            """
            CREATE TABLE crypto_olm_hash (
                user_id TEXT NOT NULL,
                device_id TEXT NOT NULL,
                hash TEXT NOT NULL,
                seen_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (user_id, device_id, hash))
            """,
            """
            CREATE TABLE crypto_device_keys (
                user_id TEXT NOT NULL,
                device_id TEXT NOT NULL,
                curve25519 TEXT NOT NULL,
                ed25519 TEXT NOT NULL,
                json BYTEA NOT NULL,
                updated_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (user_id, device_id))
            """,
            "CREATE TABLE crypto_tracked_user (user_id TEXT PRIMARY KEY, outdated BOOLEAN NOT NULL DEFAULT true)",
        ])
        migrator.registerMigration("crypto.v2", [
            """
            CREATE TABLE crypto_outbound_shared (
                user_id TEXT NOT NULL,
                device_id TEXT NOT NULL,
                room_id TEXT NOT NULL,
                session_id TEXT NOT NULL,
                target_user_id TEXT NOT NULL,
                target_device_id TEXT NOT NULL,
                target_curve25519 TEXT NOT NULL,
                PRIMARY KEY (user_id, device_id, room_id, session_id, target_user_id, target_device_id))
            """,
            "ALTER TABLE crypto_tracked_user ADD COLUMN fetched_at DOUBLE PRECISION NOT NULL DEFAULT 0",
        ])
        migrator.registerMigration("crypto.v3", [
            "ALTER TABLE crypto_inbound_group_session ADD COLUMN sender_user_id TEXT",
            "ALTER TABLE crypto_withheld ADD COLUMN sender_user_id TEXT",
            "ALTER TABLE crypto_message_index ADD COLUMN seen_at DOUBLE PRECISION NOT NULL DEFAULT 0",
            "UPDATE crypto_message_index SET seen_at = EXTRACT(EPOCH FROM now())",
            "CREATE INDEX crypto_message_index_global ON crypto_message_index (session_id, sender_key, message_index)",
        ])
        CrossSigningSchema.registerMigrations(&migrator)
    }
}

extension CrossSigningSchema {
    public static func registerMigrations(_ migrator: inout PostgresMigrator) {
        migrator.registerMigration("crypto.cross_signing.v1", [
            """
            CREATE TABLE crypto_cross_signing_own (
                user_id TEXT PRIMARY KEY,
                sealed_seeds TEXT NOT NULL,
                master TEXT NOT NULL,
                published BOOLEAN NOT NULL DEFAULT false,
                signed_device_id TEXT,
                signed_device_key TEXT,
                updated_at DOUBLE PRECISION NOT NULL)
            """,
            """
            CREATE TABLE crypto_cross_signing_known (
                user_id TEXT PRIMARY KEY,
                pinned_master TEXT NOT NULL,
                current_master TEXT NOT NULL,
                self_signing TEXT,
                updated_at DOUBLE PRECISION NOT NULL)
            """,
        ])
    }
}
