import Agents
import Foundation
import GRDB
import Logging
import Testing
@testable import Bridge

/// A transport for `test:` chats that fails its first `failures` deliveries with `error`.
private actor FlakyTransport: Transport {
    var failures: Int
    let error: any Error
    private(set) var delivered: [String] = []

    init(failures: Int, error: any Error = TelegramError.network(method: "sendMessage", reason: "down")) {
        self.failures = failures
        self.error = error
    }

    nonisolated func owns(_ chat: ChatKey) -> Bool { chat.rawValue.hasPrefix("test:") }

    func deliver(notice markdown: String, from agent: String, to chat: ChatKey, id: String) async throws {
        if failures > 0 {
            failures -= 1
            throw error
        }
        delivered.append(markdown)
    }
}

private actor Fallbacks {
    var posted: [(Delivery, String)] = []
    func add(_ delivery: Delivery, _ reason: String) { posted.append((delivery, reason)) }
}

@Suite struct DeliveryQueueTests {
    private func queue(_ transport: FlakyTransport, fallbacks: Fallbacks, maxAttempts: Int = 3) throws -> DeliveryQueue {
        let database = try DatabaseQueue()
        var migrator = DatabaseMigrator()
        BridgeSchema.registerMigrations(&migrator)
        try migrator.migrate(database)
        return DeliveryQueue(writer: database, transports: [transport], maxAttempts: maxAttempts, baseDelay: 2,
                             logger: Logger(label: "test")) { delivery, reason in await fallbacks.add(delivery, reason) }
    }

    @Test func failedDeliveriesAreRetriedUntilTheyGoThrough() async throws {
        let transport = FlakyTransport(failures: 1)
        let fallbacks = Fallbacks()
        let queue = try queue(transport, fallbacks: fallbacks)
        try await queue.enqueue("hello", from: "main", to: "test:1", id: "d1")
        try await queue.enqueue("hello again", from: "main", to: "test:1", id: "d1")  // the same id is one delivery
        let now = Date()
        await queue.sendDue(now: now)
        #expect(try await queue.pending().map(\.attempts) == [1])
        await queue.sendDue(now: now.addingTimeInterval(1))  // not due yet: the back-off is two seconds
        #expect(await transport.delivered.isEmpty)
        await queue.sendDue(now: now.addingTimeInterval(3))
        #expect(await transport.delivered == ["hello"])
        #expect(try await queue.pending().isEmpty)
        #expect(await fallbacks.posted.isEmpty)
    }

    @Test func aPermanentFailureGoesToTheFallbackAtOnce() async throws {
        let transport = FlakyTransport(failures: 1, error: TelegramError.api(method: "sendMessage", code: 403, description: "Forbidden: bot was blocked by the user"))
        let fallbacks = Fallbacks()
        let queue = try queue(transport, fallbacks: fallbacks)
        try await queue.enqueue("results", from: "coder", to: "test:2", id: "d2")
        await queue.sendDue()
        let posted = await fallbacks.posted
        #expect(posted.map(\.0.text) == ["results"] && posted.first?.1.contains("blocked") == true)
        #expect(try await queue.pending().isEmpty)
    }

    @Test func afterTheLastAttemptTheFallbackTakesIt() async throws {
        let transport = FlakyTransport(failures: 10)
        let fallbacks = Fallbacks()
        let queue = try queue(transport, fallbacks: fallbacks, maxAttempts: 2)
        try await queue.enqueue("late", from: "main", to: "test:3", id: "d3")
        await queue.sendDue()
        #expect(await fallbacks.posted.isEmpty)
        await queue.sendDue(now: Date().addingTimeInterval(10))
        #expect(await fallbacks.posted.map(\.0.id) == ["d3"])
        #expect(await transport.delivered.isEmpty)
    }

    @Test func aChatNoTransportServesGoesToTheFallback() async throws {
        let fallbacks = Fallbacks()
        let queue = try queue(FlakyTransport(failures: 0), fallbacks: fallbacks)
        try await queue.enqueue("orphan", from: "main", to: "telegram:5", id: "d4")
        await queue.sendDue()
        #expect(await fallbacks.posted.first?.1.contains("no transport") == true)
    }
}
