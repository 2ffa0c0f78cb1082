import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import MatrixAppService

/// A scripted homeserver: answers each request with the next scripted response and records what came in.
private actor Script {
    struct Answer: Sendable {
        var status: HTTPResponse.Status
        var body: String
        var headers: HTTPFields = [:]
    }
    private var answers: [Answer]
    private(set) var requests: [(method: String, path: String, query: String, body: String)] = []

    init(_ answers: [Answer]) { self.answers = answers }

    func next(_ request: Request, body: String) -> Answer {
        requests.append((request.method.rawValue, request.uri.path, request.uri.query ?? "", body))
        return answers.isEmpty ? Answer(status: .ok, body: "{}") : answers.removeFirst()
    }
}

private func withStub(_ answers: [Script.Answer], retry: RetryPolicy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(10)),
                      _ body: @escaping @Sendable (HomeserverClient, Script) async throws -> Void) async throws {
    let script = Script(answers)
    let router = Router()
    router.on("**", method: .get) { request, _ in try await respond(script, request) }
    router.on("**", method: .post) { request, _ in try await respond(script, request) }
    router.on("**", method: .put) { request, _ in try await respond(script, request) }
    let app = Application(router: router, logger: quietLogger)
    try await app.test(.live) { client in
        let homeserver = HomeserverClient(baseURL: "http://127.0.0.1:\(client.port!)", asToken: "as", retry: retry, logger: quietLogger)
        try await body(homeserver, script)
    }
}

private func respond(_ script: Script, _ request: Request) async throws -> Response {
    let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
    let answer = await script.next(request, body: body)
    var headers = answer.headers
    headers[.contentType] = "application/json"
    return Response(status: answer.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: answer.body)))
}

private let limited = Script.Answer(status: .tooManyRequests, body: #"{"errcode":"M_LIMIT_EXCEEDED","error":"slow down","retry_after_ms":20}"#)
private let unavailable = Script.Answer(status: .serviceUnavailable, body: "upstream down")

@Suite struct HomeserverClientTests {
    @Test func waitsOutARateLimitThenSucceeds() async throws {
        try await withStub([limited, .init(status: .ok, body: #"{"event_id":"$e"}"#)]) { client, script in
            let answer = try await client.sendJSON(MatrixRequest(.PUT, "/_matrix/client/v3/rooms/x/send/m.room.message/t"))
            #expect(answer["event_id"]?.stringValue == "$e")
            #expect(await script.requests.count == 2)
        }
    }

    @Test func retryAfterHeaderIsHonouredWhenTheBodyHasNoHint() {
        let error = HomeserverClient.matrixError(status: 429, body: Data(#"{"errcode":"M_LIMIT_EXCEEDED"}"#.utf8), retryAfterHeader: "3")
        #expect(error.retryAfterMs == 3000)
        #expect(RetryPolicy().rateLimitDelay(error, attempt: 1) == .seconds(3))
        #expect(RetryPolicy(maxDelay: .seconds(1)).rateLimitDelay(error, attempt: 1) == .seconds(1))
    }

    @Test func aHugeRetryAfterNeitherOverflowsNorStallsForever() {
        // `seconds * 1000` trapped (and killed the process) for a header near Int.max.
        let error = HomeserverClient.matrixError(status: 429, body: Data(#"{"errcode":"M_LIMIT_EXCEEDED"}"#.utf8),
                                                 retryAfterHeader: "9223372036854775807")
        #expect(error.retryAfterMs == Int.max)
        #expect(RetryPolicy().rateLimitDelay(error, attempt: 1) == .seconds(30))
        let fromBody = HomeserverClient.matrixError(status: 429, body: Data(#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":9223372036854775807}"#.utf8),
                                                    retryAfterHeader: nil)
        #expect(RetryPolicy(maxDelay: .seconds(2)).rateLimitDelay(fromBody, attempt: 1) == .seconds(2))
        let negative = HomeserverClient.matrixError(status: 429, body: Data("{}".utf8), retryAfterHeader: "-9223372036854775807")
        #expect(RetryPolicy().rateLimitDelay(negative, attempt: 1) == RetryPolicy().backoff(afterAttempt: 1))
    }

    @Test func givesUpWithATypedErrorAfterMaxAttempts() async throws {
        try await withStub([limited, limited, limited, limited, limited]) { client, script in
            do {
                try await client.send(MatrixRequest(.GET, "/_matrix/client/v3/account/whoami"))
                Issue.record("expected a rate-limit error")
            } catch let error as MatrixError {
                #expect(error.errcode == "M_LIMIT_EXCEEDED")
                #expect(error.status == 429)
                #expect(error.retryAfterMs == 20)
            }
            #expect(await script.requests.count == 4)
        }
    }

    @Test func backsOffOnGatewayErrorsForIdempotentRequests() async throws {
        try await withStub([unavailable, .init(status: .badGateway, body: ""), .init(status: .ok, body: "{}")]) { client, script in
            try await client.send(MatrixRequest(.PUT, "/_matrix/client/v3/profile/x/displayname"))
            #expect(await script.requests.count == 3)
        }
    }

    @Test func doesNotRepeatANonIdempotentPostAfterAGatewayError() async throws {
        try await withStub([unavailable, .init(status: .ok, body: #"{"room_id":"!r"}"#)]) { client, script in
            await #expect(throws: MatrixError.self) {
                try await client.send(MatrixRequest(.POST, "/_matrix/client/v3/createRoom"))
            }
            #expect(await script.requests.count == 1)
        }
    }

    @Test func nonJSONErrorBodyStillBecomesAMatrixError() async throws {
        try await withStub([.init(status: .notFound, body: "<html>nope</html>")]) { client, _ in
            do {
                try await client.send(MatrixRequest(.GET, "/_matrix/client/v3/nothing"))
                Issue.record("expected a 404 error")
            } catch let error as MatrixError {
                #expect(error.status == 404)
                #expect(error.errcode == "M_UNKNOWN")
                #expect(error.message.contains("nope"))
            }
        }
    }

    @Test func unreachableHomeserverIsReportedAsSuch() async throws {
        // Port 9 (discard) is closed on loopback in any sane test environment.
        let client = HomeserverClient(baseURL: "http://127.0.0.1:9", asToken: "as",
                                      retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(5)), logger: quietLogger)
        await #expect(throws: HomeserverUnreachable.self) {
            try await client.send(MatrixRequest(.GET, "/_matrix/client/versions"))
        }
    }
}

@Suite struct IntentTests {
    @Test func registrationInhibitsLoginAndTreatsUserInUseAsSuccess() async throws {
        let inUse = Script.Answer(status: .badRequest, body: #"{"errcode":"M_USER_IN_USE","error":"taken"}"#)
        try await withStub([inUse]) { client, script in
            let database = try makeDatabase()
            let state = SQLiteStateStore(database)
            let intent = Intent(userID: "@troupe_coder:localhost", botUserID: "@troupe:localhost", client: client, state: state)
            try await intent.ensureRegistered()
            #expect(try await state.isRegistered("@troupe_coder:localhost"))
            // Known now: no second request.
            try await intent.ensureRegistered()
            let requests = await script.requests
            #expect(requests.count == 1)
            let body = try JSONValue.decode(Data(requests[0].body.utf8))
            #expect(body["inhibit_login"] == true)
            #expect(body["username"] == "troupe_coder")
            #expect(body["type"] == "m.login.application_service")
        }
    }

    @Test func sendsAsTheMasqueradedUserAndDevice() async throws {
        try await withStub([.init(status: .ok, body: #"{"event_id":"$x"}"#)]) { client, script in
            let intent = Intent(userID: "@troupe_coder:localhost", deviceID: "DEV1", botUserID: "@troupe:localhost",
                                client: client, state: SQLiteStateStore(try makeDatabase()))
            let event = try await intent.sendNotice("!room:localhost", "hi", txnID: "t1")
            #expect(event == "$x")
            let request = try #require(await script.requests.first)
            #expect(request.method == "PUT")
            #expect(request.path == "/_matrix/client/v3/rooms/%21room%3Alocalhost/send/m.room.message/t1")
            #expect(request.query.contains("user_id=%40troupe_coder%3Alocalhost"))
            #expect(request.query.contains("device_id=DEV1"))
        }
    }

    @Test func ensureJoinedFallsBackToAnInviteFromTheBot() async throws {
        let forbidden = Script.Answer(status: .forbidden, body: #"{"errcode":"M_FORBIDDEN","error":"not invited"}"#)
        let joined = Script.Answer(status: .ok, body: #"{"room_id":"!r"}"#)
        // agent join refused → bot joins → bot invites → agent joins
        try await withStub([forbidden, joined, .init(status: .ok, body: "{}"), joined]) { client, script in
            let state = SQLiteStateStore(try makeDatabase())
            try await state.markRegistered("@troupe_coder:localhost")
            try await state.markRegistered("@troupe:localhost")
            let intent = Intent(userID: "@troupe_coder:localhost", botUserID: "@troupe:localhost", client: client, state: state)
            try await intent.ensureJoined("!r")
            let paths = await script.requests.map { "\($0.method) \($0.path)" }
            #expect(paths == [
                "POST /_matrix/client/v3/join/%21r", "POST /_matrix/client/v3/join/%21r",
                "POST /_matrix/client/v3/rooms/%21r/invite", "POST /_matrix/client/v3/join/%21r",
            ])
            #expect(try await state.membership(room: "!r", user: "@troupe_coder:localhost") == .join)
        }
    }
}
