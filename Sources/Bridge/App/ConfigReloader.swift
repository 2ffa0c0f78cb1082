import Dispatch
import Foundation
import Logging
import ServiceLifecycle
#if canImport(Glibc)
import Glibc
#endif

/// Applies config changes while Troupe runs: the file is looked at every `interval`, and SIGHUP looks at once.
/// A new file is validated in full first; if it has problems nothing changes, the log says why and the admins are
/// told once. Keys that need a restart are named and left as they run (see `ReloadableKeys`).
public actor ConfigReloader: Service {
    /// What the server does with a validated config: everything or nothing (a throw keeps the running config).
    public typealias Apply = @Sendable (_ running: TroupeConfig, _ new: TroupeConfig) async throws -> Void

    let path: String
    let live: LiveConfig
    let interval: Duration
    let logger: Logger
    let apply: Apply
    /// One notice to the admins (in the bot's Matrix room).
    let notify: @Sendable (Notice) async -> Void

    /// What the admins are told; written in the bot room's language by whoever posts it.
    public enum Notice: Sendable, Equatable {
        /// The changed file has these problems; the running config stays.
        case rejected(problems: [String])
        /// Reloaded, but these keys changed and apply only after a restart.
        case restartNeeded(keys: [String])
    }
    /// The text the running config came from.
    private var appliedText: String
    /// The last text looked at, applied or not, so a broken file is reported once and not at every look.
    private var seenText: String
    private var stamp: FileStamp?
    private var looking = false

    public init(path: String, text: String, live: LiveConfig, interval: Duration = .seconds(1), logger: Logger,
                apply: @escaping Apply, notify: @escaping @Sendable (Notice) async -> Void) {
        self.path = path
        self.live = live
        self.interval = interval
        self.logger = logger
        self.apply = apply
        self.notify = notify
        appliedText = text
        seenText = text
        stamp = FileStamp(path: path)
    }

    /// SIGHUP's default action ends the process; Troupe reloads instead. Call before anything else can receive it.
    public static func takeOverHangup() { signal(SIGHUP, SIG_IGN) }

    public func run() async throws {
        Self.takeOverHangup()
        let (hangups, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler { continuation.yield() }
        source.resume()
        defer { source.cancel() }
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { [self] in
                    for await _ in hangups { await self.check(hangup: true) }
                }
                group.addTask { [self] in
                    while (try? await Task.sleep(for: interval)) != nil { await self.check(hangup: false) }
                }
                await group.next()
                group.cancelAll()
            }
        }
    }

    /// Looks at the file, and reloads if its text changed. `hangup`: asked by SIGHUP, so it is read even when it looks
    /// unchanged, and the log says what came of it.
    func check(hangup: Bool) async {
        // One look at a time: the actor runs another while this one waits, and two could apply one file twice.
        guard !looking else { return }
        looking = true
        defer { looking = false }
        var now = FileStamp(path: path)
        if !hangup && now == stamp { return }
        if !hangup {
            // Give an editor that writes in several steps time to finish, so a half-written file is not reported.
            try? await Task.sleep(for: .milliseconds(250))
            let settled = FileStamp(path: path)
            if settled != now { return }
            now = settled
        }
        stamp = now
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            logger.warning("cannot read the config file; the running config stays", metadata: ["path": "\(path)", "error": "\(error)"])
            return
        }
        if text == appliedText {
            seenText = text
            if hangup { logger.info("config reload asked for; the file is unchanged", metadata: ["path": "\(path)"]) }
            return
        }
        if text == seenText && !hangup { return }
        seenText = text
        await reload(text)
    }

    private func reload(_ text: String) async {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let new: TroupeConfig
        do {
            new = try TroupeConfig.parse(yaml: text, directory: directory, environment: ProcessInfo.processInfo.environment)
        } catch {
            await reject(because: (error as? ConfigErrors)?.errors.map(\.description) ?? ["\(error)"])
            return
        }
        let running = live.current
        let changed = ReloadableKeys.changedPaths(from: appliedText, to: text)
        let restart = ReloadableKeys.restartRequired(changed)
        let effective = ReloadableKeys.carry(from: new, into: running)
        do {
            try await apply(running, effective)
        } catch {
            await reject(because: ["\(error)"])
            return
        }
        appliedText = text
        let applied = changed.filter(ReloadableKeys.isLive)
        logger.info("config reloaded", metadata: ["path": "\(path)", "changed": "\(Self.sections(applied).joined(separator: ", "))"])
        if !restart.isEmpty {
            logger.warning("config keys changed that apply only after a restart: \(restart.joined(separator: ", "))")
            await notify(.restartNeeded(keys: restart))
        }
    }

    /// The running config stays; the log and the admins say why.
    private func reject(because problems: [String]) async {
        logger.error("the changed config file has problems; the running config stays",
                     metadata: ["path": "\(path)", "problems": "\(problems.joined(separator: "; "))"])
        await notify(.rejected(problems: problems))
    }

    /// `agents.coder.model` and `agents.coder.provider` are one change to the agent `agents.coder`.
    static func sections(_ paths: [String]) -> [String] {
        var result: [String] = []
        for path in paths {
            let parts = path.split(separator: ".", maxSplits: 2).map(String.init)
            let name = ["agents", "providers", "permissions"].contains(parts[0]) && parts.count > 1 ? parts[0] + "." + parts[1] : path
            let cleaned = name.split(separator: "[", maxSplits: 1).first.map(String.init) ?? name
            if !result.contains(cleaned) { result.append(cleaned) }
        }
        return result
    }

}

/// Enough of a file's identity to notice a change without reading it: editors that replace the file change the
/// inode, those that write in place change the time or size.
struct FileStamp: Equatable {
    var inode: UInt64
    var size: Int64
    var modified: timespec

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modified = info.st_mtim
    }

    static func == (a: FileStamp, b: FileStamp) -> Bool {
        a.inode == b.inode && a.size == b.size && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
    }
}
