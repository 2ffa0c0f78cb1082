import Agents
import Foundation
import HTTPTypes
import Hummingbird

/// The run endpoints. A caller sees and acts on the runs it asked for from the chat its token is bound to,
/// and everything below them; a sub-agent's token also reaches the runs below its own. Runs of another agent,
/// or of the same agent in another chat, answer 404 as if they did not exist.
///
/// - `POST /v1/ask {"agent", "message", "async": true}` → `{"run", "agent", "state"}` at once
/// - `POST /v1/spawn {"task", "agent"?, "role"?, "provider"?, "model"?, "timeout"?, "token_budget"?}` → the run
/// - `GET /v1/runs` → `{"runs": [run]}` newest first; `GET /v1/runs/{id}` → run
/// - `POST /v1/runs/{id}/kill` (id `all`: every visible unfinished run) → `{"killed": [run]}`
/// - `POST /v1/runs/{id}/steer {"message"}` → run
/// - `POST /v1/ask_parent {"question"}` (from inside a run) → `{"text"}` once the parent answered
extension ControlAPI {
    func addRunRoutes(to router: Router<ControlRequestContext>) {
        router.post("/v1/spawn") { request, context in
            let body = try await Self.decode(SpawnRequest.self, request, context,
                                             shape: "{\"task\": TEXT, \"agent\"?, \"role\"?, \"provider\"?, \"model\"?, \"timeout\"?, \"token_budget\"?}")
            return try await self.spawn(body, caller: context.requireGrant())
        }
        router.get("/v1/runs") { _, context in
            try await self.listRuns(caller: context.requireGrant())
        }
        router.get("/v1/runs/:id") { _, context in
            let caller = try context.requireGrant()
            return try ControlResponse.json(RunView(try await self.visibleRun(try context.parameters.require("id"), caller: caller)))
        }
        router.post("/v1/runs/:id/kill") { _, context in
            try await self.kill(try context.parameters.require("id"), caller: context.requireGrant())
        }
        router.post("/v1/runs/:id/steer") { request, context in
            let body = try await Self.decode(MessageBody.self, request, context, shape: "{\"message\": TEXT}")
            let caller = try context.requireGrant()
            let run = try await self.visibleRun(try context.parameters.require("id"), caller: caller)
            try await Self.mapping { try await self.requireRuns().steer(run.id, body.message) }
            return try ControlResponse.json(RunView(try await self.visibleRun(run.id.rawValue, caller: caller)))
        }
        router.post("/v1/ask_parent") { request, context in
            let body = try await Self.decode(QuestionBody.self, request, context, shape: "{\"question\": TEXT}")
            return try await self.askParent(body.question, caller: context.requireGrant())
        }
    }

    // MARK: Bodies

    struct SpawnRequest: Codable, Sendable {
        let task: String
        let agent: String?
        let role: String?
        let provider: String?
        let model: String?
        let timeout: Double?
        let tokenBudget: Int?

        enum CodingKeys: String, CodingKey {
            case task, agent, role, provider, model, timeout
            case tokenBudget = "token_budget"
        }
    }

    struct MessageBody: Codable, Sendable { let message: String }
    struct QuestionBody: Codable, Sendable { let question: String }
    struct RunList: Codable, Sendable { let runs: [RunView] }
    struct KillAnswer: Codable, Sendable { let killed: [RunView] }
    struct TextAnswer: Codable, Sendable { let text: String }

    struct AsyncAskAnswer: Codable, Sendable {
        let run: String
        let agent: String
        let state: String
    }

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: ControlRequestContext, shape: String) async throws -> T {
        do {
            return try await request.decode(as: T.self, context: context)
        } catch {
            throw ControlError(.badRequest, "bad_request", "the body must be JSON \(shape)")
        }
    }

    // MARK: Endpoints

    func requireRuns() throws -> RunManager {
        guard let runs else {
            throw ControlError(.serviceUnavailable, "runs_disabled", "sub-agent runs are not available in this Troupe")
        }
        return runs
    }

    /// The requester, as captured for the run's result: the transport's routing for a chat, or the bare chat.
    func routing(for caller: ControlGrant) async -> RunRouting {
        await routingResolver?(caller.agent, caller.chat) ?? RunRouting(agent: caller.agent, chat: caller.chat)
    }

    func askAsync(_ request: AskRequest, target: String, caller: ControlGrant) async throws -> Response {
        let runs = try requireRuns()
        let routing = await routing(for: caller)
        let run = try await Self.mapping {
            try await runs.spawn(RunRequest(agent: target, task: request.message, routing: routing), parent: Run.id(inChat: caller.chat))
        }
        logger.info("delegating asynchronously", metadata: ["agent": "\(caller.agent)", "target": "\(target)", "run_id": "\(run.id)"])
        return try ControlResponse.json(AsyncAskAnswer(run: run.id.rawValue, agent: target, state: run.state.rawValue))
    }

    func spawn(_ body: SpawnRequest, caller: ControlGrant) async throws -> Response {
        let runs = try requireRuns()
        let agent = body.agent?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty ?? caller.agent
        let request = RunRequest(
            agent: agent, task: body.task, routing: await routing(for: caller), role: body.role?.nilIfEmpty,
            provider: body.provider?.nilIfEmpty, model: body.model?.nilIfEmpty, timeout: body.timeout, tokenBudget: body.tokenBudget)
        let run = try await Self.mapping { try await runs.spawn(request, parent: Run.id(inChat: caller.chat)) }
        logger.info("spawned a run", metadata: ["agent": "\(caller.agent)", "run_id": "\(run.id)", "worker": "\(agent)"])
        return try ControlResponse.json(RunView(run))
    }

    func listRuns(caller: ControlGrant) async throws -> Response {
        let runs = try requireRuns()
        var visible: [RunView] = []
        for run in try await runs.list() {
            if try await isVisible(run, to: caller) { visible.append(RunView(run)) }
        }
        return try ControlResponse.json(RunList(runs: visible))
    }

    func kill(_ id: String, caller: ControlGrant) async throws -> Response {
        let runs = try requireRuns()
        var targets: [RunID] = []
        if id == "all" {
            for run in await runs.activeRuns {
                if try await isVisible(run, to: caller) { targets.append(run.id) }
            }
        } else {
            targets = [try await visibleRun(id, caller: caller).id]
        }
        var killed: [RunView] = []
        for target in targets {
            killed += try await Self.mapping { try await runs.kill(target) }.map(RunView.init)
        }
        return try ControlResponse.json(KillAnswer(killed: killed))
    }

    func askParent(_ question: String, caller: ControlGrant) async throws -> Response {
        let runs = try requireRuns()
        guard let run = Run.id(inChat: caller.chat) else {
            throw ControlError(.conflict, "not_a_run", "ask_parent works only inside a sub-agent run; you were started from a chat, so answer the user directly")
        }
        let answer = try await Self.mapping { try await runs.askParent(from: run, question: question) }
        return try ControlResponse.json(TextAnswer(text: answer))
    }

    // MARK: Scoping

    /// The run if the caller may see it; 404 otherwise, so other agents' runs stay invisible.
    func visibleRun(_ id: String, caller: ControlGrant) async throws -> Run {
        let runs = try requireRuns()
        let notFound = ControlError(.notFound, "unknown_run", "there is no run \(id) that you started (see list_runs)")
        guard let run = try await runs.run(RunID(rawValue: id)), try await isVisible(run, to: caller) else { throw notFound }
        return run
    }

    /// Walks up from `run`: visible if a run on the way was asked for by this agent in this chat, or is the caller's own run.
    func isVisible(_ run: Run, to caller: ControlGrant) async throws -> Bool {
        let runs = try requireRuns()
        let own = Run.id(inChat: caller.chat)
        var current: Run? = run
        var seen: Set<RunID> = []
        while let step = current, seen.insert(step.id).inserted {
            if step.id == own { return true }
            if step.routing.agent == caller.agent, step.routing.chat == caller.chat { return true }
            guard let parent = step.parent else { break }
            current = try await runs.run(parent)
        }
        return false
    }

    /// Turns the run manager's refusals into control API errors with the same message.
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as RunError {
            let status: HTTPResponse.Status = switch error.kind {
            case .limit: .tooManyRequests
            case .notFound, .unknownAgent: .notFound
            case .badRequest: .badRequest
            case .conflict: .conflict
            }
            throw ControlError(status, error.kind.rawValue, error.message)
        } catch let error as AgentError {
            throw ControlError(.badRequest, "agent_error", error.message)
        }
    }
}

/// A run as the control API shows it; keys in snake_case like the rest of the API.
public struct RunView: Codable, Sendable, Equatable {
    public let id: String
    public let parent: String?
    public let depth: Int
    public let agent: String
    public let requestedBy: String
    public let task: String
    public let state: String
    public let result: String?
    public let error: String?
    public let inputTokens: Int
    public let outputTokens: Int
    public let costUSD: Double
    public let delivery: String
    public let ageSeconds: Int

    init(_ run: Run) {
        id = run.id.rawValue
        parent = run.parent?.rawValue
        depth = run.depth
        agent = run.agent
        requestedBy = run.routing.agent
        task = run.task
        state = run.state.rawValue
        result = run.result
        error = run.error
        inputTokens = run.usage.inputTokens
        outputTokens = run.usage.outputTokens
        costUSD = run.costUSD
        delivery = run.delivery.rawValue
        ageSeconds = max(0, Int(Date().timeIntervalSince(run.createdAt)))
    }

    public enum CodingKeys: String, CodingKey {
        case id, parent, depth, agent, task, state, result, error, delivery
        case requestedBy = "requested_by"
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case costUSD = "cost_usd"
        case ageSeconds = "age_seconds"
    }
}

extension String {
    fileprivate var nilIfEmpty: String? {
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
