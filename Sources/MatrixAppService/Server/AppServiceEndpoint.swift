import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TroupeMetrics

/// What the endpoint asks the rest of the appservice when the homeserver queries an id in our namespace.
public protocol NamespaceQueryHandler: Sendable {
    /// Create the user if it should exist (an agent we know); true means it exists now.
    func userExists(_ user: UserID) async -> Bool
    func roomAliasExists(_ alias: RoomAlias) async -> Bool
}

/// The HTTP API the homeserver calls: transactions, user and alias queries, ping.
///
/// A transaction that carries the right token is stored and answered `200` whatever an event inside it
/// looks like: a `4xx` makes the homeserver retry the same transaction forever, and nothing after it
/// would ever arrive. Only what a homeserver never sends gets one: a wrong or missing token, a body that
/// is not JSON at all, a body without an `events` list.
public struct AppServiceEndpoint: Sendable {
    /// Above the largest transaction Synapse can legitimately send (see docs/limits.md):
    /// 100 events of up to 64 KiB each plus their `unsigned` (`prev_content`, `redacted_because`, the
    /// stripped room state of an invite, each up to 64 KiB again), 100 ephemeral events and 100
    /// to-device messages of up to 64 KiB.
    public static let defaultMaxBodyBytes = 128 * 1024 * 1024

    let tokens: TokenCheck
    let inbox: any InboxStore
    let dispatcher: Dispatcher
    let queries: any NamespaceQueryHandler
    let maxBodyBytes: Int
    let logger: Logger
    var stats: IngestStats { dispatcher.stats }

    public init(hsToken: String, inbox: any InboxStore, dispatcher: Dispatcher, queries: any NamespaceQueryHandler,
                maxBodyBytes: Int = AppServiceEndpoint.defaultMaxBodyBytes, logger: Logger) {
        self.tokens = TokenCheck(hsToken: hsToken)
        self.inbox = inbox
        self.dispatcher = dispatcher
        self.queries = queries
        self.maxBodyBytes = maxBodyBytes
        self.logger = logger
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: MatrixErrorMiddleware<BasicRequestContext>(logger: logger))
        for prefix in ["/_matrix/app/v1", ""] {
            router.put("\(prefix)/transactions/:txnId") { request, context in
                try await self.transaction(request, txnID: context.parameters.require("txnId"))
            }
            router.get("\(prefix)/users/:userId") { request, context in
                try await self.queryUser(request, raw: context.parameters.require("userId"))
            }
            router.get("\(prefix)/rooms/:alias") { request, context in
                try await self.queryAlias(request, raw: context.parameters.require("alias"))
            }
        }
        router.post("/_matrix/app/v1/ping") { request, _ in
            try self.authorize(request)
            return MatrixResponse.emptyObject
        }
        return router
    }

    private func authorize(_ request: Request) throws {
        if let error = tokens.verify(request) { throw error }
    }

    func transaction(_ request: Request, txnID rawTxnID: String) async throws -> Response {
        try authorize(request)
        let txnID = rawTxnID.removingPercentEncoding ?? rawTxnID
        let announced = request.headers[.contentLength].flatMap { Int($0) }
        guard let body = try await collect(request.body, announced: announced) else {
            // Refusing it would make the homeserver send it again forever and nothing after it. The
            // default limit is above anything Synapse sends, so this is a lowered limit or another server.
            let total = stats.oversizedBody()
            logger.error("transaction dropped: body larger than appservice.max_body_bytes; its events are lost",
                         metadata: ["txn_id": "\(txnID)", "limit": "\(maxBodyBytes)", "oversized_total": "\(total)"])
            return MatrixResponse.emptyObject
        }
        let data = Data(buffer: body, byteTransferStrategy: .noCopy)
        let transaction: Transaction
        do {
            transaction = try Transaction.parse(data)
        } catch {
            logger.warning("transaction rejected", metadata: ["txn_id": "\(txnID)", "error": "\(error.matrixError.message)"])
            throw error.matrixError
        }
        // Durable before acknowledged: if this write fails the homeserver gets a 5xx and retries.
        let result: EnqueueResult
        let started = ContinuousClock.now
        do {
            result = try await inbox.enqueue(txnID: txnID, body: data)
            dispatcher.metrics.storeTime.record(ContinuousClock.now - started)
        } catch {
            logger.error("could not store transaction", metadata: ["txn_id": "\(txnID)", "error": "\(error)"])
            throw MatrixError.unknown("Could not store transaction; retry later", status: 503)
        }
        switch result {
        case .stored(let id):
            dispatcher.metrics.received(transaction)
            logger.debug("transaction stored", metadata: ["txn_id": "\(txnID)", "inbox_id": "\(id)", "events": "\(transaction.events.count)"])
            await dispatcher.submit(id: id, transaction: transaction, bytes: data.count)
        case .duplicate:
            dispatcher.metrics.transactions.increment()
            logger.debug("duplicate transaction ignored", metadata: ["txn_id": "\(txnID)"])
        }
        return MatrixResponse.emptyObject
    }

    /// The whole body, or nil when it is larger than `maxBodyBytes`; then the rest is read and discarded,
    /// so the connection stays usable and memory stays bounded.
    private func collect(_ body: RequestBody, announced: Int?) async throws -> ByteBuffer? {
        var buffer = ByteBuffer()
        var total = 0
        for try await chunk in body {
            total += chunk.readableBytes
            if total <= maxBodyBytes {
                if buffer.readableBytes == 0 && total == chunk.readableBytes {
                    // The first chunk: keep it, sized for the rest when the length was announced.
                    buffer = chunk
                    if let announced, announced <= maxBodyBytes { buffer.reserveCapacity(announced) }
                } else {
                    var chunk = chunk
                    buffer.writeBuffer(&chunk)
                }
            } else if buffer.capacity > 0 {
                buffer = ByteBuffer()
            }
        }
        return total <= maxBodyBytes ? buffer : nil
    }

    func queryUser(_ request: Request, raw: String) async throws -> Response {
        try authorize(request)
        let user = UserID(raw.removingPercentEncoding ?? raw)
        guard await queries.userExists(user) else { throw MatrixError.notFound("No such user in this namespace") }
        return MatrixResponse.emptyObject
    }

    func queryAlias(_ request: Request, raw: String) async throws -> Response {
        try authorize(request)
        let alias = RoomAlias(raw.removingPercentEncoding ?? raw)
        guard await queries.roomAliasExists(alias) else { throw MatrixError.notFound("No such room alias") }
        return MatrixResponse.emptyObject
    }
}
