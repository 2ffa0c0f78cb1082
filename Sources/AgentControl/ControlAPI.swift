import Agents
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The HTTP API agents' tools call (`troupe ask`, `troupe mcp`), on loopback inside `troupe run`.
/// Every request carries the per-run token Troupe gave the tool (`Authorization: Bearer $TROUPE_TOKEN`);
/// there is no unauthenticated endpoint.
///
/// - `GET /v1/agents` → `{"agents": [{"name", "displayname", "provider", "you"}]}`
/// - `POST /v1/ask {"agent", "message", "new"?}` → runs a turn of `agent` in the delegation chat
///   `delegate:<caller>:<caller's chat>`, waits for it, and answers `{"agent", "text"}`. With `"async": true`
///   it starts a run instead (see `ControlAPI+Runs.swift` for that and the other run endpoints).
/// - Errors: `{"error": code, "message": text}` with 400, 401, 404, 409, 429 (a run limit), 502, 503.
public struct ControlAPI: Sendable {

    let runtime: AgentRuntime
    let tokens: ControlTokens
    let logger: Logger
    /// Nil: the run endpoints answer 503 and `ask` is synchronous only.
    let runs: RunManager?
    /// The transport's routing for a chat (origin, user), captured into each run the chat's agents start.
    let routingResolver: (@Sendable (_ agent: String, _ chat: ChatKey) async -> RunRouting)?
    /// The chat a caller's questions to other agents run in: one per (caller, caller's chat), so a delegate keeps
    /// its context across the questions of one conversation. The bridge names it (it owns the address format).
    let delegationChat: @Sendable (ControlGrant) -> ChatKey
    /// Nil: the schedule endpoints answer 503.
    let schedules: ScheduleControl?

    /// - Parameters:
    ///   - runs: enables async asks, spawn and the other run endpoints.
    ///   - routing: what a run must carry back to the transport (origin, user) for a chat; without it a run
    ///     carries only the agent and chat.
    public init(runtime: AgentRuntime, tokens: ControlTokens, logger: Logger, runs: RunManager? = nil,
                routing: (@Sendable (_ agent: String, _ chat: ChatKey) async -> RunRouting)? = nil,
                delegationChat: @escaping @Sendable (ControlGrant) -> ChatKey, schedules: ScheduleControl? = nil) {
        self.delegationChat = delegationChat
        self.schedules = schedules
        self.runtime = runtime
        self.tokens = tokens
        self.logger = logger
        self.runs = runs
        self.routingResolver = routing
    }

    public func router() -> Router<ControlRequestContext> {
        let router = Router(context: ControlRequestContext.self)
        router.add(middleware: ControlErrorMiddleware(logger: logger))
        router.add(middleware: ControlAuthMiddleware(tokens: tokens))
        router.get("/v1/agents") { _, context in
            try await self.listAgents(context.requireGrant())
        }
        router.post("/v1/ask") { request, context in
            let body: AskRequest
            do {
                body = try await request.decode(as: AskRequest.self, context: context)
            } catch {
                throw ControlError(.badRequest, "bad_request", "the body must be JSON {\"agent\": NAME, \"message\": TEXT, \"new\": BOOL?, \"async\": BOOL?}")
            }
            return try await self.ask(body, caller: context.requireGrant())
        }
        addRunRoutes(to: router)
        addScheduleRoutes(to: router)
        return router
    }

    // MARK: Endpoints

    struct AgentEntry: Codable, Sendable {
        let name: String
        let displayname: String
        let provider: String
        let you: Bool
    }

    struct AgentList: Codable, Sendable {
        let agents: [AgentEntry]
    }

    struct AskRequest: Codable, Sendable {
        let agent: String
        let message: String
        let new: Bool?
        /// Return a run id at once; the answer comes back to the caller's chat when the run finishes.
        let async: Bool?
    }

    struct AskAnswer: Codable, Sendable {
        let agent: String
        let text: String
    }

    func listAgents(_ caller: ControlGrant) async throws -> Response {
        let agents = await runtime.agents()
        let list = agents.keys.sorted().map { name in
            AgentEntry(name: name, displayname: agents[name]?.displayname ?? name, provider: agents[name]?.provider ?? "",
                       you: name == caller.agent)
        }
        return try ControlResponse.json(AgentList(agents: list))
    }

    func ask(_ request: AskRequest, caller: ControlGrant) async throws -> Response {
        let target = request.agent.trimmingCharacters(in: .whitespacesAndNewlines)
        let message = request.message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !message.isEmpty else { throw ControlError(.badRequest, "empty_message", "the message is empty") }
        guard target != caller.agent else {
            throw ControlError(.badRequest, "ask_self", "\(target) cannot ask itself; answer directly instead")
        }
        let agents = await runtime.agents()
        guard agents[target] != nil else {
            throw ControlError(.notFound, "unknown_agent",
                               "there is no agent named \"\(target)\" (agents: \(agents.keys.sorted().joined(separator: ", ")))")
        }
        if request.async == true { return try await askAsync(request, target: target, caller: caller) }
        guard !caller.chain.contains(target) else {
            let chain = (caller.chain + [caller.agent]).joined(separator: " → ")
            throw ControlError(.conflict, "delegation_cycle",
                               "\(target) is waiting for your answer (\(chain)); asking it back would deadlock, so answer it instead")
        }
        // Every agent in the chain holds a turn slot while it waits; one more is needed for the target.
        let limit = runtime.configuration.runtime.maxConcurrentTurns
        guard caller.chain.count + 2 <= limit else {
            throw ControlError(.conflict, "delegation_too_deep",
                               "delegation is \(caller.chain.count + 1) agents deep; runtime.max_concurrent_turns (\(limit)) allows no deeper chain")
        }

        let chat = delegationChat(caller)
        await tokens.setChain(caller.chain + [caller.agent], for: chat)
        if request.new == true { await runtime.newSession(agent: target, chat: chat) }
        logger.info("delegating", metadata: ["agent": "\(caller.agent)", "target": "\(target)", "chat": "\(chat)"])
        let turn = await runtime.submit(agent: target, chat: chat, text: message)
        let ask = await tokens.beginAsk(agent: target, chat: chat, caller: caller.run)
        defer { Task { [tokens] in await tokens.endAsk(ask) } }
        for await event in turn.events {
            switch event {
            case .finished(let result):
                return try ControlResponse.json(AskAnswer(agent: target, text: result.text))
            case .failed(let error):
                throw ControlError(.badGateway, "target_failed", "\(target) failed: \(error.message)")
            default:
                continue
            }
        }
        throw ControlError(.badGateway, "target_failed", "\(target) ended its turn without an answer")
    }
}

/// On graceful shutdown, stops the delegated turns requests are waiting for, so the control server can drain.
/// Runs are shut down too: their processes are killed (they stay unfinished, so the next start reports them
/// interrupted), and the turns answering their `ask_parent` questions are stopped.
public struct ControlShutdown: Service {
    let runtime: AgentRuntime
    let tokens: ControlTokens
    let runs: RunManager?

    public init(runtime: AgentRuntime, tokens: ControlTokens, runs: RunManager? = nil) {
        self.runtime = runtime
        self.tokens = tokens
        self.runs = runs
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await runs?.shutdown()
        for ask in await tokens.pendingAsks() { await runtime.stop(agent: ask.agent, chat: ask.chat) }
    }
}

/// The request context of the control API: carries the caller's grant once the token checked out.
public struct ControlRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var grant: ControlGrant?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    func requireGrant() throws -> ControlGrant {
        guard let grant else { throw ControlError.unauthorized }
        return grant
    }
}

/// An error the control API answers with: `{"error": code, "message": text}`.
public struct ControlError: Error, Sendable, Equatable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static let unauthorized = ControlError(
        .unauthorized, "unauthorized",
        "missing, unknown or expired token: the control API takes the TROUPE_TOKEN of a running agent turn")
}

enum ControlResponse {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let buffer = ByteBuffer(bytes: try encoder.encode(value))
        return Response(
            status: status,
            headers: [.contentType: "application/json", .contentLength: String(buffer.readableBytes)],
            body: ResponseBody(byteBuffer: buffer))
    }

    static func error(_ error: ControlError) -> Response {
        (try? json(["error": error.code, "message": error.message], status: error.status))
            ?? Response(status: error.status)
    }
}

/// Resolves `Authorization: Bearer TOKEN` to a grant; anything else is 401 before routing.
struct ControlAuthMiddleware: RouterMiddleware {
    let tokens: ControlTokens

    func handle(_ request: Request, context: ControlRequestContext,
                next: (Request, ControlRequestContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              let grant = await tokens.grant(for: String(header.dropFirst("Bearer ".count)))
        else { throw ControlError.unauthorized }
        var context = context
        context.grant = grant
        return try await next(request, context)
    }
}

/// Whatever escapes a route becomes a JSON error.
struct ControlErrorMiddleware: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: ControlRequestContext,
                next: (Request, ControlRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ControlError {
            return ControlResponse.error(error)
        } catch let error as any HTTPResponseError {
            let code = error.status == .notFound ? "not_found" : "http_\(error.status.code)"
            return ControlResponse.error(ControlError(error.status, code, "\(request.method) \(request.uri.path): \(error.status.reasonPhrase)"))
        } catch {
            logger.error("control API request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return ControlResponse.error(ControlError(.internalServerError, "internal", "internal error"))
        }
    }
}
