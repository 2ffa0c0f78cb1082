import Foundation
import Logging
import ServiceLifecycle

/// Drains the inbox in arrival order and hands each transaction to the handlers.
///
/// The endpoint passes the transaction it already parsed (`submit`), so the hot path parses once; after
/// a crash the same entries are read back from the database and parsed again. An entry is marked
/// processed only after every handler returned, so nothing acknowledged to the homeserver is lost.
public actor Dispatcher: Service {
    private let inbox: any InboxStore
    private let state: any StateStore
    private var handlers: [any TransactionHandler]
    private let logger: Logger
    /// Store but never dispatch: for inspecting the inbox, and for crash-replay tests.
    private let hold: Bool
    private var parsed: [Int64: Transaction] = [:]
    private let wake: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>
    private let retentionSeconds: TimeInterval = 48 * 3600
    private var lastPrune = Date.distantPast

    public init(inbox: any InboxStore, state: any StateStore, handlers: [any TransactionHandler] = [],
                hold: Bool = false, logger: Logger) {
        self.inbox = inbox
        self.state = state
        self.handlers = handlers
        self.hold = hold
        self.logger = logger
        (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func addHandler(_ handler: any TransactionHandler) { handlers.append(handler) }

    /// Called by the endpoint once the transaction is durable.
    public func submit(id: Int64, transaction: Transaction) {
        guard !hold else { return }
        parsed[id] = transaction
        wake.yield()
    }

    public func run() async throws {
        if hold {
            logger.warning("inbox hold is on (TROUPE_DEBUG_HOLD_INBOX): transactions are stored, not dispatched")
            try? await gracefulShutdown()
            return
        }
        await drainUntilEmpty()
        for await _ in wakes.cancelOnGracefulShutdown() {
            await drainUntilEmpty()
        }
    }

    /// Processes every pending entry; used by `run` and directly by tests.
    public func drainUntilEmpty() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                let ids = try await inbox.pendingIDs()
                if ids.isEmpty { break }
                for id in ids { try await process(id) }
                failures = 0
            } catch {
                failures += 1
                let delay = min(30.0, 0.5 * pow(2.0, Double(min(failures, 6))))
                logger.error("inbox drain failed, retrying", metadata: ["error": "\(error)", "retry_in_s": "\(delay)"])
                try? await Task.sleep(for: .seconds(delay))
            }
        }
        await pruneIfDue()
    }

    private func process(_ id: Int64) async throws {
        let transaction: Transaction
        if let cached = parsed.removeValue(forKey: id) {
            transaction = cached
        } else {
            guard let entry = try await inbox.entry(id: id) else { return }
            do {
                transaction = try Transaction.parse(entry.body)
            } catch {
                // It was validated before it was stored, so this is corruption: never block the queue on it.
                logger.error("stored transaction no longer parses; skipping", metadata: ["txn_id": "\(entry.txnID)"])
                try await inbox.complete(id: id, seen: [])
                return
            }
            logger.info("replaying stored transaction", metadata: ["txn_id": "\(entry.txnID)"])
        }
        for problem in transaction.problems {
            logger.warning("transaction item dropped", metadata: ["inbox_id": "\(id)", "problem": "\(problem)"])
        }
        try await dispatch(transaction)
        try await inbox.complete(id: id, seen: transaction.events.map(\.eventID))
    }

    private func dispatch(_ txn: Transaction) async throws {
        if !txn.toDevice.isEmpty {
            for handler in handlers { await handler.handleToDevice(txn.toDevice) }
        }
        if !txn.deviceLists.isEmpty {
            for handler in handlers { await handler.handleDeviceLists(txn.deviceLists) }
        }
        if !txn.oneTimeKeyCounts.isEmpty || !txn.unusedFallbackKeyTypes.isEmpty {
            for handler in handlers {
                await handler.handleKeyCounts(oneTimeKeys: txn.oneTimeKeyCounts,
                                              unusedFallbackKeyTypes: txn.unusedFallbackKeyTypes)
            }
        }
        if !txn.ephemeral.isEmpty {
            for handler in handlers { await handler.handleEphemeral(txn.ephemeral) }
        }
        guard !txn.events.isEmpty else { return }
        // State first, so a handler looking at a message already sees the membership it came with.
        for event in txn.events where event.isState {
            try await state.apply(event)
        }
        let unseen = try await inbox.unseen(txn.events.map(\.eventID))
        for event in txn.events where unseen.contains(event.eventID) {
            for handler in handlers { await handler.handleTimeline(event) }
        }
    }

    private func pruneIfDue() async {
        guard Date().timeIntervalSince(lastPrune) > 3600 else { return }
        lastPrune = Date()
        do {
            try await inbox.prune(before: Date().addingTimeInterval(-retentionSeconds))
        } catch {
            logger.warning("inbox prune failed", metadata: ["error": "\(error)"])
        }
    }
}
