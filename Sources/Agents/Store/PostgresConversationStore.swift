import Foundation
import PostgresNIO
import TroupePostgres

struct PostgresConversationStore: ConversationStore {
    let database: PostgresPool

    func load(agent: String, chat: ChatKey) async throws -> ConversationRecord {
        let rows = try await database.client.query("""
            SELECT provider_override, model_override, input_tokens, output_tokens, cached_input_tokens, cost_usd, turns
            FROM agent_conversations WHERE agent = \(agent) AND chat = \(chat.rawValue)
            """, logger: database.logger)
        var record = ConversationRecord()
        for try await (provider, model, input, output, cached, cost, turns) in rows.decode(
            (String?, String?, Int, Int, Int, Double, Int).self) {
            record = ConversationRecord(
                providerOverride: provider, modelOverride: model,
                usage: TokenUsage(inputTokens: input, outputTokens: output, cachedInputTokens: cached), costUSD: cost, turns: turns)
        }
        return record
    }

    func save(_ record: ConversationRecord, agent: String, chat: ChatKey) async throws {
        let now = Date().timeIntervalSince1970
        try await database.execute("""
            INSERT INTO agent_conversations
              (agent, chat, provider_override, model_override, input_tokens, output_tokens, cached_input_tokens, cost_usd, turns, updated_at)
            VALUES (\(agent), \(chat.rawValue), \(record.providerOverride), \(record.modelOverride), \(record.usage.inputTokens),
                    \(record.usage.outputTokens), \(record.usage.cachedInputTokens), \(record.costUSD), \(record.turns), \(now))
            ON CONFLICT (agent, chat) DO UPDATE SET
              provider_override = excluded.provider_override, model_override = excluded.model_override,
              input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
              cached_input_tokens = excluded.cached_input_tokens, cost_usd = excluded.cost_usd,
              turns = excluded.turns, updated_at = excluded.updated_at
            """)
    }
}
