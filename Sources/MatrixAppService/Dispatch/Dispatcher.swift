import Foundation
import Retry
import GRDB
import Logging
import ServiceLifecycle

/// Drains the inbox in arrival order and hands each transaction to the handlers.
///
/// The endpoint passes the transaction it already parsed (`submit`), so the hot path parses once; after
/// a crash the same entries are read back from the database and parsed again. An entry is marked
/// processed only after every handler returned, so nothing acknowledged to the homeserver is lost.
///
/// Nothing here grows with traffic: parsed transactions are kept only up to `parsedBudgetBytes` of body
/// (a backlog beyond that waits in the database and is parsed again when its turn comes), and one event
/// that cannot be applied is logged, counted and skipped instead of stopping the queue.
public actor Dispatcher: Service {
    /// Body bytes of parsed transactions kept in memory for the dispatcher (the rest are re-read).
    public static let defaultParsedBudgetBytes = 4 * 1024 * 1024
    /// A stored transaction read back this many times without finishing (a crash while handling it,
    /// again and again) is skipped, so one poisonous transaction cannot stop every later one.
    public static let maxReplays = 3

    private let inbox: any InboxStore
    let state: any StateStore
    private var handlers: [any TransactionHandler]
    /// The decrypt stage for timeline `m.room.encrypted` events; nil when encryption is off.
    private var decryptor: (any RoomEventDecryptor)?
    let logger: Logger
    /// Store but never dispatch: for inspecting the inbox, and for crash-replay tests.
    private let hold: Bool
    public nonisolated let stats: IngestStats
    public nonisolated let metrics: IngestMetrics
    private let parsedBudgetBytes: Int
    private var parsed: [Int64: (transaction: Transaction, bytes: Int, storedAt: Date)] = [:]
    private var parsedBytes = 0
    /// The first inbox id stored by this process: entries before it were left by an earlier one (replays,
    /// whose reads are counted); entries after it that are not in `parsed` only waited in the backlog.
    private var firstSubmittedID: Int64?
    private let wake: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>
    private let retentionSeconds: TimeInterval = 48 * 3600
    private var lastPrune = Date.distantPast
    private var lastTrim = ContinuousClock.now
    /// Entries handled since freed memory was last given back (`MemoryTrim`).
    private var handledSinceTrim = 0

    public init(inbox: any InboxStore, state: any StateStore, handlers: [any TransactionHandler] = [],
                decryptor: (any RoomEventDecryptor)? = nil, hold: Bool = false, stats: IngestStats = IngestStats(),
                metrics: IngestMetrics = IngestMetrics(), parsedBudgetBytes: Int = Dispatcher.defaultParsedBudgetBytes,
                logger: Logger) {
        self.inbox = inbox
        self.state = state
        self.handlers = handlers
        self.decryptor = decryptor
        self.hold = hold
        self.stats = stats
        self.metrics = metrics
        self.parsedBudgetBytes = parsedBudgetBytes
        self.logger = logger
        (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func addHandler(_ handler: any TransactionHandler) { handlers.append(handler) }

    /// Plugs in the decrypt stage (once the crypto handler exists); see `Dispatcher+Decryption`.
    public func setDecryptor(_ decryptor: (any RoomEventDecryptor)?) { self.decryptor = decryptor }

    /// Called by the endpoint once the transaction is durable; `bytes` is the size of its body.
    public func submit(id: Int64, transaction: Transaction, bytes: Int = 0) {
        guard !hold else { return }
        if firstSubmittedID == nil { firstSubmittedID = id }
        // Over budget the dispatcher is behind: the database holds the backlog, not memory.
        if parsedBytes + bytes <= parsedBudgetBytes || parsed.isEmpty {
            parsed[id] = (transaction, bytes, Date())
            parsedBytes += bytes
        }
        wake.yield()
    }

    /// Parsed transactions held for the dispatcher right now (for tests and the memory benchmark).
    public var parsedInMemory: (count: Int, bytes: Int) { (parsed.count, parsedBytes) }

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

    /// A failing inbox (disk full, database locked) is read again after 0.5 s, 1 s … 30 s, until shutdown.
    static let drainBackoff = Backoff(base: .milliseconds(500), cap: .seconds(30))

    /// Processes every pending entry; used by `run` and directly by tests.
    public func drainUntilEmpty() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                let ids = try await inbox.pendingIDs()
                if ids.isEmpty { break }
                for id in ids {
                    try await process(id)
                    handledSinceTrim += 1
                    trimIfDue()
                }
                failures = 0
            } catch {
                failures += 1
                let delay = Self.drainBackoff.delay(afterAttempt: failures)
                logger.error("inbox drain failed, retrying", metadata: ["error": "\(error)", "retry_in": "\(delay)"])
                try? await Task.sleep(for: delay)
            }
        }
        await pruneIfDue()
        trimIfDue()
    }

    /// After handling a burst, at most every 5 s: return freed memory so resident memory follows what is kept.
    private func trimIfDue() {
        guard handledSinceTrim > 0, ContinuousClock.now - lastTrim > .seconds(5) else { return }
        handledSinceTrim = 0
        lastTrim = .now
        MemoryTrim.releaseFreeMemory()
    }

    private func process(_ id: Int64) async throws {
        let transaction: Transaction
        let storedAt: Date?
        if let cached = parsed.removeValue(forKey: id) {
            transaction = cached.transaction
            storedAt = cached.storedAt
            parsedBytes -= cached.bytes
        } else {
            guard let entry = try await inbox.entry(id: id) else { return }
            storedAt = entry.receivedAt
            let isReplay = firstSubmittedID.map { id < $0 } ?? true
            let reads = isReplay ? try await inbox.recordRead(id: id) : 1
            guard reads <= Self.maxReplays else {
                let total = stats.poisonedTransaction()
                logger.error("stored transaction did not finish after \(Self.maxReplays) tries; skipping it",
                             metadata: ["txn_id": "\(entry.txnID)", "inbox_id": "\(id)", "poisoned_total": "\(total)"])
                try await inbox.complete(id: id, seen: [])
                return
            }
            do {
                transaction = try Transaction.parse(entry.body)
            } catch {
                // It was validated before it was stored, so this is corruption: never block the queue on it.
                logger.error("stored transaction no longer parses; skipping", metadata: ["txn_id": "\(entry.txnID)"])
                try await inbox.complete(id: id, seen: [])
                return
            }
            if reads > 1 { logger.info("replaying stored transaction", metadata: ["txn_id": "\(entry.txnID)", "try": "\(reads)"]) }
        }
        for problem in transaction.problems {
            let total = stats.droppedItem()
            logger.warning("transaction item dropped", metadata: [
                "inbox_id": "\(id)", "event_id": "\(problem.eventID?.rawValue ?? "-")", "problem": "\(problem)",
                "dropped_total": "\(total)",
            ])
        }
        try await dispatch(transaction)
        try await inbox.complete(id: id, seen: transaction.events.map(\.eventID))
        if let storedAt { metrics.dispatchLag.recordSeconds(max(0, Date().timeIntervalSince(storedAt))) }
    }

    /// True for database failures that say nothing about the event (busy, disk full, I/O): the whole
    /// transaction is retried later. Anything else an event caused, and that event is skipped.
    static func isTransient(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_NOMEM, .SQLITE_CANTOPEN,
             .SQLITE_READONLY, .SQLITE_PROTOCOL, .SQLITE_INTERRUPT:
            return true
        default:
            return false
        }
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
        var failed: Set<EventID> = []
        for event in txn.events where event.isState {
            do {
                try await state.apply(event)
            } catch where !Self.isTransient(error) {
                let total = stats.failedEvent()
                logger.warning("state event could not be applied; skipping it", metadata: [
                    "event_id": "\(event.eventID)", "room_id": "\(event.roomID)", "type": "\(event.type)",
                    "error": "\(error)", "failed_total": "\(total)",
                ])
                failed.insert(event.eventID)
            }
        }
        let unseen = try await inbox.unseen(txn.events.map(\.eventID))
        for event in txn.events where unseen.contains(event.eventID) && !failed.contains(event.eventID) {
            if event.type == Self.encryptedType {
                await decryptStage(event, decryptor: decryptor, handlers: handlers, metrics: metrics)
            } else {
                for handler in handlers { await handler.handleTimeline(event) }
            }
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
