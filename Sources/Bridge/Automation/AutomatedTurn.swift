/// A turn automation starts on its own: a job's run, a heartbeat, a webhook's delivery.
public struct AutomatedTurn: Sendable, Equatable {
    public var agent: String
    /// Where the answer goes: the chat the job, heartbeat or hook was made in.
    public var chat: ChatAddress
    public var prompt: String
    /// Shown in front of the answer (`⏰ j3k4m5p`, `🪝 github`), so people see why the agent spoke up.
    public var label: String
    /// Names what started it, in logs and in the note when its chat is gone: "Job `j3k4m5p`".
    public var name: String
    /// A heartbeat's: the answer is posted only when it is more than the nothing-to-report marker.
    public var quietUnlessReported = false

    public init(agent: String, chat: ChatAddress, prompt: String, label: String, name: String, quietUnlessReported: Bool = false) {
        self.agent = agent
        self.chat = chat
        self.prompt = prompt
        self.label = label
        self.name = name
        self.quietUnlessReported = quietUnlessReported
    }
}

extension ScheduledJob {
    var turn: AutomatedTurn {
        switch kind {
        case .cron:
            AutomatedTurn(agent: agent, chat: chat, prompt: prompt, label: "⏰ \(id)", name: "Job `\(id)`")
        case .heartbeat:
            AutomatedTurn(agent: agent, chat: chat, prompt: HeartbeatPrompt.text(prompt), label: "💓 heartbeat", name: "The heartbeat",
                          quietUnlessReported: true)
        }
    }
}
