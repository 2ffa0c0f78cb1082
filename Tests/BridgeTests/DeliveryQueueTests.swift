import Agents
import Foundation
import GRDB
import Logging
import MatrixAppService
import Testing
@testable import Bridge

private actor Fallbacks {
    var posted: [(Delivery, DeliveryFailure)] = []
    func add(_ delivery: Delivery, _ reason: DeliveryFailure) { posted.append((delivery, reason)) }
}

private let room = ChatAddress.matrix(RoomID("!queue:test"))

@Suite struct DeliveryQueueTests {
    private func queue(_ routing: MemoryRouting, fallbacks: Fallbacks, maxAttempts: Int = 3) throws -> DeliveryQueue {
        DeliveryQueue(store: SQLiteDeliveryQueueStore(routing.database), routers: [routing.router], maxAttempts: maxAttempts, baseDelay: 2,
                      logger: Logger(label: "test")) { delivery, reason in await fallbacks.add(delivery, reason) }
    }

    private func routing() throws -> MemoryRouting { try MemoryRouting(rooms: [room: .init(agents: ["main"])]) }

    @Test func failedDeliveriesAreRetriedUntilTheyGoThrough() async throws {
        let routing = try routing()
        await routing.chat.failNext(1, with: TelegramError.network(method: "sendMessage", reason: "down"))
        let fallbacks = Fallbacks()
        let queue = try queue(routing, fallbacks: fallbacks)
        try await queue.enqueue("hello", from: "main", to: room.chatKey, id: "d1")
        try await queue.enqueue("hello again", from: "main", to: room.chatKey, id: "d1")  // the same id is one delivery
        let now = Date()
        await queue.sendDue(now: now)
        #expect(try await queue.pending().map(\.attempts) == [1])
        await queue.sendDue(now: now.addingTimeInterval(1))  // not due yet: the back-off is two seconds
        #expect(await routing.chat.messages.isEmpty)
        await queue.sendDue(now: now.addingTimeInterval(3))
        #expect(await routing.chat.messages.map(\.text) == ["hello"])
        #expect(try await queue.pending().isEmpty)
        #expect(await fallbacks.posted.isEmpty)
    }

    @Test func aPermanentFailureGoesToTheFallbackAtOnce() async throws {
        let routing = try routing()
        await routing.chat.failNext(1, with: MemoryTransport.Refusal())
        let fallbacks = Fallbacks()
        let queue = try queue(routing, fallbacks: fallbacks)
        try await queue.enqueue("results", from: "coder", to: room.chatKey, id: "d2")
        await queue.sendDue()
        let posted = await fallbacks.posted
        #expect(posted.map(\.0.text) == ["results"] && posted.first?.1.description.contains("Refusal") == true, "\(posted)")
        #expect(try await queue.pending().isEmpty)
    }

    @Test func afterTheLastAttemptTheFallbackTakesIt() async throws {
        let routing = try routing()
        await routing.chat.failNext(10, with: TelegramError.network(method: "sendMessage", reason: "down"))
        let fallbacks = Fallbacks()
        let queue = try queue(routing, fallbacks: fallbacks, maxAttempts: 2)
        try await queue.enqueue("late", from: "main", to: room.chatKey, id: "d3")
        await queue.sendDue()
        #expect(await fallbacks.posted.isEmpty)
        await queue.sendDue(now: Date().addingTimeInterval(10))
        #expect(await fallbacks.posted.map(\.0.id) == ["d3"])
        #expect(await routing.chat.messages.isEmpty)
    }

    @Test func aChatNoTransportServesGoesToTheFallback() async throws {
        let fallbacks = Fallbacks()
        let queue = try queue(try routing(), fallbacks: fallbacks)
        try await queue.enqueue("orphan", from: "main", to: "telegram:5", id: "d4")
        await queue.sendDue()
        #expect(await fallbacks.posted.first?.1 == .noTransport("telegram:5"))
    }

    /// Two processes' queues on one database: each delivery goes out once.
    @Test(arguments: StoreDriver.allCases)
    func twoQueuesOnOneStoreSendEachDeliveryOnce(_ driver: StoreDriver) async throws {
        let routing = try routing()
        try await driver.withStores { stores throws in
            let queues = (0..<2).map { _ in
                DeliveryQueue(store: stores.deliveries, routers: [routing.router], logger: Logger(label: "test")) { _, _ in }
            }
            for n in 0..<10 { try await queues[n % 2].enqueue("message \(n)", from: "main", to: room.chatKey, id: "d\(n)") }
            await withTaskGroup(of: Void.self) { group in
                for queue in queues { group.addTask { await queue.sendDue() } }
            }
            let sent = await routing.chat.messages.map(\.text)
            #expect(sent.count == 10, "\(sent)")
            #expect(Set(sent).count == 10)
            #expect(try await stores.deliveries.count() == 0)
        }
    }

    /// Markers in a message outside a turn are read as in an answer: no raw `[button:…]` reaches the chat.
    @Test func buttonsInAQueuedMessageBecomeAMenu() async throws {
        let routing = try routing()
        let queue = try queue(routing, fallbacks: Fallbacks())
        try await queue.enqueue("Run r1 finished. Merge it? [button:Merge] [button:Discard]", from: "main", to: room.chatKey, id: "d5")
        await queue.sendDue()
        let sent = try #require(await routing.chat.messages.first)
        #expect(!sent.text.contains("[button:"), "\(sent.text)")
        #expect(sent.buttons == ["Merge", "Discard"])
        #expect(sent.notice)
    }
}
