import AsyncHTTPClient
import Foundation
import Logging
import MatrixAppService
import NIOCore
import NIOHTTP1
import Retry

/// How hard a request is retried.
public struct TelegramRetryPolicy: Sendable {
    public var maxAttempts: Int
    /// First back-off after a network or server error; doubles each time up to `maxDelay`.
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// A `retry_after` longer than this is not waited out inside one call: the caller gets `.rateLimited`.
    public var maxRetryAfter: Int

    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(16), maxRetryAfter: Int = 120) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// Network and 5xx back-off: `baseDelay` doubling up to `maxDelay`, `maxAttempts` in all.
    var schedule: Backoff { Backoff(base: baseDelay, cap: maxDelay, maxAttempts: maxAttempts) }

    func delay(afterAttempt attempt: Int) -> Duration { schedule.delay(afterAttempt: attempt) }
}

/// A client for the Telegram Bot API (`{api_url}/bot{token}/{method}`), over AsyncHTTPClient.
///
/// The token is part of every URL, so URLs are never logged or put into errors. 429 answers are waited
/// out (`retry_after`); network and 5xx errors are retried with back-off for requests that are safe to
/// repeat, and for sends only when the connection never got through (so a reply is never posted twice).
public struct TelegramBotAPI: Sendable, CustomStringConvertible {
    public let apiURL: String
    let token: String
    let tokenEnv: String
    let http: HTTPClient
    let retry: TelegramRetryPolicy
    let logger: Logger
    /// Sends (`sendMessage`, `sendPhoto`, `sendDocument`) and retries, as `transport="telegram"`.
    let metrics: SendMetrics

    /// Bot API answers are small except file downloads (bots may fetch up to 20 MB).
    static let responseLimit = 8 * 1024 * 1024
    static let downloadLimit = 20 * 1024 * 1024
    /// `getUpdates` holds the connection for its `timeout`; the request may take that long plus the trip.
    public static let pollTimeout = 30

    public init(apiURL: String, token: String, tokenEnv: String, http: HTTPClient = HomeserverClient.defaultHTTPClient,
                retry: TelegramRetryPolicy = TelegramRetryPolicy(), logger: Logger) {
        self.apiURL = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
        self.token = token
        self.tokenEnv = tokenEnv
        self.http = http
        self.retry = retry
        self.logger = logger
        metrics = SendMetrics(transport: "telegram")
    }

    public var description: String { "TelegramBotAPI(\(apiURL), token from $\(tokenEnv))" }

    // MARK: Methods

    public func getMe() async throws -> TelegramUser {
        try await call("getMe", [:], idempotent: true)
    }

    /// Long polling: waits up to `timeout` seconds for updates after `offset`. Updates Telegram cannot
    /// decode into our types come back with only their id, so one odd update cannot block the rest.
    public func getUpdates(offset: Int64?, timeout: Int = pollTimeout, allowedUpdates: [String]) async throws -> [TelegramUpdate] {
        var parameters: [String: JSONValue] = [
            "timeout": .int(Int64(timeout)), "allowed_updates": .array(allowedUpdates.map(JSONValue.string)),
        ]
        if let offset { parameters["offset"] = .int(offset) }
        let raw: [JSONValue] = try await call("getUpdates", parameters, idempotent: true, timeout: .seconds(Int64(timeout) + 15))
        return raw.compactMap { value in
            guard let data = try? value.jsonData() else { return nil }
            if let update = try? JSONDecoder().decode(TelegramUpdate.self, from: data) { return update }
            guard let id = value["update_id"]?.intValue else { return nil }
            logger.warning("skipping a Telegram update Troupe cannot read", metadata: ["update_id": "\(id)"])
            return TelegramUpdate(updateID: id)
        }
    }

    /// Sends HTML (Telegram's subset; see `TelegramHTML`).
    public func sendMessage(chatID: Int64, html: String, threadID: Int64? = nil, replyTo: Int64? = nil,
                            keyboard: TelegramInlineKeyboardMarkup? = nil) async throws -> TelegramMessage {
        var parameters: [String: JSONValue] = ["chat_id": .int(chatID), "text": .string(html), "parse_mode": "HTML",
                                               "link_preview_options": ["is_disabled": true]]
        if let threadID { parameters["message_thread_id"] = .int(threadID) }
        if let replyTo { parameters["reply_parameters"] = Self.replyParameters(replyTo) }
        if let keyboard { parameters["reply_markup"] = try Self.json(keyboard) }
        let message: TelegramMessage = try await call("sendMessage", parameters, idempotent: false)
        metrics.sent("sendMessage")
        return message
    }

    /// Replaces a message's text (and its keyboard: without one, the keyboard goes away). An edit that
    /// changes nothing ("message is not modified") counts as done.
    public func editMessageText(chatID: Int64, messageID: Int64, html: String, keyboard: TelegramInlineKeyboardMarkup? = nil) async throws {
        var parameters: [String: JSONValue] = ["chat_id": .int(chatID), "message_id": .int(messageID), "text": .string(html),
                                               "parse_mode": "HTML", "link_preview_options": ["is_disabled": true]]
        if let keyboard { parameters["reply_markup"] = try Self.json(keyboard) }
        do {
            let _: JSONValue = try await call("editMessageText", parameters, idempotent: true)
        } catch let error as TelegramError where error.isNotModified {
            return
        }
    }

    public func deleteMessage(chatID: Int64, messageID: Int64) async throws {
        let _: JSONValue = try await call("deleteMessage", ["chat_id": .int(chatID), "message_id": .int(messageID)], idempotent: true)
    }

    /// Puts one emoji reaction on a message as the bot (`streaming.seen`: 👀 for a message handed to an agent).
    public func setMessageReaction(chatID: Int64, messageID: Int64, emoji: String) async throws {
        let _: JSONValue = try await call("setMessageReaction", [
            "chat_id": .int(chatID), "message_id": .int(messageID),
            "reaction": .array([.object(["type": .string("emoji"), "emoji": .string(emoji)])]),
        ], idempotent: true)
    }

    /// Shows "typing…" (or another action) for about five seconds, or until the bot sends a message.
    public func sendChatAction(chatID: Int64, action: String = "typing", threadID: Int64? = nil) async throws {
        var parameters: [String: JSONValue] = ["chat_id": .int(chatID), "action": .string(action)]
        if let threadID { parameters["message_thread_id"] = .int(threadID) }
        let _: JSONValue = try await call("sendChatAction", parameters, idempotent: true)
    }

    /// Ends the button's loading spinner; `text` shows as a toast (or an alert with `showAlert`).
    public func answerCallbackQuery(_ id: String, text: String? = nil, showAlert: Bool = false) async throws {
        var parameters: [String: JSONValue] = ["callback_query_id": .string(id)]
        if let text { parameters["text"] = .string(String(text.prefix(200))) }
        if showAlert { parameters["show_alert"] = true }
        let _: JSONValue = try await call("answerCallbackQuery", parameters, idempotent: true)
    }

    public func setMyCommands(_ commands: [TelegramBotCommand]) async throws {
        let _: JSONValue = try await call("setMyCommands", ["commands": try Self.json(commands)], idempotent: true)
    }

    /// Switches the bot back to polling; pending updates stay queued for `getUpdates`.
    public func deleteWebhook() async throws {
        let _: JSONValue = try await call("deleteWebhook", ["drop_pending_updates": false], idempotent: true)
    }

    public func leaveChat(chatID: Int64) async throws {
        let _: JSONValue = try await call("leaveChat", ["chat_id": .int(chatID)], idempotent: true)
    }

    public func getFile(fileID: String) async throws -> TelegramFile {
        try await call("getFile", ["file_id": .string(fileID)], idempotent: true)
    }

    /// The file's bytes. A self-hosted Bot API server in `--local` mode answers with a path on its own
    /// disk; when that path exists here, it is read directly.
    public func downloadFile(_ file: TelegramFile) async throws -> Data {
        guard let path = file.filePath, !path.isEmpty else {
            throw TelegramError.invalidResponse(method: "getFile", reason: "no file_path (is the file larger than 20 MB?)")
        }
        if path.hasPrefix("/"), FileManager.default.isReadableFile(atPath: path) {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        }
        let encoded = path.split(separator: "/").map { MatrixPath.segment(String($0)) }.joined(separator: "/")
        let (status, body) = try await transfer("download", url: "\(apiURL)/file/bot\(token)/\(encoded)", method: .GET,
                                                contentType: nil, body: nil, idempotent: true, limit: Self.downloadLimit,
                                                timeout: .seconds(120))
        guard status == 200 else { throw TelegramError.api(method: "download", code: status, description: "file download failed") }
        return body
    }

    /// Sends a file as a document (any type) or, with `asPhoto`, as a compressed photo.
    public func sendFile(chatID: Int64, file: URL, asPhoto: Bool, caption: String? = nil, threadID: Int64? = nil,
                         replyTo: Int64? = nil) async throws -> TelegramMessage {
        try await sendFile(chatID: chatID, name: file.lastPathComponent, data: try Data(contentsOf: file), asPhoto: asPhoto,
                           caption: caption, threadID: threadID, replyTo: replyTo)
    }

    /// Sends bytes already read (e.g. by the `<file:…>` resolver, which checked the descriptor it read them from).
    public func sendFile(chatID: Int64, name: String, data: Data, asPhoto: Bool, caption: String? = nil, threadID: Int64? = nil,
                         replyTo: Int64? = nil) async throws -> TelegramMessage {
        let method = asPhoto ? "sendPhoto" : "sendDocument"
        var form = MultipartForm()
        form.add("chat_id", String(chatID))
        if let threadID { form.add("message_thread_id", String(threadID)) }
        if let caption {
            form.add("caption", caption)
            form.add("parse_mode", "HTML")
        }
        if let replyTo, let data = try? Self.replyParameters(replyTo).jsonData() {
            form.add("reply_parameters", String(decoding: data, as: UTF8.self))
        }
        form.addFile(asPhoto ? "photo" : "document", filename: name, mimeType: FileMarkers.mimeType(for: URL(fileURLWithPath: name)), data: data)
        let (status, body) = try await transfer(method, url: "\(apiURL)/bot\(token)/\(method)", method: .POST,
                                                contentType: form.contentType, body: form.body, idempotent: false,
                                                limit: Self.responseLimit, timeout: .seconds(300))
        let message: TelegramMessage = try decodeEnvelope(method, status: status, body: body)
        metrics.sent(method)
        return message
    }

    // MARK: Transport

    static func replyParameters(_ messageID: Int64) -> JSONValue {
        // A reply to a message deleted meanwhile still goes out, just without the quote.
        ["message_id": .int(messageID), "allow_sending_without_reply": true]
    }

    static func json(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    /// Calls a method with JSON parameters, retrying as the type comment says, and returns `result`.
    func call<Result: Decodable>(_ method: String, _ parameters: [String: JSONValue], idempotent: Bool,
                                 timeout: TimeAmount = .seconds(30)) async throws -> Result {
        let body = try JSONValue.object(parameters).jsonData()
        var attempt = 0
        while true {
            attempt += 1
            let (status, data) = try await transfer(method, url: "\(apiURL)/bot\(token)/\(method)", method: .POST,
                                                    contentType: "application/json", body: body, idempotent: idempotent,
                                                    limit: Self.responseLimit, timeout: timeout)
            do {
                return try decodeEnvelope(method, status: status, body: data)
            } catch TelegramError.rateLimited(let method, let retryAfter) {
                guard retry.schedule.allowsRetry(afterAttempt: attempt), retryAfter <= retry.maxRetryAfter else {
                    throw TelegramError.rateLimited(method: method, retryAfter: retryAfter)
                }
                logger.warning("Telegram rate limit: waiting", metadata: ["method": "\(method)", "retry_after": "\(retryAfter)"])
                metrics.retried(.rateLimited)
                try await Task.sleep(for: .seconds(retryAfter))
            } catch let error as TelegramError {
                guard case .api(_, let code, _) = error, code >= 500, idempotent, retry.schedule.allowsRetry(afterAttempt: attempt) else { throw error }
                logger.warning("Telegram server error: retrying", metadata: ["method": "\(method)", "error": "\(error)"])
                metrics.retried(.serverError)
                try await Task.sleep(for: retry.delay(afterAttempt: attempt))
            }
        }
    }

    /// Turns a Bot API answer into its result or a typed error.
    func decodeEnvelope<Result: Decodable>(_ method: String, status: Int, body: Data) throws -> Result {
        let envelope: TelegramEnvelope<Result>
        do {
            envelope = try JSONDecoder().decode(TelegramEnvelope<Result>.self, from: body)
        } catch {
            if status == 401 { throw TelegramError.unauthorized(tokenEnv: tokenEnv) }
            let snippet = String(decoding: body.prefix(200), as: UTF8.self)
            throw TelegramError.invalidResponse(method: method, reason: "HTTP \(status): \(snippet)")
        }
        if envelope.ok, let result = envelope.result { return result }
        let code = envelope.errorCode ?? status
        let description = envelope.description ?? "HTTP \(status)"
        if code == 401 || (code == 404 && method == "getMe") { throw TelegramError.unauthorized(tokenEnv: tokenEnv) }
        if code == 429 { throw TelegramError.rateLimited(method: method, retryAfter: max(1, envelope.parameters?.retryAfter ?? 1)) }
        if envelope.ok { throw TelegramError.invalidResponse(method: method, reason: "ok without a result") }
        throw TelegramError.api(method: method, code: code, description: description)
    }

    /// One HTTP exchange, retried after network failures (any, when `idempotent`; else only when the
    /// connection was never made). Returns the status and body.
    func transfer(_ name: String, url: String, method: HTTPMethod, contentType: String?, body: Data?, idempotent: Bool,
                  limit: Int, timeout: TimeAmount) async throws -> (Int, Data) {
        var attempt = 0
        while true {
            attempt += 1
            do {
                var request = HTTPClientRequest(url: url)
                request.method = method
                if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
                if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
                let response = try await http.execute(request, timeout: timeout)
                let buffer = try await response.body.collect(upTo: limit)
                return (Int(response.status.code), Data(buffer.readableBytesView))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                let reason = Self.describe(error)
                guard retry.schedule.allowsRetry(afterAttempt: attempt), idempotent || Self.neverConnected(error) else {
                    throw TelegramError.network(method: name, reason: reason)
                }
                logger.warning("Telegram Bot API unreachable: retrying", metadata: ["method": "\(name)", "attempt": "\(attempt)", "error": "\(reason)"])
                metrics.retried(.unreachable)
                try await Task.sleep(for: retry.delay(afterAttempt: attempt))
            }
        }
    }

    /// True when the request cannot have reached Telegram, so sending it again cannot duplicate it.
    static func neverConnected(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError, error == .connectTimeout { return true }
        let text = String(describing: error).lowercased()
        return text.contains("connection refused") || text.contains("connectionerror") || text.contains("connect timeout")
            || text.contains("no such host") || text.contains("name resolution")
    }

    /// An error's text without anything that could carry the URL (and so the token).
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.contains("/bot") ? "\(type(of: error))" : text
    }
}
