import Foundation

/// `agents_env_file`: variables for the agents' CLIs, in dotenv form, kept out of the config file and out of
/// Troupe's own environment. Read again before every turn, so a rotated key needs no restart.
///
/// Lines are `NAME=value` or `export NAME=value`; `#` starts a comment line, or a comment after an unquoted value
/// when a space precedes it. Single quotes keep the value as written; double quotes read `\n`, `\t`, `\"` and `\\`.
public struct SecretsFile: Sendable, Equatable {
    public var variables: [String: String]
    /// Lines that are not variables, by number; the rest of the file still counts.
    public var problems: [Problem]

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    public static func read(path: String) throws -> SecretsFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AgentError(.secretsUnreadable(path: path, detail: (error as NSError).localizedDescription))
        }
        return parse(text)
    }

    public static func parse(_ text: String) -> SecretsFile {
        var result = SecretsFile(variables: [:], problems: [])
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = line.dropFirst("export ".count).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else {
                result.problems.append(Problem(line: index + 1, message: "expected NAME=value"))
                continue
            }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard ChildEnvironment.isVariableName(name), !name.isEmpty else {
                result.problems.append(Problem(line: index + 1, message: "\"\(name)\" is not an environment variable name"))
                continue
            }
            switch value(line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)) {
            case .success(let value): result.variables[name] = value
            case .failure(let problem): result.problems.append(Problem(line: index + 1, message: problem.message))
            }
        }
        return result
    }

    private struct ValueProblem: Error { var message: String }

    private static func value(_ raw: String) -> Result<String, ValueProblem> {
        guard let quote = raw.first, quote == "'" || quote == "\"" else {
            // An unquoted value ends where a comment starts.
            if let hash = raw.range(of: " #") { return .success(raw[..<hash.lowerBound].trimmingCharacters(in: .whitespaces)) }
            return .success(raw)
        }
        var body = ""
        var escaped = false
        var closed: String.Index?
        var index = raw.index(after: raw.startIndex)
        while index < raw.endIndex {
            let character = raw[index]
            if quote == "\"" && escaped {
                switch character {
                case "n": body.append("\n")
                case "t": body.append("\t")
                default: body.append(character)
                }
                escaped = false
            } else if quote == "\"" && character == "\\" {
                escaped = true
            } else if character == quote {
                closed = index
                break
            } else {
                body.append(character)
            }
            index = raw.index(after: index)
        }
        guard let closed else { return .failure(ValueProblem(message: "the value's \(quote) quote is not closed on this line")) }
        let rest = raw[raw.index(after: closed)...].trimmingCharacters(in: .whitespaces)
        guard rest.isEmpty || rest.hasPrefix("#") else {
            return .failure(ValueProblem(message: "unexpected text after the quoted value"))
        }
        return .success(body)
    }
}
