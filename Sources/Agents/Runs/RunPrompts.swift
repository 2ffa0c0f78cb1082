import Foundation

/// The texts agents read about runs. Each is self-contained: the reader may be a fresh session
/// (the user ran `new`, switched provider, or Troupe restarted) that has never heard of the run.
enum RunPrompts {
    /// The first prompt of a run.
    static func task(_ run: Run) -> String {
        var text = ""
        if let role = run.role, !role.isEmpty { text += "Your role for this task: \(role)\n\n" }
        text += "You are working on sub-agent run \(run.id) for \(run.routing.agent). Your final answer is handed back to it.\n\n"
        text += run.task
        return text
    }

    /// A resumed interrupted run picks up in its own session, which may or may not have survived.
    static func resumed(_ run: Run) -> String {
        "Troupe restarted while you were working on run \(run.id). Continue the task; if you had finished it, repeat your final answer.\n\nThe task:\n\(run.task)"
    }

    /// What a run came to, for whoever asked for it.
    static func report(_ run: Run, workspace: URL? = nil) -> String {
        var lines = ["Run \(run.id) by agent \(run.agent): \(headline(run))", "", "The task was:", run.task]
        if let result = run.result, !result.isEmpty { lines += ["", "Its result:", result] }
        if let error = run.error, run.state != .completed { lines += ["", "Why: \(error)"] }
        if let workspace { lines += ["", "Files it wrote are in its workspace: \(workspace.path)"] }
        return lines.joined(separator: "\n")
    }

    static func headline(_ run: Run) -> String {
        switch run.state {
        case .completed: "completed"
        case .failed: "failed"
        case .timedOut: "timed out after \(Int(run.timeout)) s"
        case .cancelled: "was cancelled"
        case .interrupted: "was interrupted (Troupe restarted)"
        case .accepted, .queued, .running: run.state.rawValue
        }
    }

    /// Resumes the requester with the report.
    static func deliver(_ report: String) -> String {
        "[Troupe] A task you handed off has finished. Here is everything about it:\n\n\(report)\n\nTell the user what came of it, or continue your work with it."
    }

    /// A finished parent, told about its child, produced this answer; it goes up the chain in place of a result.
    static func followUp(_ parent: Run, answer: String) -> String {
        "Run \(parent.id) by agent \(parent.agent) (already finished) received a sub-run's result and said:\n\n\(answer)\n\nIts original task was:\n\(parent.task)"
    }

    static func question(from run: Run, _ question: String) -> String {
        "[Troupe] Your sub-agent \(run.agent) (run \(run.id)) asks you a question and waits for your reply. Its task:\n\(run.task)\n\nIts question:\n\(question)\n\nReply with the answer only; your reply goes straight back to it."
    }

    static func steer(_ text: String) -> String {
        "[Troupe] New instruction from whoever started this run:\n\(text)"
    }
}
