import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
@testable import Bridge

private let quiet: Logger = {
    var logger = Logger(label: "test.doctor")
    logger.logLevel = .critical
    return logger
}()

/// A config from the template with `providers`/`agents` sections swapped in, its files under `directory`.
private func config(in directory: String, agents: String? = nil, providers: String? = nil, extra: String = "") throws -> TroupeConfig {
    var yaml = ConfigFixture.template + extra
    if let agents { yaml = ConfigFixture.replacing(section: "agents", with: agents, in: yaml) }
    if let providers { yaml = ConfigFixture.replacing(section: "providers", with: providers, in: yaml) }
    return try TroupeConfig.parse(yaml: yaml, directory: directory)
}

private func doctor(_ config: TroupeConfig, directory: String, environment: [String: String] = [:]) -> Doctor {
    Doctor(config: config, context: .init(configPath: directory + "/config.yaml", registrationPath: directory + "/registration.yaml",
                                          environment: environment, home: directory, versionTimeout: .milliseconds(1500)),
           logger: quiet)
}

/// An executable shell script in `directory`.
private func script(_ name: String, _ body: String, in directory: String) throws -> String {
    let path = directory + "/" + name
    try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    return path
}

@Suite struct DoctorTests {
    @Test func aPrivateFileIsOkAndAGroupReadableOneIsAWarning() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/config.yaml"
        _ = FileManager.default.createFile(atPath: path, contents: Data("x".utf8), attributes: [.posixPermissions: 0o600])
        #expect(FileMode.check(what: "config", path: path).status == .ok)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        let group = FileMode.check(what: "config", path: path)
        #expect(group.status == .warn && group.detail.contains("its group") && group.detail.contains("chmod 600"))
        try FileManager.default.setAttributes([.posixPermissions: 0o604], ofItemAtPath: path)
        #expect(FileMode.check(what: "config", path: path).detail.contains("everyone"))
        let other = FileMode.check(what: "config", path: path, user: getuid() + 1)
        #expect(other.status == .warn && other.detail.contains("chown"))
        #expect(FileMode.check(what: "database", path: directory.path + "/none.db").status == .skip)
    }

    @Test func aMissingDatabaseIsReportedNotCreated() async throws {
        let directory = try TemporaryDirectory()
        let check = await doctor(try config(in: directory.path), directory: directory.path).database()
        #expect(check.status == .warn && check.detail.contains("does not exist"))
        #expect(try directory.listing().isEmpty)
    }

    @Test func theDatabaseIsReadWithoutWritingAnything() async throws {
        let directory = try TemporaryDirectory()
        let loaded = try config(in: directory.path)
        do { _ = try TroupeServer.openDatabase(loaded) }  // closed again at the end of the scope: no -wal left
        let before = try directory.listing()
        #expect(before.keys.sorted() == ["troupe.db"])
        let check = await doctor(loaded, directory: directory.path).database()
        #expect(check.status == .ok, "\(check.detail)")
        #expect(check.detail.contains("schema up to date") && check.detail.contains("0 transactions waiting"))
        #expect(try directory.listing() == before)
    }

    @Test func theDatabaseInUseIsReadInPlace() async throws {
        let directory = try TemporaryDirectory()
        let loaded = try config(in: directory.path)
        let pool = try TroupeServer.openDatabase(loaded)
        try await pool.write { db in try db.execute(sql: "CREATE TABLE doctor_probe(x)") }
        let before = try directory.listing()
        #expect(before.keys.contains("troupe.db-wal"))
        let check = await doctor(loaded, directory: directory.path).database()
        #expect(check.status == .ok, "\(check.detail)")
        #expect(try directory.listing().keys.sorted() == before.keys.sorted())
        #expect(try directory.listing()["troupe.db"] == before["troupe.db"])
        _ = pool
    }

    @Test func versionProbeReportsWhatTheCLIPrints() async throws {
        let directory = try TemporaryDirectory()
        let good = try script("good", "echo \"1.2.3 (Fake CLI)\"; echo second line", in: directory.path)
        #expect(await VersionProbe.run(good, environment: [:], timeout: .seconds(5)) == .printed("1.2.3 (Fake CLI)"))
        let bad = try script("bad", "echo 'unknown option --version' >&2; exit 3", in: directory.path)
        #expect(await VersionProbe.run(bad, environment: [:], timeout: .seconds(5)) == .failed(status: 3, output: "unknown option --version"))
        let slow = try script("slow", "exec sleep 30", in: directory.path)
        let started = ContinuousClock.now
        #expect(await VersionProbe.run(slow, environment: [:], timeout: .milliseconds(300)) == .timedOut)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func eachCLIProviderIsRunAndItsLoginLookedFor() async throws {
        let directory = try TemporaryDirectory()
        let claude = try script("claude", "echo '2.0.1 (Claude Code)'", in: directory.path)
        let codex = try script("codex", "exit 2", in: directory.path)
        let loaded = try config(in: directory.path, agents: "  main:\n    provider: claude\n  coder:\n    provider: codex\n  g:\n    provider: gemini",
                                providers: "  claude:\n    command: \(claude)\n    pass_env: [ANTHROPIC_API_KEY]\n  codex:\n    command: \(codex)\n"
                                    + "  gemini:\n    command: \(directory.path)/missing-gemini")
        let checks = await doctor(loaded, directory: directory.path, environment: ["ANTHROPIC_API_KEY": "k", "OPENAI_API_KEY": "not passed"]).providers()
        let byName = Dictionary(checks.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byName["provider claude"]?.status == .ok && byName["provider claude"]?.detail.contains("2.0.1 (Claude Code)") == true)
        #expect(byName["provider claude login"] == Doctor.Check(.ok, "provider claude login", "ANTHROPIC_API_KEY is set"))
        #expect(byName["provider codex"]?.status == .fail && byName["provider codex"]?.detail.contains("exited with 2") == true)
        // OPENAI_API_KEY is Troupe's, not passed to codex: it does not count.
        #expect(byName["provider codex login"]?.status == .warn)
        #expect(byName["provider gemini"]?.status == .fail)
        #expect(byName["provider gemini login"]?.status == .skip)
    }

    @Test func loginsAreFoundWhereEachToolKeepsThem() {
        let home = "/home/u"
        func files(_ present: Set<String>) -> (String) -> Bool { { present.contains($0) } }
        #expect(CLILogin.check(.claude, environment: [:], home: home, exists: files(["/home/u/.claude/.credentials.json"])).status == .ok)
        #expect(CLILogin.check(.claude, environment: ["CLAUDE_CONFIG_DIR": "/c"], home: home, exists: files(["/c/.credentials.json"])).status == .ok)
        #expect(CLILogin.check(.claude, environment: [:], home: home, exists: files([])).status == .warn)
        #expect(CLILogin.check(.codex, environment: ["CODEX_HOME": "/x"], home: home, exists: files(["/x/auth.json"])).status == .ok)
        #expect(CLILogin.check(.codex, environment: [:], home: home, exists: files(["/home/u/.codex/auth.json"])).status == .ok)
        #expect(CLILogin.check(.codex, environment: ["CODEX_API_KEY": "k"], home: home, exists: files([])).status == .ok)
        #expect(CLILogin.check(.gemini, environment: [:], home: home, exists: files(["/home/u/.gemini/oauth_creds.json"])).status == .ok)
        #expect(CLILogin.check(.gemini, environment: [:], home: home, exists: files(["/home/u/.gemini/.env"])).status == .skip)
        #expect(CLILogin.check(.gemini, environment: ["GEMINI_API_KEY": "k"], home: home, exists: files([])).status == .ok)
        #expect(CLILogin.check(.gemini, environment: [:], home: home, exists: files([])).status == .warn)
    }

    @Test func anOpenAIEndpointMustListItsModelsWithTheKey() async throws {
        let router = Router()
        router.get("v1/models") { request, _ -> Response in
            guard request.headers[.authorization] == "Bearer right" else { return Response(status: .unauthorized) }
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: #"{"object":"list","data":[{"id":"llama3"},{"id":"qwen"}]}"#)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let directory = try TemporaryDirectory()
            let loaded = try config(in: directory.path, agents: "  main:\n    provider: local",
                                    providers: "  local:\n    kind: openai\n    base_url: http://127.0.0.1:\(client.port!)/v1\n    api_key_env: LOCAL_KEY")
            let right = await doctor(loaded, directory: directory.path, environment: ["LOCAL_KEY": "right"]).providers()
            #expect(right.map(\.status) == [.ok], "\(right)")
            #expect(right.first?.detail.contains("2 models") == true)
            let wrong = await doctor(loaded, directory: directory.path, environment: ["LOCAL_KEY": "wrong"]).providers()
            #expect(wrong.first?.status == .fail && wrong.first?.detail.contains("401") == true)
            let unset = await doctor(loaded, directory: directory.path).providers()
            #expect(unset.first?.detail.contains("LOCAL_KEY is not set") == true)
        }
    }

    @Test func anUnreachableEndpointFails() async throws {
        let directory = try TemporaryDirectory()
        let loaded = try config(in: directory.path, agents: "  main:\n    provider: local",
                                providers: "  local:\n    kind: openai\n    base_url: http://127.0.0.1:9/v1")
        let checks = await doctor(loaded, directory: directory.path).providers()
        #expect(checks.first?.status == .fail)
    }

    @Test func theRegistrationMustMatchAndCarryTheFlags() throws {
        let directory = try TemporaryDirectory()
        let loaded = try config(in: directory.path)
        let expected = loaded.registration
        var file: [String: Any] = [
            "id": expected.id, "url": expected.url, "as_token": expected.asToken, "hs_token": expected.hsToken,
            "sender_localpart": expected.senderLocalpart, "receive_ephemeral": true, "de.sorunome.msc2409.push_ephemeral": true,
            "org.matrix.msc3202": true, "io.element.msc4190": true,
        ]
        func statuses(encryption: Bool = true) -> [Doctor.Status] {
            RegistrationCheck.check(file, path: "r.yaml", expected: expected, encryption: encryption, rewrite: "troupe registration").map(\.status)
        }
        #expect(statuses() == [.ok, .ok, .ok])
        file["hs_token"] = "something else"
        let checks = RegistrationCheck.check(file, path: "r.yaml", expected: expected, encryption: true, rewrite: "troupe registration")
        #expect(checks[0].status == .fail && checks[0].detail.contains("hs_token") && !checks[0].detail.contains(expected.hsToken))
        file["hs_token"] = expected.hsToken
        file["io.element.msc4190"] = nil
        #expect(statuses() == [.ok, .ok, .fail])
        #expect(statuses(encryption: false) == [.ok, .ok, .ok])
        file["receive_ephemeral"] = false
        file["de.sorunome.msc2409.push_ephemeral"] = nil
        #expect(statuses(encryption: false) == [.ok, .warn, .ok])
    }

    @Test func aMissingRegistrationFileFailsWithTheFix() throws {
        let directory = try TemporaryDirectory()
        let checks = doctor(try config(in: directory.path), directory: directory.path).registration()
        #expect(checks.count == 1 && checks[0].status == .fail && checks[0].detail.contains("troupe registration"))
    }

    @Test func homeserverFeaturesNeedMatrix17AndCannotConfirmUnlistedEncryptionFlags() {
        #expect(HomeserverFeatures.check(versions: ["r0.6.1", "v1.6"], unstable: [:], encryption: false).status == .fail)
        #expect(HomeserverFeatures.check(versions: ["v1.7", "v1.12"], unstable: [:], encryption: false).status == .ok)
        let bare = HomeserverFeatures.check(versions: ["v1.12"], unstable: [:], encryption: true)
        #expect(bare.status == .skip && bare.detail.contains("msc3202_transaction_extensions"))
        #expect(HomeserverFeatures.check(versions: ["v1.12"], unstable: ["org.matrix.msc3202": true], encryption: true).status == .ok)
    }

    @Test func ownersWithoutAdminAndEncryptionAreReported() throws {
        let directory = try TemporaryDirectory()
        let loaded = try config(in: directory.path, extra: "\nowners: [\"@bob:localhost\"]\n")
        let checks = doctor(loaded, directory: directory.path).settings()
        #expect(checks[0].status == .warn && checks[0].detail.contains("@bob:localhost"))
        #expect(checks[1] == Doctor.Check(.ok, "encryption", "allowed; keys are pickled under encryption.pickle_key"))
    }

    @Test func anUnreachableHomeserverSkipsWhatDependsOnIt() async throws {
        let directory = try TemporaryDirectory()
        let loaded = try TroupeConfig.parse(yaml: ConfigFixture.template.replacingOccurrences(of: "http://127.0.0.1:8008", with: "http://127.0.0.1:9"),
                                            directory: directory.path)
        let checks = await doctor(loaded, directory: directory.path).homeserver()
        #expect(checks.map(\.status) == [.fail, .skip, .skip, .skip])
        #expect(checks.dropFirst().allSatisfy { $0.detail.contains("did not answer") })
    }

    @Test func aCheckIsOneLineStatusFirst() {
        #expect(Doctor.Check(.warn, "owners", "x").line == "warn  owners: x")
        #expect(Doctor.Check(.ok, "database", "y").line == "ok    database: y")
    }
}
