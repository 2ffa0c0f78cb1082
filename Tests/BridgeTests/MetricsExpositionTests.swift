import CoreMetrics
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import Testing
import TroupeMetrics
@testable import Agents
@testable import Bridge
@testable import MatrixAppService

/// Metrics recorded into a registry of their own (never the process-wide `MetricsSystem`, which can be bootstrapped
/// once), and the text Prometheus scrapes.
@Suite struct MetricsExpositionTests {
    private let registry = PrometheusCollectorRegistry()
    private var factory: PrometheusMetricsFactory { .troupe(registry: registry) }
    private var text: String { registry.emitToString() }

    private static let quiet: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()

    private struct NoQueries: NamespaceQueryHandler {
        func userExists(_ user: UserID) async -> Bool { false }
        func roomAliasExists(_ alias: RoomAlias) async -> Bool { false }
    }

    private static func event(_ id: String, type: String) -> JSONValue {
        ["type": .string(type), "event_id": .string(id), "room_id": "!room:localhost", "sender": "@alice:localhost",
         "origin_server_ts": 1_700_000_000_000, "content": ["body": "hi", "msgtype": "m.text"]]
    }

    /// The value of one sample line, e.g. `troupe_transactions_received_total 1`.
    private func value(_ series: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test func aTransactionIsCountedTimedAndDispatched() async throws {
        let database = try DatabaseQueue()
        try TroupeDatabase.migrate(database, migrations: [AppServiceSchema.registerMigrations])
        let inbox = SQLiteInboxStore(database)
        let dispatcher = Dispatcher(inbox: inbox, state: SQLiteStateStore(database), stats: IngestStats(factory: factory),
                                    metrics: IngestMetrics(factory: factory), logger: Self.quiet)
        let endpoint = AppServiceEndpoint(hsToken: "secret", inbox: inbox, dispatcher: dispatcher, queries: NoQueries(), logger: Self.quiet)
        let body: JSONValue = [
            "events": [Self.event("$1", type: "m.room.message"), Self.event("$2", type: "m.room.message"), Self.event("$3", type: "m.reaction")],
            "ephemeral": [["type": "m.typing", "room_id": "!room:localhost", "content": ["user_ids": []]]],
        ]
        let bytes = try body.jsonData()
        let app = Application(router: endpoint.router(), logger: Self.quiet)
        try await app.test(.router) { client in
            for _ in 0..<2 {  // the second is the homeserver retrying the same transaction
                let response = try await client.execute(uri: "/_matrix/app/v1/transactions/1", method: .put,
                                                        headers: [.authorization: "Bearer secret"], body: ByteBuffer(data: bytes))
                #expect(response.status == .ok)
            }
        }
        await dispatcher.drainUntilEmpty()

        #expect(value("troupe_transactions_received_total") == 2)
        #expect(value(#"troupe_events_received_total{kind="timeline",type="m.room.message"}"#) == 2)
        #expect(value(#"troupe_events_received_total{kind="timeline",type="m.reaction"}"#) == 1)
        #expect(value(#"troupe_events_received_total{kind="ephemeral",type="m.typing"}"#) == 1)
        #expect(value("troupe_transaction_store_seconds_count") == 2)
        #expect(value("troupe_dispatch_lag_seconds_count") == 1)
        #expect(text.contains(#"troupe_dispatch_lag_seconds_bucket{le="+Inf"} 1"#))
        #expect(text.contains("# TYPE troupe_transaction_store_seconds histogram"))
        #expect(text.contains("# TYPE troupe_transactions_received_total counter"))
    }

    @Test func turnsRunsAndSendsCarryBoundedLabels() {
        let agents = AgentMetrics(factory: factory)
        agents.turnEnded(agent: "coder", provider: "claude", outcome: .finished, duration: .seconds(42))
        agents.turnEnded(agent: "coder", provider: "claude", outcome: AgentMetrics.TurnOutcome(AgentError(.timedOut(limit: "15 min", agent: "coder"))), duration: .seconds(900))
        agents.turnEnded(agent: "coder", provider: "claude", outcome: .stopped, duration: nil)
        agents.firstText(agent: "coder", provider: "claude", after: .milliseconds(700))
        let sends = SendMetrics(transport: "matrix", factory: factory)
        sends.sent("m.room.message")
        sends.retried(.rateLimited)

        #expect(value(#"troupe_turns_total{agent="coder",provider="claude",outcome="finished"}"#) == 1)
        #expect(value(#"troupe_turns_total{agent="coder",provider="claude",outcome="timed_out"}"#) == 1)
        #expect(value(#"troupe_turns_total{agent="coder",provider="claude",outcome="stopped"}"#) == 1)
        #expect(value(#"troupe_turn_duration_seconds_count{agent="coder",provider="claude"}"#) == 2)
        #expect(value(#"troupe_turn_duration_seconds_sum{agent="coder",provider="claude"}"#) == 942)
        // Turn buckets reach an hour; a 15-minute turn falls between 600 and 1800 seconds.
        #expect(value(#"troupe_turn_duration_seconds_bucket{agent="coder",provider="claude",le="600.0"}"#) == 1)
        #expect(value(#"troupe_turn_duration_seconds_bucket{agent="coder",provider="claude",le="1800.0"}"#) == 2)
        #expect(value(#"troupe_turn_first_text_seconds_count{agent="coder",provider="claude"}"#) == 1)
        #expect(value(#"troupe_messages_sent_total{transport="matrix",type="m.room.message"}"#) == 1)
        #expect(value(#"troupe_request_retries_total{transport="matrix",reason="rate_limited"}"#) == 1)
    }

    @Test func runsAreCountedByStateAndTheActiveOnesShown() {
        let agents = AgentMetrics(factory: factory)
        agents.run(entered: .queued, active: [Self.run(.queued), Self.run(.running)])
        agents.run(entered: .completed, active: [Self.run(.running)])
        #expect(value(#"troupe_runs_total{state="queued"}"#) == 1)
        #expect(value(#"troupe_runs_total{state="completed"}"#) == 1)
        #expect(value(#"troupe_runs_active{state="running"}"#) == 1)
        #expect(value(#"troupe_runs_active{state="queued"}"#) == 0)
    }

    private static func run(_ state: RunState) -> Run {
        Run(id: RunID(rawValue: "r" + UUID().uuidString.prefix(8)), parent: nil, depth: 1,
            routing: RunRouting(agent: "main", chat: ChatKey("matrix:!r")), rootChat: ChatKey("matrix:!r"), task: "t", agent: "coder",
            role: nil, provider: nil, model: nil, state: state, result: nil, error: nil, usage: .zero, costUSD: 0, timeout: 60,
            tokenBudget: nil, delivery: .none, deliveryError: nil, createdAt: Date(), startedAt: nil, finishedAt: nil)
    }

    @Test func labelValuesPastTheLimitShareOther() {
        let counters = LabelledMetrics<CoreMetrics.Counter>(counter: "test_types_total", labels: ["type"], limit: 2, factory: factory)
        for type in ["a", "b", "c", "d", "a"] { counters(type).increment() }
        #expect(value(#"test_types_total{type="a"}"#) == 2)
        #expect(value(#"test_types_total{type="b"}"#) == 1)
        #expect(value(#"test_types_total{type="other"}"#) == 2)
        #expect(counters("a") === counters("a"), "one handle per label value, made once")
    }

    @Test func decryptFailureReasonsDropTheirDetails() {
        let metrics = IngestMetrics(factory: factory)
        metrics.decryptFailed(.withheld(code: "m.unverified", reason: "you are not verified"))
        metrics.decryptFailed(.failed("olm said no to $event in !room"))
        #expect(value(#"troupe_decrypt_failures_total{reason="withheld"}"#) == 1)
        #expect(value(#"troupe_decrypt_failures_total{reason="failed"}"#) == 1)
        #expect(!text.contains("!room"))
    }

    @Test func theListenerServesTheRegistryAsPrometheusText() async throws {
        CoreMetrics.Counter(label: MetricName.transactionsReceived, factory: factory).increment(by: 3)
        let app = Application(router: MetricsListener(registry: registry).router(), logger: Self.quiet)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(String(buffer: response.body).contains("troupe_transactions_received_total 3"))
            #expect(try await client.execute(uri: "/other", method: .get).status == .notFound)
        }
    }
}
