import Agents
import GRDB
import MatrixAppService
import MatrixCrypto
import TroupePostgres

/// Every module's migrations, for each database, in the order they are applied. The PostgreSQL list carries the
/// same identifiers as the SQLite one, so `troupe migrate-db` can tell that both schemas are at the same version.
public enum TroupeSchema {
    public static var sqlite: [(inout DatabaseMigrator) -> Void] { TroupeServer.migrations }

    public static var postgres: [(inout PostgresMigrator) -> Void] {
        [AppServiceSchema.registerMigrations, AgentsSchema.registerMigrations, BridgeSchema.registerMigrations, CryptoSchema.registerMigrations]
    }

    public static func postgresMigrator() -> PostgresMigrator {
        var migrator = PostgresMigrator()
        for register in postgres { register(&migrator) }
        return migrator
    }
}
