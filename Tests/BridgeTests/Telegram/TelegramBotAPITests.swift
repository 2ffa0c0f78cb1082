import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
@testable import Bridge

/// A scripted Bot API: each method answers from its queue (then `{"ok":true,"result":true}`), and every
/// call is recorded.
actor Script {
    var answers: [String: [(HTTPResponse.Status, String)]] = [:]
    var calls: [(method: String, body: String)] = []

    func add(_ method: String, _ status: HTTPResponse.Status, _ body: String) {
        answers[method, default: []].append((status, body))
    }

    func next(_ method: String, body: String) -> (HTTPResponse.Status, String) {
        calls.append((method, body))
        guard var queue = answers[method], !queue.isEmpty else {
            // An empty poll, like a long poll that timed out.
            return (.ok, method == "getUpdates" ? #"{"ok":true,"result":[]}"# : #"{"ok":true,"result":true}"#)
        }
        let answer = queue.removeFirst()
        answers[method] = queue
        return answer
    }

    func methods() -> [String] { calls.map(\.method) }
    func bodies(_ method: String) -> [String] { calls.filter { $0.method == method }.map(\.body) }
}

func withFakeAPI(_ script: Script, _ body: @escaping @Sendable (TelegramBotAPI) async throws -> Void) async throws {
    let router = Router()
    router.post("botT/:method") { request, context -> Response in
        let method = context.parameters.get("method") ?? ""
        let text = String(buffer: try await request.body.collect(upTo: 1 << 20))
        let (status, answer) = await script.next(method, body: text)
        if method == "getUpdates", answer.hasSuffix("[]}") { try await Task.sleep(for: .milliseconds(50)) }
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer)))
    }
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    try await app.test(.live) { client in
        let api = TelegramBotAPI(apiURL: "http://127.0.0.1:\(client.port!)", token: "T", tokenEnv: "TEST_TOKEN",
                                 retry: TelegramRetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10)), logger: Logger(label: "test"))
        try await body(api)
    }
}

@Suite struct TelegramBotAPITests {
    @Test func getMeDecodesTheBot() async throws {
        let script = Script()
        await script.add("getMe", .ok, #"{"ok":true,"result":{"id":7,"is_bot":true,"first_name":"Troupe","username":"troupe_bot"}}"#)
        try await withFakeAPI(script) { api in
            let me = try await api.getMe()
            #expect(me.id == 7 && me.username == "troupe_bot")
        }
    }

    @Test func badTokenIsUnauthorizedNamingTheVariable() async throws {
        let script = Script()
        await script.add("getMe", .unauthorized, #"{"ok":false,"error_code":401,"description":"Unauthorized"}"#)
        try await withFakeAPI(script) { api in
            await #expect(throws: TelegramError.unauthorized(tokenEnv: "TEST_TOKEN")) { try await api.getMe() }
        }
        #expect(await script.methods() == ["getMe"], "a rejected token is not retried")
    }

    @Test func rateLimitIsWaitedOutThenRetried() async throws {
        let script = Script()
        await script.add("sendMessage", .tooManyRequests,
                         #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}"#)
        await script.add("sendMessage", .ok, #"{"ok":true,"result":{"message_id":5,"chat":{"id":1,"type":"private"},"date":1,"text":"hi"}}"#)
        try await withFakeAPI(script) { api in
            let started = ContinuousClock.now
            let message = try await api.sendMessage(chatID: 1, html: "hi")
            #expect(message.messageID == 5)
            #expect(ContinuousClock.now - started >= .seconds(1))
        }
        #expect(await script.methods() == ["sendMessage", "sendMessage"])
    }

    @Test func rateLimitBeyondTheRetriesIsAnError() async throws {
        let script = Script()
        for _ in 0..<3 {
            await script.add("sendChatAction", .tooManyRequests, #"{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":0}}"#)
        }
        try await withFakeAPI(script) { api in
            await #expect(throws: TelegramError.rateLimited(method: "sendChatAction", retryAfter: 1)) { try await api.sendChatAction(chatID: 1) }
        }
    }

    @Test func aHugeRetryAfterIsReturnedNotWaitedOrOverflowed() async throws {
        // Int.max seconds and a number past Int: neither may crash (overflow) or park the caller for ages.
        let script = Script()
        await script.add("sendChatAction", .tooManyRequests,
                         #"{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":9223372036854775807}}"#)
        await script.add("sendChatAction", .tooManyRequests,
                         #"{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":1e30}}"#)
        try await withFakeAPI(script) { api in
            let started = ContinuousClock.now
            await #expect(throws: TelegramError.rateLimited(method: "sendChatAction", retryAfter: Int.max)) { try await api.sendChatAction(chatID: 1) }
            await #expect(throws: TelegramError.self) { try await api.sendChatAction(chatID: 1) }
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test func unchangedEditCountsAsDone() async throws {
        let script = Script()
        await script.add("editMessageText", .badRequest,
                         #"{"ok":false,"error_code":400,"description":"Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"}"#)
        try await withFakeAPI(script) { api in
            try await api.editMessageText(chatID: 1, messageID: 2, html: "same")
        }
    }

    @Test func otherBadRequestsAreErrors() async throws {
        let script = Script()
        await script.add("sendMessage", .badRequest, #"{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}"#)
        try await withFakeAPI(script) { api in
            await #expect(throws: TelegramError.api(method: "sendMessage", code: 400, description: "Bad Request: chat not found")) {
                _ = try await api.sendMessage(chatID: 1, html: "x")
            }
        }
    }

    @Test func serverErrorsAreRetriedForSafeMethods() async throws {
        let script = Script()
        await script.add("getUpdates", .badGateway, #"{"ok":false,"error_code":502,"description":"Bad Gateway"}"#)
        await script.add("getUpdates", .ok, #"{"ok":true,"result":[{"update_id":3,"message":{"message_id":1,"chat":{"id":1,"type":"private"},"date":1,"text":"x"}},{"update_id":4,"message":{"chat":"broken"}}]}"#)
        try await withFakeAPI(script) { api in
            let updates = try await api.getUpdates(offset: 3, timeout: 0, allowedUpdates: ["message"])
            // The update Troupe cannot read comes back bare, so the offset moves past it.
            #expect(updates.map(\.updateID) == [3, 4])
            #expect(updates[1].message == nil)
        }
        let body = try #require(await script.bodies("getUpdates").last)
        #expect(body.contains(#""offset":3"#) && body.contains(#""allowed_updates":["message"]"#))
    }

    @Test func sendMessageCarriesReplyThreadAndKeyboard() async throws {
        let script = Script()
        await script.add("sendMessage", .ok, #"{"ok":true,"result":{"message_id":9,"chat":{"id":-5,"type":"supergroup"},"date":1}}"#)
        try await withFakeAPI(script) { api in
            let keyboard = TelegramInlineKeyboardMarkup([[.init(text: "Yes", callbackData: "m:t:1")]])
            _ = try await api.sendMessage(chatID: -5, html: "<b>hi</b>", threadID: 77, replyTo: 3, keyboard: keyboard)
        }
        let body = try JSONSerialization.jsonObject(with: Data(try #require(await script.bodies("sendMessage").first).utf8)) as? [String: Any]
        #expect(body?["parse_mode"] as? String == "HTML")
        #expect(body?["message_thread_id"] as? Int == 77)
        #expect((body?["reply_parameters"] as? [String: Any])?["message_id"] as? Int == 3)
        let markup = body?["reply_markup"] as? [String: Any]
        #expect(((markup?["inline_keyboard"] as? [[Any]])?.first?.first as? [String: Any])?["callback_data"] as? String == "m:t:1")
    }

    @Test func filesGoAsMultipartUploads() async throws {
        let script = Script()
        await script.add("sendDocument", .ok, #"{"ok":true,"result":{"message_id":11,"chat":{"id":5,"type":"private"},"date":1}}"#)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("troupe-\(UUID().uuidString)-report.txt")
        try Data("the report".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try await withFakeAPI(script) { api in
            let sent = try await api.sendFile(chatID: 5, file: file, asPhoto: false, caption: "<b>here</b>", threadID: 9, replyTo: 4)
            #expect(sent.messageID == 11)
        }
        let body = try #require(await script.bodies("sendDocument").first)
        #expect(body.contains("name=\"chat_id\"\r\n\r\n5\r\n"))
        #expect(body.contains("name=\"message_thread_id\"\r\n\r\n9\r\n"))
        #expect(body.contains("name=\"parse_mode\"\r\n\r\nHTML\r\n"))
        #expect(body.contains("name=\"document\"; filename=\"\(file.lastPathComponent)\"\r\nContent-Type: text/plain\r\n\r\nthe report\r\n"))
        #expect(body.contains(#""message_id":4"#))
        #expect(body.hasSuffix("--\r\n"))
    }

    @Test func unreachableAPIIsANetworkErrorWithoutTheToken() async throws {
        let api = TelegramBotAPI(apiURL: "http://127.0.0.1:1", token: "SECRET-TOKEN", tokenEnv: "T",
                                 retry: TelegramRetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10)), logger: Logger(label: "test"))
        do {
            _ = try await api.getMe()
            Issue.record("getMe succeeded against a closed port")
        } catch let error as TelegramError {
            guard case .network = error else {
                Issue.record("expected a network error, got \(error)")
                return
            }
            #expect(!error.description.contains("SECRET-TOKEN"))
        }
        #expect(!api.description.contains("SECRET-TOKEN"))
    }
}

@Suite struct TelegramErrorTests {
    @Test func conflictsAreToldApart() {
        let webhook = TelegramError.api(method: "getUpdates", code: 409,
                                        description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
        let other = TelegramError.api(method: "getUpdates", code: 409,
                                      description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
        #expect(webhook.isWebhookConflict && !webhook.isPollingConflict)
        #expect(other.isPollingConflict && !other.isWebhookConflict)
        #expect(!TelegramError.api(method: "sendMessage", code: 409, description: "Conflict").isPollingConflict)
    }

    @Test func onlyTheUnchangedEditIsNotModified() {
        #expect(TelegramError.api(method: "editMessageText", code: 400, description: "Bad Request: message is not modified: same").isNotModified)
        #expect(!TelegramError.api(method: "editMessageText", code: 400, description: "Bad Request: message to edit not found").isNotModified)
        #expect(TelegramError.api(method: "sendMessage", code: 403, description: "Forbidden: bot was blocked by the user").isPermanent)
        #expect(!TelegramError.network(method: "getMe", reason: "refused").isPermanent)
    }
}
