/// A turn automation starts on its own: a job's run, a heartbeat, a webhook's delivery.
public struct AutomatedTurn: Sendable, Equatable {
    /// What started it: it labels the answer and names the turn in logs and in the note when its chat is gone.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        case job(String)
        case heartbeat
        case webhook(String)

        /// For logs: "Job `j3k4m5p`".
        public var description: String {
            switch self {
            case .job(let id): "Job `\(id)`"
            case .heartbeat: "The heartbeat"
            case .webhook(let name): "Webhook `\(name)`"
            }
        }
    }

    public var agent: String
    /// Where the answer goes: the chat the job, heartbeat or hook was made in.
    public var chat: ChatAddress
    public var prompt: String
    public var source: Source

    public init(agent: String, chat: ChatAddress, prompt: String, source: Source) {
        self.agent = agent
        self.chat = chat
        self.prompt = prompt
        self.source = source
    }

    /// A heartbeat's: the answer is posted only when it is more than the nothing-to-report marker.
    public var quietUnlessReported: Bool { source == .heartbeat }
}

extension ScheduledJob {
    var turn: AutomatedTurn {
        switch kind {
        case .cron: AutomatedTurn(agent: agent, chat: chat, prompt: prompt, source: .job(id))
        case .heartbeat: AutomatedTurn(agent: agent, chat: chat, prompt: HeartbeatPrompt.text(prompt), source: .heartbeat)
        }
    }
}
