import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `POST /hooks/<name>`: checks a delivery (known hook, size, signature, rate, delivery id) and starts the hook's
/// agent on it after answering. Nothing reaches an agent without the hook's signature.
struct WebhookListener: Sendable {
    let store: any WebhookStore
    let settings: AutomationSettings.Webhooks
    let limiter: RateLimiter
    let now: @Sendable () -> Date
    let logger: Logger
    /// Runs the turn to its end; called in a task of its own, after the response is made.
    let start: @Sendable (AutomatedTurn) async -> Void

    init(store: any WebhookStore, settings: AutomationSettings.Webhooks, now: @escaping @Sendable () -> Date = { Date() }, logger: Logger,
         start: @escaping @Sendable (AutomatedTurn) async -> Void) {
        self.store = store
        self.settings = settings
        limiter = RateLimiter(limit: settings.perMinute, now: now)
        self.now = now
        self.logger = logger
        self.start = start
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.post("/hooks/:name") { request, context in
            await self.respond(to: request, hook: context.parameters.get("name") ?? "")
        }
        for method in [HTTPRequest.Method.get, .put, .patch, .delete] {
            router.on("/hooks/:name", method: method) { _, _ in
                Response(status: .methodNotAllowed, headers: [.contentType: "application/json", .allow: "POST"],
                         body: .init(byteBuffer: ByteBuffer(string: #"{"error":"use POST"}"#)))
            }
        }
        return router
    }

    private func respond(to request: Request, hook name: String) async -> Response {
        // Bounded: these come from whoever calls, signed or not, and end up in the log and the store.
        let delivery = (request.headers[.gitHubDelivery] ?? request.headers[.requestID]).map { String($0.prefix(200)) }
        let outcome = await deliver(request, hook: name, delivery: delivery)
        logger.info("webhook delivery", metadata: ["hook": "\(name.prefix(100))", "status": "\(outcome.status.code)", "outcome": "\(outcome)",
                                                   "delivery": "\(delivery ?? "-")"])
        return Response(status: outcome.status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(string: outcome.json)))
    }

    private func deliver(_ request: Request, hook name: String, delivery: String?) async -> WebhookOutcome {
        let hook: Webhook
        do {
            guard Webhook.isValidName(name), let found = try await store.hook(name) else { return .unknownHook }
            hook = found
        } catch {
            logger.error("could not read a webhook", metadata: ["hook": "\(name)", "error": "\(error)"])
            return .failed
        }
        if let announced = request.headers[.contentLength].flatMap({ Int($0) }), announced > settings.maxBodyBytes { return .tooLarge }
        let body: [UInt8]
        do {
            body = Array(try await request.body.collect(upTo: settings.maxBodyBytes).readableBytesView)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return .tooLarge
        } catch {
            return .failed
        }
        guard WebhookSignature.isValid(request.headers[.hubSignature256], body: body, secret: hook.secret) else { return .badSignature }
        if request.headers[.gitHubEvent] == "ping" { return .pong }
        let at = now()
        do {
            if let delivery, try await store.hasSeen(delivery, hook: name, at: at) { return .duplicate }
            guard await limiter.allow(name) else { return .tooMany }
            // Remembered only once it is taken, so a delivery refused for its rate can come again.
            if let delivery, try await !store.firstSight(of: delivery, hook: name, at: at) { return .duplicate }
        } catch {
            logger.error("could not record a webhook delivery", metadata: ["hook": "\(name)", "error": "\(error)"])
            return .failed
        }
        let payload = String(decoding: body, as: UTF8.self)
        let headers = request.headers
        let prompt = hook.prompt(payload: payload) { field in
            HTTPField.Name(field).map { headers[values: $0].joined(separator: ", ") }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let turn = AutomatedTurn(agent: hook.agent, chat: hook.chat, prompt: prompt, source: .webhook(hook.name))
        Task { [start] in await start(turn) }
        return .accepted
    }
}

extension HTTPField.Name {
    static let gitHubDelivery = Self("X-GitHub-Delivery")!
    static let gitHubEvent = Self("X-GitHub-Event")!
    static let requestID = Self("X-Request-Id")!
    static let hubSignature256 = Self("X-Hub-Signature-256")!
}
