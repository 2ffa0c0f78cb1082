import AsyncHTTPClient
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
