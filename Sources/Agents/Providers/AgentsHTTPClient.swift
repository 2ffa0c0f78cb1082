import AsyncHTTPClient

/// The HTTP client for OpenAI-compatible endpoints. Unlike `HTTPClient.shared`
/// it does not retry failed connection attempts until the request deadline, so
/// a wrong `base_url` or a stopped Ollama fails the turn at once with a clear
/// message instead of hanging for the whole turn timeout. Process-wide and
/// never shut down, like `HTTPClient.shared`.
enum AgentsHTTPClient {
    static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: .seconds(10))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
}
