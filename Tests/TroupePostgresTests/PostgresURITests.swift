import Testing
import TroupePostgres

@Suite struct PostgresURITests {
    @Test func aFullURIIsReadLikeLibpqReadsIt() throws {
        let uri = try PostgresURI(parsing: "postgresql://tr%40upe:p%3Ass@db.example.org:6432/troupe_prod?sslmode=verify-full")
        #expect(uri == PostgresURI(host: "db.example.org", port: 6432, username: "tr@upe", password: "p:ss", database: "troupe_prod",
                                   sslMode: .verifyFull))
    }

    @Test func portAndSSLModeDefaultAsInLibpq() throws {
        let uri = try PostgresURI(parsing: "postgres://troupe@127.0.0.1/troupe")
        #expect(uri.port == 5432)
        #expect(uri.sslMode == .prefer)
        #expect(uri.password == nil)
    }

    @Test func thePasswordNeverShowsInItsDescription() throws {
        let uri = try PostgresURI(parsing: "postgres://troupe:secret@127.0.0.1:5433/troupe?sslmode=disable")
        #expect(uri.description == "postgres://troupe:***@127.0.0.1:5433/troupe?sslmode=disable")
    }

    @Test(arguments: [
        ("sqlite:troupe.db", "must start with postgres://"),
        ("http://troupe@host/db", "must start with postgres://"),
        ("postgres:///troupe", "names no host"),
        ("postgres://host/troupe", "names no user"),
        ("postgres://troupe@host", "must name one database"),
        ("postgres://troupe@host/a/b", "must name one database"),
        ("postgres://troupe@host/db?sslmode=sometimes", "sslmode must be one of disable, prefer, require, verify-ca, verify-full"),
        ("postgres://troupe@host/db?connect_timeout=3", "unknown parameter \"connect_timeout\""),
        ("postgres://troupe:hunter2@host:0/db", "port must be between 1 and 65535"),
    ])
    func aBadURIIsRefusedWithTheReason(_ text: String, _ reason: String) {
        do {
            _ = try PostgresURI(parsing: text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.description.contains(reason), "\(error.description)")
            #expect(!error.description.contains("hunter2"))
        }
    }

    @Test func aLockKeyIsTheSameInEveryProcessAndDiffersPerAppservice() {
        // Pinned: a standby built from another version must compute the same key.
        // Python: struct.unpack(">q", hashlib.sha256(b"troupe.active:troupe").digest()[:8])
        #expect(AdvisoryLockKey.active(appserviceID: "troupe").value == 328_868_635_571_176_936)
        #expect(AdvisoryLockKey.active(appserviceID: "troupe") != AdvisoryLockKey.active(appserviceID: "troupe2"))
    }
}
