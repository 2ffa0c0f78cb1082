import AgentControl
import AsyncHTTPClient
import Bridge
import Foundation
import NIOCore
import NIOHTTP1

/// Calls `troupe run`'s control API with the token of the agent turn this process runs in
/// (`TROUPE_CONTROL_URL`, `TROUPE_TOKEN`). Used by `troupe ask` and `troupe mcp`.
struct ControlClient: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct AgentEntry: Decodable, Sendable {
        let name: String
        let displayname: String
        let provider: String
        let you: Bool
    }

    private struct ErrorBody: Decodable {
        let error: String
        let message: String
    }

    let baseURL: String
    let token: String

    /// - Parameter command: named in the message when the variables are missing.
    static func fromEnvironment(command: String) throws -> ControlClient {
        let env = ProcessInfo.processInfo.environment
        guard let url = env["TROUPE_CONTROL_URL"], !url.isEmpty else {
            throw Failure(description: "\(command) runs inside an agent's turn; TROUPE_CONTROL_URL is not set")
        }
        guard let token = env["TROUPE_TOKEN"], !token.isEmpty else {
            throw Failure(description: "\(command) runs inside an agent's turn; TROUPE_TOKEN is not set")
        }
        return ControlClient(baseURL: url.hasSuffix("/") ? String(url.dropLast()) : url, token: token)
    }

    func agents() async throws -> [AgentEntry] {
        struct List: Decodable { let agents: [AgentEntry] }
        return try await call("GET", "/v1/agents", body: nil, as: List.self, timeout: .seconds(30)).agents
    }

    /// Blocks until the other agent has answered.
    func ask(agent: String, message: String, new: Bool) async throws -> String {
        struct Answer: Decodable { let text: String }
        let body: [String: AnyEncodable] = ["agent": .init(agent), "message": .init(message), "new": .init(new)]
        return try await call("POST", "/v1/ask", body: try JSONEncoder().encode(body), as: Answer.self, timeout: .hours(6)).text
    }

    /// A run as the control API shows it (the server's own type, so the two cannot drift apart).
    typealias RunEntry = RunView

    /// Starts a run of `agent` and returns its id; the answer comes back to this chat later.
    func askAsync(agent: String, message: String) async throws -> String {
        struct Started: Decodable { let run: String }
        let body: [String: AnyEncodable] = ["agent": .init(agent), "message": .init(message), "async": .init(true)]
        return try await call("POST", "/v1/ask", body: try JSONEncoder().encode(body), as: Started.self, timeout: .seconds(60)).run
    }

    func spawn(_ fields: [String: AnyEncodable]) async throws -> RunEntry {
        try await call("POST", "/v1/spawn", body: try JSONEncoder().encode(fields), as: RunEntry.self, timeout: .seconds(60))
    }

    func runs() async throws -> [RunEntry] {
        struct List: Decodable { let runs: [RunEntry] }
        return try await call("GET", "/v1/runs", body: nil, as: List.self, timeout: .seconds(30)).runs
    }

    func run(_ id: String) async throws -> RunEntry {
        try await call("GET", "/v1/runs/\(Self.pathSegment(id))", body: nil, as: RunEntry.self, timeout: .seconds(30))
    }

    /// `id` may be `all`. Returns the runs it ended.
    func kill(_ id: String) async throws -> [RunEntry] {
        struct Killed: Decodable { let killed: [RunEntry] }
        return try await call("POST", "/v1/runs/\(Self.pathSegment(id))/kill", body: Data("{}".utf8), as: Killed.self, timeout: .seconds(120)).killed
    }

    func steer(_ id: String, message: String) async throws -> RunEntry {
        try await call("POST", "/v1/runs/\(Self.pathSegment(id))/steer", body: try JSONEncoder().encode(["message": message]),
                       as: RunEntry.self, timeout: .seconds(30))
    }

    /// Blocks until the parent has answered.
    func askParent(_ question: String) async throws -> String {
        struct Answer: Decodable { let text: String }
        return try await call("POST", "/v1/ask_parent", body: try JSONEncoder().encode(["question": question]),
                              as: Answer.self, timeout: .hours(6)).text
    }

    /// A job in the chat of this turn; the answer says its id and next run.
    func scheduleAdd(schedule: String, prompt: String) async throws -> String {
        struct Answer: Decodable { let text: String }
        return try await call("POST", "/v1/schedules", body: try JSONEncoder().encode(["schedule": schedule, "prompt": prompt]),
                              as: Answer.self, timeout: .seconds(30)).text
    }

    func scheduleList() async throws -> String {
        struct Answer: Decodable { let text: String }
        return try await call("GET", "/v1/schedules", body: nil, as: Answer.self, timeout: .seconds(30)).text
    }

    func scheduleDelete(_ id: String) async throws -> String {
        struct Answer: Decodable { let text: String }
        return try await call("POST", "/v1/schedules/\(Self.pathSegment(id))/delete", body: Data("{}".utf8), as: Answer.self,
                              timeout: .seconds(30)).text
    }

    /// Run ids are short alphanumerics; anything else is escaped so it cannot reach another path.
    private static func pathSegment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id
    }

    private func call<T: Decodable>(_ method: String, _ path: String, body: Data?, as: T.Type, timeout: TimeAmount) async throws -> T {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        let data: Data
        do {
            response = try await HTTPClient.shared.execute(request, timeout: timeout)
            data = Data(buffer: try await response.body.collect(upTo: 64 * 1024 * 1024))
        } catch {
            throw Failure(description: "cannot reach the control API at \(baseURL): \(error)")
        }
        guard response.status == .ok else {
            if let failure = try? JSONDecoder().decode(ErrorBody.self, from: data) {
                throw Failure(description: "\(failure.message) (\(failure.error))")
            }
            throw Failure(description: "control API answered \(response.status.code): \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw Failure(description: "unexpected answer from the control API: \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
    }
}

/// A heterogeneous JSON body value.
struct AnyEncodable: Encodable, Sendable {
    private let encodeValue: @Sendable (any Encoder) throws -> Void
    init<T: Encodable & Sendable>(_ value: T) { encodeValue = { try value.encode(to: $0) } }
    func encode(to encoder: any Encoder) throws { try encodeValue(encoder) }
}
