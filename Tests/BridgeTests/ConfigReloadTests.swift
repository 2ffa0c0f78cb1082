import Foundation
import Logging
import MatrixAppService
import Synchronization
import Testing
@testable import Bridge

/// The reload path short of a process: what changed, what applies live, and what the admins hear.
@Suite struct ConfigReloadTests {
    static let base = ConfigFixture.template
    static func withPermissions(_ body: String, in yaml: String = base) -> String {
        ConfigFixture.replacing(section: "permissions", with: body, in: yaml)
    }

    @Test func changedPathsNameEveryChangedLeaf() {
        let old = "a: 1\nb: {c: 2, d: [1, 2]}\nagents:\n  main: {provider: claude}\n"
        let new = "a: 1\nb: {c: 3, d: [1]}\nagents:\n  main: {provider: claude}\n  coder: {provider: codex}\n"
        #expect(ReloadableKeys.changedPaths(from: old, to: new) == ["agents.coder.provider", "b.c", "b.d[1]"])
    }

    @Test func restartKeysAreThoseOutsideTheLiveList() {
        let changed = ["agents.coder.model", "appservice.port", "encryption.pickle_key", "permissions.@a:b", "runtime.max_concurrent_turns",
                       "telegram.allowed_users[0]", "telegram.api_url", "automation.webhooks.port", "automation.timezone", "owners[1]"]
        #expect(ReloadableKeys.restartRequired(changed) == ["appservice.port", "encryption.pickle_key", "runtime.max_concurrent_turns",
                                                            "telegram.api_url", "automation.webhooks.port"])
    }

    @Test func carryTakesLiveSettingsAndKeepsTheRest() throws {
        let running = try TroupeConfig.parse(yaml: Self.base, directory: "/srv")
        var changed = Self.withPermissions("  \"*\": user\n  \"@boss:localhost\": admin")
        changed = changed.replacingOccurrences(of: "port: 29333", with: "port: 29999")
            .replacingOccurrences(of: "  footer: false", with: "  footer: true").replacingOccurrences(of: "  seen: false", with: "  seen: true")
            .replacingOccurrences(of: "\nlanguage: en\n", with: "\nlanguage: de\n")
        let new = try TroupeConfig.parse(yaml: changed, directory: "/srv")
        let carried = ReloadableKeys.carry(from: new, into: running)
        #expect(carried.permissions.level(of: UserID("@boss:localhost")) == .admin)
        #expect(carried.permissions.level(of: UserID("@anyone:else.org")) == .user)
        #expect(carried.port == running.port)
        #expect(carried.owners == [UserID("@boss:localhost")])
        #expect(carried.streaming.footer && carried.streaming.seen)
        #expect(carried.language.rawValue == "de")
        #expect(!running.streaming.footer && !running.streaming.seen)
    }

    @Test func aValidChangeIsAppliedAndRestartKeysAreNamed() async throws {
        let scene = try Scene()
        try scene.write(Self.withPermissions("  \"*\": none\n  \"@new:localhost\": user").replacingOccurrences(of: "port: 29333", with: "port: 29444"))
        await scene.reloader.check(hangup: false)
        let applied = try #require(scene.applied.withLock { $0.last })
        #expect(applied.permissions.level(of: UserID("@new:localhost")) == .user)
        #expect(applied.port == 29333)
        #expect(scene.live.current.permissions.level(of: UserID("@new:localhost")) == .user)
        let notices = scene.notices.withLock { $0 }
        #expect(notices.count == 1)
        #expect(notices.first == .restartNeeded(keys: ["appservice.port"]))
    }

    @Test func aBrokenFileKeepsTheRunningConfigAndIsReportedOnce() async throws {
        let scene = try Scene()
        try scene.write(Self.base.replacingOccurrences(of: "encryption:\n", with: "encryption:\n  alow: true\n"))
        await scene.reloader.check(hangup: false)
        await scene.reloader.check(hangup: false)
        #expect(scene.applied.withLock { $0.isEmpty })
        let notices = scene.notices.withLock { $0 }
        #expect(notices.count == 1)
        #expect(notices.first == .rejected(problems: ["encryption.alow: unknown key; did you mean allow?"]))
        #expect(scene.live.current.permissions.level(of: UserID("@x:localhost")) == .user)

        // Fixed: applied, with no further notice.
        try scene.write(Self.withPermissions("  \"*\": none"))
        await scene.reloader.check(hangup: false)
        #expect(scene.applied.withLock { $0.count } == 1)
        #expect(scene.live.current.permissions.level(of: UserID("@x:localhost")) == PermissionLevel.none)
        #expect(scene.notices.withLock { $0.count } == 1)
    }

    @Test func aFailedApplyChangesNothing() async throws {
        let scene = try Scene(failing: true)
        try scene.write(Self.withPermissions("  \"*\": admin"))
        await scene.reloader.check(hangup: false)
        #expect(scene.live.current.permissions.level(of: UserID("@x:localhost")) == .user)
        #expect(scene.notices.withLock { if case .rejected = $0.first { true } else { false } })
    }

    @Test func aHangupWithNothingChangedDoesNothing() async throws {
        let scene = try Scene()
        await scene.reloader.check(hangup: true)
        #expect(scene.applied.withLock { $0.isEmpty })
        #expect(scene.notices.withLock { $0.isEmpty })
    }

    /// A config file in a temp folder, a reloader watching it, and what it applied and told.
    final class Recorded<Value: Sendable>: Sendable {
        private let values = Mutex<[Value]>([])
        func append(_ value: Value) { values.withLock { $0.append(value) } }
        func withLock<R>(_ body: ([Value]) -> R) -> R { values.withLock { body($0) } }
    }

    final class Scene: Sendable {
        let folder: URL
        let path: String
        let live: LiveConfig
        let reloader: ConfigReloader
        let applied = Recorded<TroupeConfig>()
        let notices = Recorded<ConfigReloader.Notice>()

        init(failing: Bool = false) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("troupe-reload-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            path = folder.appendingPathComponent("config.yaml").path
            try ConfigReloadTests.base.write(toFile: path, atomically: true, encoding: .utf8)
            let live = LiveConfig(try TroupeConfig.load(path: path))
            self.live = live
            let applied = applied, notices = notices
            reloader = ConfigReloader(path: path, text: ConfigReloadTests.base, live: live, logger: Logger(label: "test"), apply: { _, new in
                struct Refused: Error {}
                if failing { throw Refused() }
                applied.append(new)
                live.replace(new)
            }, notify: { text in notices.append(text) })
        }

        func write(_ text: String) throws {
            // A new inode, as most editors save.
            let temp = path + ".new"
            try text.write(toFile: temp, atomically: false, encoding: .utf8)
            _ = rename(temp, path)
        }
    }
}
