import GRDB

/// The Agents module's tables. The executable owns the database and runs all
/// modules' migrations in one migrator; identifiers are prefixed `agents.` and
/// tables `agent_` so modules never collide. The SQL stays plain (no SQLite-only
/// types) so a PostgreSQL driver can carry the same schema.
public enum AgentsSchema {
    public static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("agents.v1") { db in
            try db.create(table: "agent_agents") { t in
                t.primaryKey("name", .text)
                t.column("definition", .text).notNull()  // AgentDefinition as JSON
                t.column("source", .text).notNull()  // "config" or "runtime"
                t.column("updated_at", .double).notNull()
            }
            try db.create(table: "agent_conversations") { t in
                t.column("agent", .text).notNull()
                t.column("chat", .text).notNull()
                t.column("provider_override", .text)
                t.column("model_override", .text)
                t.column("input_tokens", .integer).notNull().defaults(to: 0)
                t.column("output_tokens", .integer).notNull().defaults(to: 0)
                t.column("cached_input_tokens", .integer).notNull().defaults(to: 0)
                t.column("cost_usd", .double).notNull().defaults(to: 0)
                t.column("turns", .integer).notNull().defaults(to: 0)
                t.column("updated_at", .double).notNull()
                t.primaryKey(["agent", "chat"])
            }
            try db.create(table: "agent_sessions") { t in
                t.column("agent", .text).notNull()
                t.column("chat", .text).notNull()
                t.column("provider", .text).notNull()
                t.column("session_id", .text).notNull()
                t.column("updated_at", .double).notNull()
                t.primaryKey(["agent", "chat", "provider"])
            }
            try db.create(table: "agent_history") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("agent", .text).notNull()
                t.column("chat", .text).notNull()
                t.column("session_id", .text).notNull()
                t.column("role", .text).notNull()
                t.column("content", .text).notNull()
                t.column("created_at", .double).notNull()
            }
            try db.create(index: "agent_history_by_session", on: "agent_history", columns: ["agent", "chat", "session_id", "id"])
            try db.create(table: "agent_turns") { t in
                t.primaryKey("id", .text)
                t.column("agent", .text).notNull()
                t.column("chat", .text).notNull()
                t.column("provider", .text).notNull()
                t.column("prompt", .text).notNull()
                t.column("state", .text).notNull()  // queued, running, interrupted
                t.column("instance", .text).notNull()  // which runtime owns it
                t.column("submitted_at", .double).notNull()
                t.column("started_at", .double)
            }
        }
        migrator.registerMigration("agents.v2-runs") { db in
            try db.create(table: "agent_runs") { t in
                t.primaryKey("id", .text)
                t.column("parent", .text)
                t.column("depth", .integer).notNull()
                t.column("routing_agent", .text).notNull()
                t.column("routing_chat", .text).notNull()
                t.column("routing_origin", .text)
                t.column("routing_user", .text)
                t.column("root_chat", .text).notNull()
                t.column("task", .text).notNull()
                t.column("agent", .text).notNull()
                t.column("role", .text)
                t.column("provider", .text)
                t.column("model", .text)
                t.column("state", .text).notNull()
                t.column("result", .text)
                t.column("error", .text)
                t.column("input_tokens", .integer).notNull().defaults(to: 0)
                t.column("output_tokens", .integer).notNull().defaults(to: 0)
                t.column("cached_input_tokens", .integer).notNull().defaults(to: 0)
                t.column("cost_usd", .double).notNull().defaults(to: 0)
                t.column("timeout", .double).notNull()
                t.column("token_budget", .integer)
                t.column("delivery", .text).notNull()
                t.column("delivery_error", .text)
                t.column("created_at", .double).notNull()
                t.column("started_at", .double)
                t.column("finished_at", .double)
            }
            try db.create(index: "agent_runs_by_state", on: "agent_runs", columns: ["state"])
            try db.create(index: "agent_runs_by_parent", on: "agent_runs", columns: ["parent"])
            try db.create(table: "agent_deliveries") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("run_id", .text).notNull()
                t.column("report", .text).notNull()  // what the run came to, as the requester will read it
                t.column("answer", .text)  // the requester's reply, once it has given one
                t.column("state", .text).notNull()  // pending, delivered, delivery_failed
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("next_attempt_at", .double).notNull()
                t.column("last_error", .text)
                t.column("created_at", .double).notNull()
            }
            try db.create(index: "agent_deliveries_due", on: "agent_deliveries", columns: ["state", "next_attempt_at"])
        }
        migrator.registerMigration("agents.v3-durable-turns") { db in
            // A turn row now outlives its turn: it is the outbox for the answer ("answered" until the transport
            // confirms delivery) and, as "done", the record that its origin (e.g. a Matrix event) was handled.
            try db.alter(table: "agent_turns") { t in
                t.add(column: "origin", .text)  // the transport's key for what caused the turn (an event id)
                t.add(column: "requester", .text)
                t.add(column: "answer", .text)
                t.add(column: "interruptions", .integer).notNull().defaults(to: 0)
                t.add(column: "finished_at", .double)
            }
            try db.create(index: "agent_turns_by_origin", on: "agent_turns", columns: ["agent", "chat", "origin"], unique: true)
            try db.create(index: "agent_turns_by_state", on: "agent_turns", columns: ["state", "instance"])
            // Reported under the old rules already: never resumed now.
            try db.execute(sql: "UPDATE agent_turns SET state = 'done' WHERE state = 'interrupted'")
        }
        migrator.registerMigration("agents.v4-run-prompts") { db in
            // Instructions waiting for a run's next turn (a child's result, a steer): in memory they were lost
            // by a crash after the child's delivery had been marked done.
            try db.create(table: "agent_run_prompts") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("run_id", .text).notNull()
                t.column("prompt", .text).notNull()
                t.column("delivery_id", .integer).unique()  // the child's delivery, so a retried hand-over lands once
                t.column("created_at", .double).notNull()
            }
            try db.create(index: "agent_run_prompts_by_run", on: "agent_run_prompts", columns: ["run_id", "id"])
            try db.create(index: "agent_runs_by_finished", on: "agent_runs", columns: ["finished_at"])
        }
        migrator.registerMigration("agents.v5-run-failures") { db in
            // Why a run ended, typed (`RunFailure` as JSON), beside the English `error`: said in each chat's language.
            try db.alter(table: "agent_runs") { t in t.add(column: "failure", .text) }
        }
    }

    public static func migrate(_ writer: any DatabaseWriter) throws {
        var migrator = DatabaseMigrator()
        registerMigrations(&migrator)
        try migrator.migrate(writer)
    }
}
