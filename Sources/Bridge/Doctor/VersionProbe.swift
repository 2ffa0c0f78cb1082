import Foundation

/// Runs `<command> --version` with nothing on stdin and a time limit: proves the CLI starts, costs nothing.
enum VersionProbe {
    enum Outcome: Equatable {
        case printed(String)
        case failed(status: Int32, output: String)
        case timedOut
        case cannotStart(String)
    }

    static func run(_ executable: String, environment: [String: String], timeout: Duration) async -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--version"]
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let exited = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exited.continuation.yield(); exited.continuation.finish() }
        do {
            try process.run()
        } catch {
            return .cannotStart(error.localizedDescription)
        }
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in exited.stream { return true }
                return true
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        guard finished else {
            process.terminate()
            return .timedOut
        }
        let data = (try? output.fileHandleForReading.readToEnd()) ?? Data()
        let text = String(decoding: data.prefix(4096), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let firstLine = text.split(separator: "\n").first.map(String.init) ?? ""
        return process.terminationStatus == 0 ? .printed(firstLine) : .failed(status: process.terminationStatus, output: firstLine)
    }
}
