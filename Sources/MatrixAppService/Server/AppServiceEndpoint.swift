import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// What the endpoint asks the rest of the appservice when the homeserver queries an id in our namespace.
public protocol NamespaceQueryHandler: Sendable {
    /// Create the user if it should exist (an agent we know); true means it exists now.
    func userExists(_ user: UserID) async -> Bool
    func roomAliasExists(_ alias: RoomAlias) async -> Bool
}

/// The HTTP API the homeserver calls: transactions, user and alias queries, ping.
public struct AppServiceEndpoint: Sendable {
    public static let defaultMaxBodyBytes = 32 * 1024 * 1024

    let tokens: TokenCheck
    let inbox: any InboxStore
    let dispatcher: Dispatcher
    let queries: any NamespaceQueryHandler
    let maxBodyBytes: Int
    let logger: Logger

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
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            logger.warning("transaction rejected: body too large", metadata: ["txn_id": "\(txnID)", "limit": "\(maxBodyBytes)"])
            throw MatrixError.tooLarge(limit: maxBodyBytes)
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
        do {
            result = try await inbox.enqueue(txnID: txnID, body: data)
        } catch {
            logger.error("could not store transaction", metadata: ["txn_id": "\(txnID)", "error": "\(error)"])
            throw MatrixError.unknown("Could not store transaction; retry later", status: 503)
        }
        switch result {
        case .stored(let id):
            logger.debug("transaction stored", metadata: ["txn_id": "\(txnID)", "inbox_id": "\(id)", "events": "\(transaction.events.count)"])
            await dispatcher.submit(id: id, transaction: transaction)
        case .duplicate:
            logger.debug("duplicate transaction ignored", metadata: ["txn_id": "\(txnID)"])
        }
        return MatrixResponse.emptyObject
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
