import Retry
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// One request to the client-server API, as the appservice.
public struct MatrixRequest: Sendable {
    public var method: HTTPMethod
    /// Already percent-encoded path, built with `MatrixPath`.
    public var path: String
    public var query: [(String, String)]
    public var body: Data?
    public var contentType: String
    /// Safe to send twice: a PUT with a transaction id, a GET, a join. Only these are retried after a
    /// network error or a 502/503/504, since the first attempt may have been carried out.
    public var idempotent: Bool
    public var responseLimit: Int

    public init(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json: JSONValue? = nil,
                idempotent: Bool? = nil, responseLimit: Int = 4 * 1024 * 1024) {
        self.method = method
        self.path = path
        self.query = query
        self.body = try? json?.jsonData()
        self.contentType = "application/json"
        self.idempotent = idempotent ?? (method != .POST)
        self.responseLimit = responseLimit
    }
}

/// Percent-encodes path segments; Matrix ids carry `@ : ! $ #`, which must not be taken as URL syntax.
public enum MatrixPath {
    static let unreserved: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()

    public static func segment(_ raw: String) -> String {
        raw.addingPercentEncoding(withAllowedCharacters: unreserved) ?? raw
    }

    /// `client("v3", "rooms", roomID, "send")` → `/_matrix/client/v3/rooms/%21…/send`.
    public static func client(_ version: String, _ segments: String...) -> String {
        "/_matrix/client/\(version)/" + segments.map(segment).joined(separator: "/")
    }
}

/// Talks to the homeserver with the appservice token, retrying what is safe to retry.
public struct HomeserverClient: Sendable {
    public let baseURL: String
    let asToken: String
    let http: HTTPClient
    let retry: RetryPolicy
    let logger: Logger
    let timeout: TimeAmount
    let metrics: SendMetrics

    /// One client for the process. Connection failures surface at once (refused stays refused) so that
    /// our own retry policy decides what happens next; AsyncHTTPClient would otherwise keep retrying the
    /// connection silently until the request deadline.
    public static let defaultHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    public init(baseURL: String, asToken: String, http: HTTPClient = HomeserverClient.defaultHTTPClient, retry: RetryPolicy = RetryPolicy(),
                timeout: TimeAmount = .seconds(60), metrics: SendMetrics? = nil, logger: Logger) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.asToken = asToken
        self.http = http
        self.retry = retry
        self.timeout = timeout
        self.logger = logger
        self.metrics = metrics ?? SendMetrics(transport: "matrix")
    }

    public func withRetry(_ retry: RetryPolicy) -> HomeserverClient {
        HomeserverClient(baseURL: baseURL, asToken: asToken, http: http, retry: retry, timeout: timeout, metrics: metrics, logger: logger)
    }

    /// Sends the request, returning the body of a 2xx answer; throws `MatrixError` or `HomeserverUnreachable`.
    @discardableResult
    public func send(_ request: MatrixRequest) async throws -> Data {
        try await sendRaw(request).body
    }

    public func sendJSON(_ request: MatrixRequest) async throws -> JSONValue {
        let data = try await send(request)
        do { return try JSONValue.decode(data) } catch {
            throw HomeserverUnreachable(url: baseURL + request.path, reason: "answer is not JSON")
        }
    }

    public func sendRaw(_ request: MatrixRequest) async throws -> (body: Data, contentType: String?) {
        var attempt = 0
        while true {
            attempt += 1
            let outcome: Result<(Data, String?), any Error>
            do {
                outcome = .success(try await once(request))
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let value):
                return value
            case .failure(let error as MatrixError) where error.status == 429 && attempt < retry.maxAttempts:
                let delay = retry.rateLimitDelay(error, attempt: attempt)
                logger.info("rate limited, waiting", metadata: ["path": "\(request.path)", "delay": "\(delay)"])
                metrics.retried(.rateLimited)
                try await Task.sleep(for: delay)
            case .failure(let error as MatrixError)
                where RetryPolicy.isTransient(status: error.status) && request.idempotent && attempt < retry.maxAttempts:
                let delay = retry.backoff(afterAttempt: attempt)
                logger.info("homeserver busy, retrying", metadata: ["path": "\(request.path)", "status": "\(error.status)", "delay": "\(delay)"])
                metrics.retried(.serverError)
                try await Task.sleep(for: delay)
            case .failure(let error as HomeserverUnreachable) where request.idempotent && attempt < retry.maxAttempts:
                let delay = retry.backoff(afterAttempt: attempt)
                logger.info("homeserver unreachable, retrying", metadata: ["path": "\(request.path)", "reason": "\(error.reason)", "delay": "\(delay)"])
                metrics.retried(.unreachable)
                try await Task.sleep(for: delay)
            case .failure(let error):
                throw error
            }
        }
    }

    private func once(_ request: MatrixRequest) async throws -> (Data, String?) {
        var url = baseURL + request.path
        if !request.query.isEmpty {
            url += "?" + request.query.map { "\(MatrixPath.segment($0.0))=\(MatrixPath.segment($0.1))" }.joined(separator: "&")
        }
        var http = HTTPClientRequest(url: url)
        http.method = request.method
        http.headers.add(name: "Authorization", value: "Bearer \(asToken)")
        if let body = request.body {
            http.headers.add(name: "Content-Type", value: request.contentType)
            http.body = .bytes(ByteBuffer(bytes: body))
        } else if request.method == .POST || request.method == .PUT {
            http.headers.add(name: "Content-Type", value: "application/json")
            http.body = .bytes(ByteBuffer(string: "{}"))
        }
        let response: HTTPClientResponse
        let data: Data
        do {
            response = try await self.http.execute(http, timeout: timeout)
            data = Data(buffer: try await response.body.collect(upTo: request.responseLimit))
        } catch let error as CancellationError {
            throw error
        } catch {
            throw HomeserverUnreachable(url: url, reason: String(describing: error))
        }
        let status = Int(response.status.code)
        if (200..<300).contains(status) {
            return (data, response.headers.first(name: "Content-Type"))
        }
        throw Self.matrixError(status: status, body: data, retryAfterHeader: response.headers.first(name: "Retry-After"))
    }

    static func matrixError(status: Int, body: Data, retryAfterHeader: String?) -> MatrixError {
        let json = try? JSONValue.decode(body)
        var retryAfterMs = json?["retry_after_ms"]?.intValue.map(Int.init)
        if retryAfterMs == nil, let header = retryAfterHeader, let seconds = Int(header.trimmingCharacters(in: .whitespaces)) {
            // Saturating: `Retry-After: 9223372036854775807` must not overflow (and crash) here;
            // `RetryPolicy` caps the wait anyway.
            let (ms, overflow) = seconds.multipliedReportingOverflow(by: 1000)
            retryAfterMs = overflow ? (seconds < 0 ? Int.min : Int.max) : ms
        }
        let errcode = json?["errcode"]?.stringValue ?? "M_UNKNOWN"
        let message = json?["error"]?.stringValue
            ?? String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return MatrixError(status: status, errcode: errcode, message: message.isEmpty ? "HTTP \(status)" : message,
                           retryAfterMs: retryAfterMs)
    }
}
