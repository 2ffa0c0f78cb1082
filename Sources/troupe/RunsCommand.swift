import AgentControl
import ArgumentParser
import Foundation

struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List, inspect, steer or kill the sub-agent runs you started (runs inside an agent's turn).",
        subcommands: [List.self, Info.self, Kill.self, Steer.self, AskParent.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Your runs, newest first.")
        func run() async throws {
            do {
                let runs = try await ControlClient.fromEnvironment(command: "troupe runs").runs()
                if runs.isEmpty { print("No runs.") }
                for run in runs { print(RunText.line(run)) }
            } catch {
                throw ToolFailure.exit("troupe runs", error)
            }
        }
    }

    struct Info: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Everything about one run, its result included.")
        @Argument(help: "The run id.") var id: String
        func run() async throws {
            do {
                print(RunText.details(try await ControlClient.fromEnvironment(command: "troupe runs info").run(id)))
            } catch {
                throw ToolFailure.exit("troupe runs info", error)
            }
        }
    }

    struct Kill: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Kill a run and everything it started; `all` kills all of yours.")
        @Argument(help: "The run id, or all.") var id: String
        func run() async throws {
            do {
                let killed = try await ControlClient.fromEnvironment(command: "troupe runs kill").kill(id)
                print(killed.isEmpty ? "Nothing was running." : "Killed: " + killed.map(\.id).joined(separator: ", "))
            } catch {
                throw ToolFailure.exit("troupe runs kill", error)
            }
        }
    }

    struct Steer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a running run a new instruction (after its current step).")
        @Argument(help: "The run id.") var id: String
        @Argument(help: "The instruction; quote it.") var message: String
        func run() async throws {
            do {
                let run = try await ControlClient.fromEnvironment(command: "troupe runs steer").steer(id, message: message)
                print("Run \(run.id) (\(run.state)) will work on that next.")
            } catch {
                throw ToolFailure.exit("troupe runs steer", error)
            }
        }
    }

    struct AskParent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ask-parent", abstract: "From inside a run: ask whoever started it and wait for the answer.")
        @Argument(help: "The question; quote it.") var question: String
        func run() async throws {
            do {
                print(try await ControlClient.fromEnvironment(command: "troupe runs ask-parent").askParent(question))
            } catch {
                throw ToolFailure.exit("troupe runs ask-parent", error)
            }
        }
    }
}

/// Run listings as agents read them (the same text for the CLI and the MCP tools).
enum RunText {
    static func line(_ run: ControlClient.RunEntry) -> String {
        let tokens = run.inputTokens + run.outputTokens
        let parent = run.parent.map { ", child of \($0)" } ?? ""
        return "- \(run.id) \(run.state) · \(run.agent) · \(run.ageSeconds) s · \(tokens) tokens\(parent): \(summary(run.task))"
    }

    static func details(_ run: ControlClient.RunEntry) -> String {
        var lines = [
            "run \(run.id): \(run.state)", "agent: \(run.agent) (requested by \(run.requestedBy))",
            "depth: \(run.depth)" + (run.parent.map { ", parent \($0)" } ?? ""),
            "tokens: \(run.inputTokens) in, \(run.outputTokens) out; cost $\(String(format: "%.4f", run.costUSD))",
            "age: \(run.ageSeconds) s; delivery: \(run.delivery)", "task: \(run.task)",
        ]
        if let error = run.error { lines.append("error: \(error)") }
        if let result = run.result { lines.append("result:\n\(result)") }
        return lines.joined(separator: "\n")
    }

    private static func summary(_ text: String) -> String {
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        return line.count > 80 ? String(line.prefix(79)) + "…" : line
    }
}
