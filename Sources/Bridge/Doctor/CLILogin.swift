import Agents
import Foundation

/// Whether a provider's CLI looks logged in, judged from files and variables alone: no network, no cost.
/// Each tool's own places, as its documentation names them.
enum CLILogin {
    struct Finding: Equatable {
        var status: Doctor.Status
        var detail: String
    }

    static func check(_ kind: ProviderKind, environment: [String: String], home: String,
                      exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> Finding {
        func set(_ names: [String]) -> String? { names.first { !(environment[$0] ?? "").isEmpty } }
        switch kind {
        case .claude:
            // Claude Code: an API key or token wins over its login; the login lives in $CLAUDE_CONFIG_DIR or ~/.claude.
            if let name = set(["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN", "CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX"]) {
                return Finding(status: .ok, detail: "\(name) is set")
            }
            let file = (environment["CLAUDE_CONFIG_DIR"] ?? home + "/.claude") + "/.credentials.json"
            if exists(file) { return Finding(status: .ok, detail: "logged in (\(file))") }
            return Finding(status: .warn, detail: "no \(file) and no ANTHROPIC_API_KEY: run `claude` once and /login as the user Troupe runs as, "
                + "or pass a key with pass_env")
        case .codex:
            if let name = set(["OPENAI_API_KEY", "CODEX_API_KEY"]) { return Finding(status: .ok, detail: "\(name) is set") }
            let file = (environment["CODEX_HOME"] ?? home + "/.codex") + "/auth.json"
            if exists(file) { return Finding(status: .ok, detail: "logged in (\(file))") }
            return Finding(status: .warn, detail: "no \(file) and no OPENAI_API_KEY: run `codex login` as the user Troupe runs as, or pass a key with pass_env")
        case .gemini:
            if let name = set(["GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_APPLICATION_CREDENTIALS"]) {
                return Finding(status: .ok, detail: "\(name) is set")
            }
            let oauth = home + "/.gemini/oauth_creds.json"
            if exists(oauth) { return Finding(status: .ok, detail: "logged in (\(oauth))") }
            // Gemini CLI also reads keys from ~/.gemini/.env; whether one is in there is the file's business.
            if exists(home + "/.gemini/.env") {
                return Finding(status: .skip, detail: "skipped: \(home)/.gemini/.env may hold a key; doctor does not read it")
            }
            return Finding(status: .warn, detail: "no \(oauth) and no GEMINI_API_KEY: run `gemini` once and log in as the user Troupe runs as, "
                + "or pass a key with pass_env")
        case .openai:
            return Finding(status: .skip, detail: "skipped: an HTTP provider has no login")
        }
    }
}
