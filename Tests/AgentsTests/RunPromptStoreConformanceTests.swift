@testable import Agents
import Foundation
import Testing

/// What RunManager relies on from any `RunPromptStore`, on SQLite and on PostgreSQL.
@Suite struct RunPromptStoreConformanceTests {
    let run = RunID(rawValue: "r1")

    @Test(arguments: RunStoreDriver.allCases)
    func promptsWaitInOrderAndTheOldestCopyGoesFirst(_ driver: RunStoreDriver) async throws {
        try await driver.withStores { [run] stores in
            for prompt in ["steer", "result", "steer"] { try await stores.prompts.add(prompt, run: run) }
            try await stores.prompts.add("elsewhere", run: RunID(rawValue: "r2"))
            #expect(try await stores.prompts.pending(run: run) == ["steer", "result", "steer"])
            try await stores.prompts.remove("steer", run: run)
            #expect(try await stores.prompts.pending(run: run) == ["result", "steer"])
            try await stores.prompts.remove("not there", run: run)
            #expect(try await stores.prompts.pending(run: run) == ["result", "steer"])
            try await stores.prompts.clear(run: run)
            #expect(try await stores.prompts.pending(run: run).isEmpty)
            #expect(try await stores.prompts.pending(run: RunID(rawValue: "r2")) == ["elsewhere"])
        }
    }

    @Test(arguments: RunStoreDriver.allCases)
    func aChildsResultIsAddedOnceHoweverOftenItIsHandedOver(_ driver: RunStoreDriver) async throws {
        try await driver.withStores { [run] stores in
            try await stores.prompts.add("result", run: run, delivery: 1)
            try await stores.prompts.add("result", run: run, delivery: 1)
            try await stores.prompts.add("other result", run: run, delivery: 2)
            #expect(try await stores.prompts.pending(run: run) == ["result", "other result"])
        }
    }

    @Test(arguments: RunStoreDriver.allCases)
    func handOversOfOneResultByTwoProcessesAtOnceLandOnce(_ driver: RunStoreDriver) async throws {
        try await driver.withStores { [run] stores in
            for delivery in Int64(1)...10 {
                async let mine: Void = stores.prompts.add("result \(delivery)", run: run, delivery: delivery)
                async let theirs: Void = stores.rival.prompts.add("result \(delivery)", run: run, delivery: delivery)
                _ = try await (mine, theirs)
            }
            #expect(try await stores.prompts.pending(run: run) == (1...10).map { "result \($0)" })
        }
    }

    @Test(arguments: RunStoreDriver.allCases)
    func removalsByTwoProcessesAtOnceTakeOneCopyEach(_ driver: RunStoreDriver) async throws {
        try await driver.withStores { [run] stores in
            for _ in 1...42 { try await stores.prompts.add("steer", run: run) }
            try await stores.prompts.add("last", run: run)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<40 {
                    let prompts = n.isMultiple(of: 2) ? stores.prompts : stores.rival.prompts
                    group.addTask { try await prompts.remove("steer", run: run) }
                }
                try await group.waitForAll()
            }
            #expect(try await stores.prompts.pending(run: run) == ["steer", "steer", "last"])
        }
    }
}
