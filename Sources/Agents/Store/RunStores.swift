import GRDB
import TroupePostgres

/// The run manager's stores on one database, so the server picks the driver in one place.
public struct RunStores: Sendable {
    let runs: any RunStore
    let prompts: any RunPromptStore
    let deliveries: any DeliveryStore

    public static func sqlite(_ writer: any DatabaseWriter) -> RunStores {
        RunStores(runs: SQLiteRunStore(writer: writer), prompts: SQLiteRunPromptStore(writer: writer),
                  deliveries: SQLiteDeliveryStore(writer: writer))
    }

    public static func postgres(_ pool: PostgresPool) -> RunStores {
        RunStores(runs: PostgresRunStore(pool), prompts: PostgresRunPromptStore(pool), deliveries: PostgresDeliveryStore(pool))
    }
}
