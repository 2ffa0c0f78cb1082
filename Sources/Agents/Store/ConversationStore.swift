import Foundation
import GRDB

/// Per-conversation settings and running totals that outlive a restart.
struct ConversationRecord: Sendable, Equatable {
    var providerOverride: String?
    var modelOverride: String?
    var usage: TokenUsage = .zero
    var costUSD: Double = 0
    var turns: Int = 0
}

/// A conversation's `ConversationRecord` by (agent, chat).
protocol ConversationStore: Sendable {
    /// An empty record when none is stored.
    func load(agent: String, chat: ChatKey) async throws -> ConversationRecord
    func save(_ record: ConversationRecord, agent: String, chat: ChatKey) async throws
}

struct SQLiteConversationStore: ConversationStore {
    let writer: any DatabaseWriter

    func load(agent: String, chat: ChatKey) async throws -> ConversationRecord {
        try await writer.read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT * FROM agent_conversations WHERE agent = ? AND chat = ?", arguments: [agent, chat.rawValue])
            else { return ConversationRecord() }
            return ConversationRecord(
                providerOverride: row["provider_override"],
                modelOverride: row["model_override"],
                usage: TokenUsage(
                    inputTokens: row["input_tokens"], outputTokens: row["output_tokens"],
                    cachedInputTokens: row["cached_input_tokens"]),
                costUSD: row["cost_usd"],
                turns: row["turns"])
        }
    }

    func save(_ record: ConversationRecord, agent: String, chat: ChatKey) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO agent_conversations
                      (agent, chat, provider_override, model_override, input_tokens, output_tokens, cached_input_tokens, cost_usd, turns, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (agent, chat) DO UPDATE SET
                      provider_override = excluded.provider_override, model_override = excluded.model_override,
                      input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
                      cached_input_tokens = excluded.cached_input_tokens, cost_usd = excluded.cost_usd,
                      turns = excluded.turns, updated_at = excluded.updated_at
                    """,
                arguments: [
                    agent, chat.rawValue, record.providerOverride, record.modelOverride, record.usage.inputTokens,
                    record.usage.outputTokens, record.usage.cachedInputTokens, record.costUSD, record.turns,
                    Date().timeIntervalSince1970,
                ])
        }
    }
}
