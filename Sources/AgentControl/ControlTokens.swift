import Agents
import Crypto
import Foundation

/// What a control API token stands for: the agent, chat and tool run it was handed to.
public struct ControlGrant: Sendable, Equatable {
    public let agent: String
    public let chat: ChatKey
    public let run: TurnID
    /// The agents waiting on this run through `ask`, outermost first (empty for a run a person started).
    public let chain: [String]
}

/// Mints one random token per tool run, bound to (agent, chat, run), and revokes it when the run ends.
/// Tokens are kept only as SHA-256 digests, so a lookup compares digests, never the secret byte by byte.
public actor ControlTokens: RunObserver {
    /// What each tool run gets besides the token; nil URL means the control API is off (no variables).
    public nonisolated let controlURL: String?
    /// The troupe executable, offered to the tools as `TROUPE_BIN` so they can run `troupe ask`.
    public nonisolated let troupeBinary: String?

    private var grants: [Data: ControlGrant] = [:]
    private var digestsByRun: [TurnID: [Data]] = [:]
    /// Delegation chats (`delegate:<caller>:<caller chat>`) and the chain of agents waiting in them.
    private var chains: [ChatKey: [String]] = [:]

    public init(controlURL: String?, troupeBinary: String? = nil) {
        self.controlURL = controlURL
        self.troupeBinary = troupeBinary
    }

    /// A fresh token (32 random bytes, hex) for one run. Runs in a delegation chat inherit its chain.
    public func mint(agent: String, chat: ChatKey, run: TurnID) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = bytes.map { String(format: "%02x", $0) }.joined()
        let digest = Self.digest(token)
        grants[digest] = ControlGrant(agent: agent, chat: chat, run: run, chain: chains[chat] ?? [])
        digestsByRun[run, default: []].append(digest)
        return token
    }

    /// Invalidates every token of the run.
    public func revoke(run: TurnID) {
        for digest in digestsByRun.removeValue(forKey: run) ?? [] { grants[digest] = nil }
    }

    /// The grant of a live token; nil for an unknown, revoked or malformed one.
    public func grant(for token: String) -> ControlGrant? {
        guard token.utf8.count == 64 else { return nil }
        return grants[Self.digest(token)]
    }

    /// Records who is waiting in a delegation chat, so the runs there know their chain.
    func setChain(_ chain: [String], for chat: ChatKey) {
        chains[chat] = chain
    }

    public var liveTokenCount: Int { grants.count }

    /// Delegated turns being waited for, with the run that asked: shutdown stops them (a waiting request would hold
    /// the server open), and so does the end of the asking run.
    private var asks: [UUID: (agent: String, chat: ChatKey, caller: TurnID?)] = [:]
    private var stopOrphan: (@Sendable (_ agent: String, _ chat: ChatKey) async -> Void)?

    /// What to do with a delegated turn whose asker is gone (its tool run ended while waiting: stopped, timed
    /// out or crashed): nobody will read the answer, so it should not run on.
    public func setOrphanHandler(_ handler: @escaping @Sendable (_ agent: String, _ chat: ChatKey) async -> Void) {
        stopOrphan = handler
    }

    func beginAsk(agent: String, chat: ChatKey, caller: TurnID? = nil) -> UUID {
        let id = UUID()
        asks[id] = (agent, chat, caller)
        return id
    }

    func endAsk(_ id: UUID) { asks[id] = nil }

    func pendingAsks() -> [(agent: String, chat: ChatKey)] { asks.values.map { ($0.agent, $0.chat) } }

    private static func digest(_ token: String) -> Data {
        Data(SHA256.hash(data: Data(token.utf8)))
    }

    // MARK: RunObserver

    public func runStarted(agent: String, chat: ChatKey, run: TurnID) async -> [String: String] {
        guard let controlURL else { return [:] }
        var env = ["TROUPE_CONTROL_URL": controlURL, "TROUPE_TOKEN": mint(agent: agent, chat: chat, run: run)]
        if let troupeBinary { env["TROUPE_BIN"] = troupeBinary }
        return env
    }

    public func runEnded(run: TurnID) async {
        revoke(run: run)
        let orphans = asks.filter { $0.value.caller == run }
        for (id, ask) in orphans {
            asks[id] = nil
            await stopOrphan?(ask.agent, ask.chat)
        }
    }
}
