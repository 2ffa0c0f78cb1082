import Foundation
import GRDB
import MatrixAppService
import Testing
@testable import Bridge

/// The pieces a delivery passes: signature, template, rate limiter, delivery ids.
struct WebhookPartsTests {
    static let body = Array(#"{"action":"completed"}"#.utf8)

    @Test func theRightSignatureIsValid() {
        let header = WebhookSignature.sign(Self.body, secret: "s3cret")
        #expect(header.hasPrefix("sha256=") && header.count == "sha256=".count + 64)
        #expect(WebhookSignature.isValid(header, body: Self.body, secret: "s3cret"))
        #expect(WebhookSignature.isValid(header.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256="), body: Self.body, secret: "s3cret"))
    }

    @Test func aWrongSecretOrBodyIsRejected() {
        let header = WebhookSignature.sign(Self.body, secret: "s3cret")
        #expect(!WebhookSignature.isValid(header, body: Self.body, secret: "other"))
        #expect(!WebhookSignature.isValid(header, body: Array(#"{"action":"failed"}"#.utf8), secret: "s3cret"))
    }

    @Test func aMissingOrMalformedSignatureIsRejected() {
        let header = WebhookSignature.sign(Self.body, secret: "s3cret")
        let hex = String(header.dropFirst("sha256=".count))
        for value in [nil, "", "sha256=", hex, "sha1=" + hex, "sha256=" + hex.dropLast(), "sha256=" + hex.dropLast(2),
                      "sha256=" + hex + "00", "sha256=zz" + hex.dropFirst(2)] as [String?] {
            #expect(!WebhookSignature.isValid(value, body: Self.body, secret: "s3cret"), "\(value ?? "nil")")
        }
    }

    @Test func theTemplateFillsPayloadAndHeadersInAnyCase() {
        let headers = ["x-github-event": "workflow_run"]
        let text = WebhookTemplate.render("Build says {{header.X-GitHub-Event}}: {{payload}}{{ header.X-Missing }}.", payload: "{}") {
            headers[$0.lowercased()]
        }
        #expect(text == "Build says workflow_run: {}.")
    }

    @Test func theTemplateLeavesOtherBracesAndPlaceholdersInThePayloadAlone() {
        let text = WebhookTemplate.render("{{other}} {{payload}} {{header.A}} {{unclosed", payload: "{{header.A}}") { _ in "a" }
        #expect(text == "{{other}} {{header.A}} a {{unclosed")
    }

    @Test func theDefaultPromptNamesTheHookAndFencesThePayload() {
        let hook = Webhook(name: "ci", agent: "main", chat: .matrix(RoomID("!r:test")), secret: "x", template: nil, createdBy: "@a:test", createdAt: Date())
        let plain = hook.prompt(payload: "hello") { _ in nil }
        #expect(plain == "The webhook `ci` was called. Its payload:\n\n```\nhello\n```")
        let github = hook.prompt(payload: "a ```` b") { $0 == "X-GitHub-Event" ? "push" : nil }
        #expect(github == "The webhook `ci` was called (event: push). Its payload:\n\n`````\na ```` b\n`````")
    }

    @Test func namesAreLowercaseLettersDigitsDashesAndUnderscores() {
        for good in ["gh", "ci-main", "build_2", "9lives"] { #expect(Webhook.isValidName(good), "\(good)") }
        for bad in ["", "GH", "-x", "_x", "a b", "a/b", "ä", String(repeating: "a", count: 65)] { #expect(!Webhook.isValidName(bad), "\(bad)") }
    }

    @Test func secretsAreFresh64HexDigits() {
        let one = Webhook.newSecret()
        #expect(one.count == 64 && one.allSatisfy(\.isHexDigit) && one != Webhook.newSecret())
    }

    @Test func theRateLimiterAllowsPerMinutePerHookOnAnInjectedClock() async {
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        let limiter = RateLimiter(limit: 2, now: { clock.now })
        #expect(await limiter.allow("a"))
        clock.advance(30)
        #expect(await limiter.allow("a"))
        #expect(await !limiter.allow("a"))
        #expect(await limiter.allow("b"))
        clock.advance(30)  // the first is a minute old now
        #expect(await limiter.allow("a"))
        #expect(await !limiter.allow("a"))
    }

    static func database() throws -> DatabaseQueue {
        let database = try DatabaseQueue()
        var migrator = DatabaseMigrator()
        BridgeSchema.registerMigrations(&migrator)
        try migrator.migrate(database)
        return database
    }
}

/// A clock the test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}
