import Foundation
@testable import Agents
import PostgresNIO
import Testing
import TroupePostgres

/// The durable outbox, the same on both databases: one turn per origin, states in order, and recovery that hands
/// each of a dead process's turns out once with what to do about it.
@Suite struct TurnStoreConformanceTests {
    private static func id(_ name: String) -> TurnID { TurnID(rawValue: name) }

    @discardableResult
    private static func queue(_ store: any TurnStore, _ name: String, chat: ChatKey = "room1", origin: String? = nil,
                              requester: String? = "@alice:x") async throws -> Bool {
        try await store.insertQueued(id: id(name), agent: "main", chat: chat, provider: "claude", prompt: "prompt \(name)",
                                     origin: origin.map { TurnOrigin(key: $0, requester: requester) })
    }

    @Test(arguments: StoreDriver.allCases)
    func aTurnIsStoredOncePerOriginInItsChat(driver: StoreDriver) async throws {
        try await driver.withDatabase { db in
            let store = db.turns("a")
            var stored: [Bool] = []
            stored.append(try await Self.queue(store, "t1", origin: "$event1"))
            stored.append(try await Self.queue(store, "t2", origin: "$event1"))
            stored.append(try await Self.queue(store, "t3", chat: "room2", origin: "$event1"))
            // Without an origin nothing is deduplicated but the id itself.
            stored.append(try await Self.queue(store, "t4"))
            stored.append(try await Self.queue(store, "t5"))
            stored.append(try await Self.queue(store, "t5"))
            #expect(stored == [true, false, true, true, true, false])
            #expect(try await store.state(of: Self.id("t1")) == "queued")
            #expect(try await store.state(of: Self.id("t2")) == nil)
            #expect(try await store.requester(of: Self.id("t1")) == "@alice:x")
            #expect(try await store.requester(of: Self.id("t4")) == nil)
            #expect(try await db.count("SELECT COUNT(*) FROM agent_turns") == 4)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func anAnswerWaitsForItsDeliveryUnlessTheTurnHasNoOrigin(driver: StoreDriver) async throws {
        try await driver.withDatabase { db in
            let store = db.turns("a")
            try await Self.queue(store, "t1", origin: "$event1")
            try await Self.queue(store, "t2")
            for name in ["t1", "t2"] {
                try await store.markRunning(id: Self.id(name), provider: "codex")
                #expect(try await store.state(of: Self.id(name)) == "running")
                try await store.markAnswered(id: Self.id(name), answer: "the answer")
            }
            #expect(try await store.state(of: Self.id("t1")) == "answered")
            #expect(try await store.state(of: Self.id("t2")) == "done")
            // The turn's own end does not drop an answer the transport has not confirmed.
            try await store.markDone(id: Self.id("t1"))
            #expect(try await store.state(of: Self.id("t1")) == "answered")
            try await store.markDone(id: Self.id("t1"), delivered: true)
            #expect(try await store.state(of: Self.id("t1")) == "done")
            #expect(try await db.count("SELECT COUNT(*) FROM agent_turns WHERE answer IS NOT NULL") == 0)
            #expect(try await db.count("SELECT COUNT(*) FROM agent_turns WHERE provider = 'codex' AND finished_at IS NOT NULL") == 2)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func recoveryHandsOutADeadInstancesTurnsOnceWithWhatToDo(driver: StoreDriver) async throws {
        try await driver.withDatabase { db in
            let dead = db.turns("dead")
            try await Self.queue(dead, "answered", origin: "$e1")
            try await dead.markRunning(id: Self.id("answered"), provider: "claude")
            try await dead.markAnswered(id: Self.id("answered"), answer: "stored answer")
            try await Self.queue(dead, "running", origin: "$e2")
            try await dead.updatePrompt(id: Self.id("running"), prompt: "with attachments")
            try await dead.markRunning(id: Self.id("running"), provider: "codex")
            try await Self.queue(dead, "queued")
            try await Self.queue(dead, "finished", origin: "$e3")
            try await dead.markDone(id: Self.id("finished"))
            let live = db.turns("live")
            try await Self.queue(live, "mine")

            let recovered = try await live.recoverInterrupted()
            #expect(recovered.map(\.id) == [Self.id("answered"), Self.id("running"), Self.id("queued")])
            #expect(recovered.map(\.recovery) == [.deliver(answer: "stored answer"), .resume, .resume])
            #expect(recovered.map(\.wasRunning) == [true, true, false])
            #expect(recovered.map(\.interruptions) == [0, 1, 0])
            #expect(recovered.map(\.origin) == [TurnOrigin(key: "$e1", requester: "@alice:x"),
                                                TurnOrigin(key: "$e2", requester: "@alice:x"), nil])
            let running = try #require(recovered.dropFirst().first)
            #expect(running.prompt == "with attachments")
            #expect(running.provider == "codex")
            #expect(running.chat == "room1")
            #expect(running.agent == "main")
            #expect(try await live.state(of: Self.id("running")) == "interrupted")
            #expect(try await live.state(of: Self.id("answered")) == "answered")
            #expect(try await live.state(of: Self.id("mine")) == "queued")
            // Now this instance's: asking again hands out nothing.
            #expect(try await live.recoverInterrupted().isEmpty)
            #expect(try await db.count("SELECT COUNT(*) FROM agent_turns WHERE instance = 'live'") == 4)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func aTurnCutShortWhileRunningTooOftenIsGivenUp(driver: StoreDriver) async throws {
        try await driver.withDatabase { db in
            try await Self.queue(db.turns("p0"), "t1", origin: "$e1")
            var seen: [InterruptedTurn.Recovery] = []
            for process in 1...(InterruptedTurn.maxInterruptions + 1) {
                // The previous process took it up and died while it ran.
                let previous = db.turns("p\(process - 1)")
                if process > 1 { #expect(try await previous.claim(id: Self.id("t1"))) }
                try await previous.markRunning(id: Self.id("t1"), provider: "claude")
                let next = db.turns("p\(process)")
                let recovered = try await next.recoverInterrupted()
                #expect(recovered.map(\.interruptions) == [process])
                seen += recovered.map(\.recovery)
            }
            #expect(seen == Array(repeating: .resume, count: InterruptedTurn.maxInterruptions) + [.giveUp])
            #expect(try await db.turns("later").state(of: Self.id("t1")) == "done")
            #expect(try await db.turns("later").recoverInterrupted().isEmpty)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func anInterruptedTurnIsClaimedOnceWhoeverAsksAtOnce(driver: StoreDriver) async throws {
        try await driver.withDatabase { db in
            try await Self.queue(db.turns("dead"), "t1")
            #expect(try await !db.turns("early").claim(id: Self.id("t1")))  // only an interrupted turn is taken over
            #expect(try await db.turns("live").recoverInterrupted().count == 1)
            let claims = try await withThrowingTaskGroup(of: Bool.self) { group in
                for claimant in 0..<8 { group.addTask { try await db.turns("c\(claimant)").claim(id: Self.id("t1")) } }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(claims.filter { $0 }.count == 1)
            #expect(try await db.turns("x").state(of: Self.id("t1")) == "queued")
            #expect(try await db.count("SELECT COUNT(*) FROM agent_turns WHERE instance LIKE 'c%'") == 1)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func finishedTurnsArePrunedAfterTheirRetention(driver: StoreDriver) async throws {
        try await driver.withDatabase { db in
            let store = db.turns("a")
            try await Self.queue(store, "done", origin: "$e1")
            try await store.markDone(id: Self.id("done"))
            try await Self.queue(store, "answered", origin: "$e2")
            try await store.markAnswered(id: Self.id("answered"), answer: "kept until delivered")
            try await store.prune(retention: 3600)
            #expect(try await store.state(of: Self.id("done")) == "done")
            try await store.prune(retention: -1)
            #expect(try await store.state(of: Self.id("done")) == nil)
            #expect(try await store.state(of: Self.id("answered")) == "answered")
            // Recovery prunes too.
            try await Self.queue(store, "done2", origin: "$e3")
            try await store.markDone(id: Self.id("done2"))
            _ = try await db.turns("b").recoverInterrupted(retention: -1)
            #expect(try await store.state(of: Self.id("done2")) == nil)
        }
    }

    /// Two processes recovering at the same moment (both have read the dead instance's turns before either
    /// takes one) split them between them: none is handed to both, none is lost.
    @Test func twoInstancesRecoveringAtOnceNeverBothTakeATurn() async throws {
        try await StoreDriver.withPostgres { pool in
            let stores = AgentStores.postgres(pool)
            let names = (0..<20).map { String(format: "t%02d", $0) }
            for name in names {
                try await Self.queue(stores.turns("dead"), name, origin: "$\(name)")
                try await stores.turns("dead").markRunning(id: Self.id(name), provider: "claude")
            }
            for round in 0..<3 {
                let holder = "h\(round)"
                let (first, second) = try await Self.racingRecoveries(pool, stores.turns("a\(round)"), stores.turns("b\(round)"))
                let a = Set(first.map(\.id)), b = Set(second.map(\.id))
                #expect(a.isDisjoint(with: b), "round \(round): both took \(a.intersection(b))")
                #expect(a.union(b) == Set(names.map(Self.id)), "round \(round)")
                // Each turn was counted as interrupted once per process death, whoever recovered it.
                #expect(Set((first + second).map(\.interruptions)) == [round + 1])
                // Next round: every turn runs again in the holder, which dies.
                for name in names {
                    #expect(try await stores.turns("x").claim(id: Self.id(name)))
                    try await stores.turns(holder).markRunning(id: Self.id(name), provider: "claude")
                }
                try await pool.execute("UPDATE agent_turns SET instance = \(holder)")
            }
        }
    }

    /// Holds every turn row locked while both recoveries start, and lets go once both wait for the rows, so
    /// their reads overlap every time rather than now and then.
    private static func racingRecoveries(_ pool: PostgresPool, _ first: any TurnStore,
                                         _ second: any TurnStore) async throws -> ([InterruptedTurn], [InterruptedTurn]) {
        let recoveries = try await pool.transaction { connection in
            try await connection.execute("SELECT id FROM agent_turns FOR UPDATE", logger: pool.logger)
            let recoveries = [Task { try await first.recoverInterrupted() }, Task { try await second.recoverInterrupted() }]
            let deadline = ContinuousClock.now + .seconds(20)
            while try await Self.waitingForLocks(pool) < 2 {
                guard ContinuousClock.now < deadline else {
                    recoveries.forEach { $0.cancel() }
                    throw TestTimeout(seconds: 20)
                }
                try await Task.sleep(for: .milliseconds(10))
            }
            return recoveries
        }
        // The transaction has ended and let go of the rows: both recoveries go on at once.
        return (try await recoveries[0].value, try await recoveries[1].value)
    }

    private static func waitingForLocks(_ pool: PostgresPool) async throws -> Int {
        let rows = try await pool.client.query(
            "SELECT COUNT(*)::bigint FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
        var count = 0
        for try await value in rows.decode(Int.self) { count = value }
        return count
    }
}
