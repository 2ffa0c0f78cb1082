import Agents
import GRDB
import MatrixAppService
import MatrixCrypto
import TroupePostgres

/// Every store `troupe run` keeps, on one database: the driver is chosen here, once, by `database.type`.
struct TroupeStores: Sendable {
    let inbox: any InboxStore
    let state: any StateStore
    let agents: AgentStores
    let runs: RunStores
    let bridge: BridgeStores
    let crypto: any CryptoStore

    static func sqlite(_ database: DatabasePool) -> TroupeStores {
        TroupeStores(inbox: SQLiteInboxStore(database), state: SQLiteStateStore(database), agents: .sqlite(database),
                     runs: .sqlite(database), bridge: .sqlite(database), crypto: SQLiteCryptoStore(database))
    }

    static func postgres(_ pool: PostgresPool) -> TroupeStores {
        TroupeStores(inbox: PostgresInboxStore(pool), state: PostgresStateStore(pool), agents: .postgres(pool),
                     runs: .postgres(pool), bridge: .postgres(pool), crypto: PostgresCryptoStore(pool))
    }
}
