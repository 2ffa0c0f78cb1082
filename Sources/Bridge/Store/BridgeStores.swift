import GRDB
import TroupePostgres

/// Every store the bridge keeps, on one database: the server picks the driver here, in one place, and hands each
/// part its store.
public struct BridgeStores: Sendable {
    public let bridge: any BridgeStore
    public let languages: any LanguageStore
    public let menus: any MenuStore
    public let sessions: any NamedSessionStore
    public let telegram: any TelegramStore
    public let jobs: any JobStore
    public let webhooks: any WebhookStore
    public let deliveries: any DeliveryQueueStore

    public static func sqlite(_ writer: any DatabaseWriter) -> BridgeStores {
        BridgeStores(bridge: SQLiteBridgeStore(writer), languages: SQLiteLanguageStore(writer), menus: SQLiteMenuStore(writer),
                     sessions: SQLiteNamedSessionStore(writer), telegram: SQLiteTelegramStore(writer), jobs: SQLiteJobStore(writer),
                     webhooks: SQLiteWebhookStore(writer), deliveries: SQLiteDeliveryQueueStore(writer))
    }

    /// On PostgreSQL; the pool must be migrated with `BridgeSchema.registerMigrations(_:)` and running.
    public static func postgres(_ pool: PostgresPool) -> BridgeStores {
        BridgeStores(bridge: PostgresBridgeStore(pool), languages: PostgresLanguageStore(pool), menus: PostgresMenuStore(pool),
                     sessions: PostgresNamedSessionStore(pool), telegram: PostgresTelegramStore(pool), jobs: PostgresJobStore(pool),
                     webhooks: PostgresWebhookStore(pool), deliveries: PostgresDeliveryQueueStore(pool))
    }
}
