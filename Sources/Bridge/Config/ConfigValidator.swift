import Agents
import Foundation
import Logging
import MatrixAppService
import MatrixCrypto

/// Applies defaults and checks every key, collecting all problems before reporting them.
struct ConfigValidator {
    let file: ConfigFile
    let agents: AgentsConfiguration
    let directory: String
    var errors: [ConfigError] = []

    init(file: ConfigFile, agents: AgentsConfiguration, directory: String) {
        self.file = file
        self.agents = agents
        self.directory = directory
    }

    mutating func validate() throws -> TroupeConfig {
        let homeserverAddress = url(file.homeserver?.address, key: "homeserver.address")
        let domain = required(file.homeserver?.domain, key: "homeserver.domain")
        let appservice = file.appservice
        let id = appservice?.id ?? "troupe"
        if !id.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) || id.isEmpty {
            fail("appservice.id", "use letters, digits, '.', '_' or '-'")
        }
        let address = url(appservice?.address, key: "appservice.address")
        let port = appservice?.port ?? 29333
        if !(1...65535).contains(port) { fail("appservice.port", "must be between 1 and 65535, not \(port)") }
        let asToken = token(appservice?.asToken, key: "appservice.as_token")
        let hsToken = token(appservice?.hsToken, key: "appservice.hs_token")
        if !asToken.isEmpty, asToken == hsToken {
            fail("appservice.hs_token", "must differ from appservice.as_token")
        }
        let botName = appservice?.bot?.username ?? "troupe"
        if !Self.isLocalpart(botName) { fail("appservice.bot.username", "not a valid Matrix localpart: \"\(botName)\"") }
        let prefix = appservice?.userPrefix ?? "troupe_"
        if prefix.isEmpty || !Self.isLocalpart(prefix) {
            fail("appservice.user_prefix", "must be a non-empty localpart prefix (a-z 0-9 . _ = - /)")
        }
        if botName.hasPrefix(prefix) {
            fail("appservice.bot.username", "must not start with appservice.user_prefix (\"\(prefix)\")")
        }
        let maxBody = appservice?.maxBodyBytes ?? AppServiceEndpoint.defaultMaxBodyBytes
        if maxBody < 64 * 1024 { fail("appservice.max_body_bytes", "must be at least 65536") }

        let (database, databaseErrors) = DatabaseSettings.parse(file.database, resolve: resolve)
        errors += databaseErrors

        var rules: [String: PermissionLevel] = [:]
        for (key, value) in file.permissions ?? [:] {
            if let level = PermissionLevel(rawValue: value.lowercased()) {
                rules[key] = level
            } else {
                fail("permissions.\(key)", "unknown level \"\(value)\" (use none, user or admin)")
            }
            if key != "*" && key.hasPrefix("@") && !UserID(key).isValid {
                fail("permissions.\(key)", "not a user id (@user:server), a server name or *")
            }
        }

        var encryption = TroupeConfig.Encryption(
            allow: file.encryption?.allow ?? false, byDefault: file.encryption?.default ?? false,
            require: file.encryption?.require ?? false, pickleKey: file.encryption?.pickleKey)
        let (levels, levelErrors) = VerificationLevelsSettings.parse(file.encryption?.verificationLevels)
        encryption.verificationLevels = levels
        errors += levelErrors
        if encryption.allow && (encryption.pickleKey ?? "").count < 32 {
            fail("encryption.pickle_key", "needs at least 32 characters when encryption.allow is true")
        }
        if let key = encryption.pickleKey, Self.isPlaceholder(key) {
            fail("encryption.pickle_key", "is the example's placeholder; `troupe init` writes a fresh random one")
        }
        if encryption.require && !encryption.allow { fail("encryption.require", "needs encryption.allow: true") }

        let levelName = file.logging?.level ?? "info"
        let logLevel = Logger.Level(rawValue: levelName.lowercased())
        if logLevel == nil { fail("logging.level", "unknown level \"\(levelName)\" (trace, debug, info, notice, warning, error)") }
        var moduleLevels: [LogModule: Logger.Level] = [:]
        let levelNames = "trace, debug, info, notice, warning, error"
        for (name, value) in (file.logging?.levels ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let module = LogModule(label: name) else {
                fail("logging.levels.\(name)", "unknown module (known: \(LogModule.allCases.map(\.rawValue).joined(separator: ", ")))")
                continue
            }
            if let level = Logger.Level(rawValue: value.lowercased()) {
                moduleLevels[module] = level
            } else {
                fail("logging.levels.\(name)", "unknown level \"\(value)\" (\(levelNames))")
            }
        }
        let formatName = file.logging?.format ?? "pretty"
        let logFormat = TroupeConfig.LogFormat(rawValue: formatName.lowercased())
        if logFormat == nil { fail("logging.format", "unknown format \"\(formatName)\" (pretty or json)") }

        do {
            try agents.validate()
        } catch let invalid as ConfigValidationErrors {
            errors += invalid.errors.map { ConfigError($0.path, $0.problem) }
        } catch {
            fail("agents", "\(error)")
        }

        var agents = agents
        if let path = agents.agentsEnvFile {
            if path.trimmingCharacters(in: .whitespaces).isEmpty {
                fail("agents_env_file", "must not be empty (leave it out for none)")
                agents.agentsEnvFile = nil
            } else {
                let resolved = resolve(path)
                agents.agentsEnvFile = resolved
                do {
                    let secrets = try SecretsFile.read(path: resolved)
                    for problem in secrets.problems { fail("agents_env_file", "\(resolved) \(problem)") }
                } catch {
                    fail("agents_env_file", (error as? AgentError)?.message ?? "\(error)")
                }
            }
        }

        var owners: [UserID] = []
        for (index, raw) in (file.owners ?? []).enumerated() {
            let user = UserID(raw)
            if user.isValid { owners.append(user) } else { fail("owners[\(index)]", "not a user id: \"\(raw)\"") }
        }

        let streaming = file.streaming
        let editInterval = streaming?.editIntervalMs ?? 1500
        if editInterval < 100 { fail("streaming.edit_interval_ms", "must be at least 100") }
        let maxEdits = streaming?.maxEdits ?? 40
        if maxEdits < 0 { fail("streaming.max_edits", "must not be negative") }
        let menuLifetime = streaming?.menuLifetimeS ?? 3600
        if menuLifetime < 10 { fail("streaming.menu_lifetime_s", "must be at least 10") }

        var control = TroupeConfig.Control(hostname: file.control?.hostname ?? "127.0.0.1", port: file.control?.port ?? 29335)
        if let socket = file.control?.socket, !socket.isEmpty {
            // Relative to the config file like the other paths; a socket path is limited to 107 bytes.
            let path = resolve(socket)
            if path.utf8.count > 100 { fail("control.socket", "is too long for a unix socket path (\(path.utf8.count) bytes, at most 100)") }
            control.socket = path
        }
        if !["127.0.0.1", "::1", "localhost"].contains(control.hostname) {
            fail("control.hostname", "must be a loopback address (127.0.0.1, ::1 or localhost): agents' tokens travel in clear")
        }
        if !(1...65535).contains(control.port) { fail("control.port", "must be between 1 and 65535, not \(control.port)") }
        if control.port == port { fail("control.port", "must differ from appservice.port (\(port))") }

        let (telegram, telegramErrors) = TelegramSettings.parse(file.telegram, agents: Set(agents.agents.keys))
        errors += telegramErrors
        let (automation, automationErrors) = AutomationSettings.parse(file.automation)
        errors += automationErrors
        if automation.webhooks.enabled {
            for (other, name) in [(port, "appservice.port"), (control.port, "control.port")] where other == automation.webhooks.port {
                fail("automation.webhooks.port", "must differ from \(name) (\(other))")
            }
        }
        let (image, imageErrors) = ImageSettings.parse(file.image)
        errors += imageErrors
        let (commands, commandErrors) = CommandSettings.parse(file.commands)
        errors += commandErrors
        let (metrics, metricsErrors) = MetricsSettings.parse(file.metrics)
        errors += metricsErrors
        if metrics.enabled {
            var taken = [(port, "appservice.port")]
            if control.socket == nil { taken.append((control.port, "control.port")) }
            if automation.webhooks.enabled { taken.append((automation.webhooks.port, "automation.webhooks.port")) }
            for (other, name) in taken where other == metrics.port {
                fail("metrics.port", "must differ from \(name) (\(other))")
            }
        }

        var language = Language.default
        if let code = file.language {
            if let known = Language(rawValue: code.lowercased()) {
                language = known
            } else {
                fail("language", "unknown language \"\(code)\" (use one of \(Language.codes))")
            }
        }

        guard errors.isEmpty else { throw ConfigErrors(errors: errors.sorted { $0.key < $1.key }) }
        return TroupeConfig(
            homeserverAddress: homeserverAddress, domain: domain, appserviceID: id, appserviceAddress: address,
            hostname: appservice?.hostname ?? "127.0.0.1", port: port, asToken: asToken, hsToken: hsToken,
            bot: .init(username: botName, displayname: appservice?.bot?.displayname ?? "Troupe", avatar: appservice?.bot?.avatar),
            userPrefix: prefix, maxBodyBytes: maxBody, database: database,
            dataDirectory: resolve(file.dataDir ?? "data"), permissions: Permissions(rules), encryption: encryption,
            logLevel: logLevel ?? .info, logLevels: moduleLevels, logFormat: logFormat ?? .pretty, agents: agents,
            owners: file.owners == nil ? Permissions(rules).namedAdmins : owners,
            streaming: StreamingSettings(editInterval: .milliseconds(editInterval), maxEdits: maxEdits,
                                         footer: streaming?.footer ?? false, menuLifetime: TimeInterval(menuLifetime),
                                         seen: streaming?.seen ?? false),
            control: control, telegram: telegram, automation: automation, image: image, commands: commands, metrics: metrics,
            language: language)
    }

    private mutating func fail(_ key: String, _ problem: String) { errors.append(ConfigError(key, problem)) }

    private mutating func required(_ value: String?, key: String) -> String {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            fail(key, "missing")
            return ""
        }
        return value
    }

    private mutating func url(_ value: String?, key: String) -> String {
        let raw = required(value, key: key)
        guard !raw.isEmpty else { return raw }
        guard let url = URL(string: raw), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            fail(key, "must be an http:// or https:// URL, not \"\(raw)\"")
            return raw
        }
        return raw.hasSuffix("/") ? String(raw.dropLast()) : raw
    }

    private mutating func token(_ value: String?, key: String) -> String {
        let raw = required(value, key: key)
        if Self.isPlaceholder(raw) {
            fail(key, "is the example's placeholder, which anyone can read; `troupe init` writes fresh random tokens")
        } else if !raw.isEmpty && raw.count < 16 {
            fail(key, "too short (at least 16 characters; `troupe init` makes 64)")
        }
        return raw
    }

    /// The example config's `CHANGE_ME…` values: public, so never accepted as a secret.
    static func isPlaceholder(_ value: String) -> Bool {
        value.uppercased().hasPrefix("CHANGE_ME") || value.uppercased().hasPrefix("CHANGEME")
    }

    private func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: directory).appendingPathComponent(path).standardizedFileURL.path
    }

    static func isLocalpart(_ value: String) -> Bool {
        !value.isEmpty && value.unicodeScalars.allSatisfy { "abcdefghijklmnopqrstuvwxyz0123456789._=-/+".unicodeScalars.contains($0) }
    }
}
