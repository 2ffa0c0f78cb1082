import Agents
import AsyncHTTPClient
import Foundation
import NIOCore

/// Each provider an agent uses: a CLI must start and look logged in; an HTTP endpoint must list its models.
extension Doctor {
    func providers() async -> [Check] {
        let resolved = config.agents.resolvedProviders
        var checks: [Check] = []
        for name in Set(config.agents.agents.values.map(\.provider)).sorted() {
            guard let provider = resolved[name] else { continue }
            let environment = config.agents.environment(of: provider, parent: context.environment)
            if provider.kind == .openai {
                checks.append(await models(provider, environment: environment))
                continue
            }
            let command = provider.settings.command ?? name
            guard let executable = Self.findExecutable(command, path: environment["PATH"]) else {
                checks.append(Check(.fail, "provider \(name)", "\(command) not found on PATH; \(provider.kind.installHint), or set providers.\(name).command"))
                checks.append(Check(.skip, "provider \(name) login", "skipped: \(command) is not installed"))
                continue
            }
            switch await VersionProbe.run(executable, environment: environment, timeout: context.versionTimeout) {
            case .printed(let version):
                checks.append(Check(.ok, "provider \(name)", "\(executable) runs (\(version.isEmpty ? "printed no version" : version))"))
            case .failed(let status, let output):
                checks.append(Check(.fail, "provider \(name)", "`\(executable) --version` exited with \(status)\(output.isEmpty ? "" : ": \(output)")"))
            case .timedOut:
                checks.append(Check(.fail, "provider \(name)", "`\(executable) --version` did not finish within \(context.versionTimeout)"))
            case .cannotStart(let reason):
                checks.append(Check(.fail, "provider \(name)", "cannot start \(executable): \(reason)"))
            }
            let login = CLILogin.check(provider.kind, environment: environment, home: environment["HOME"] ?? context.home)
            checks.append(Check(login.status, "provider \(name) login", login.detail))
        }
        return checks
    }

    /// `GET {base_url}/models` with the provider's key: the endpoint answers and the key is accepted, at no cost.
    func models(_ provider: ResolvedProvider, environment: [String: String]) async -> Check {
        let name = "provider \(provider.name)"
        guard let base = provider.settings.baseURL else { return Check(.fail, name, "no base_url") }
        let url = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/models"
        var request = HTTPClientRequest(url: url)
        var keyNote = "no api_key_env"
        if let variable = provider.settings.apiKeyEnv {
            if let key = context.environment[variable], !key.isEmpty {
                request.headers.add(name: "Authorization", value: "Bearer \(key)")
                keyNote = "with the key from \(variable)"
            } else {
                keyNote = "\(variable) is not set, so no key was sent"
            }
        }
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 4 << 20)
            guard response.status.code == 200 else {
                let hint = response.status.code == 401 || response.status.code == 403 ? "; check the key in \(provider.settings.apiKeyEnv ?? "api_key_env")" : ""
                return Check(.fail, name, "GET \(url) answered \(response.status.code) (\(keyNote))\(hint)")
            }
            let count = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])?["data"].flatMap { $0 as? [Any] }?.count
            return Check(.ok, name, "GET \(url) answers (\(count.map { "\($0) models" } ?? "200"), \(keyNote))")
        } catch {
            return Check(.fail, name, "GET \(url) failed: \(error)")
        }
    }

    static func findExecutable(_ command: String, path: String?) -> String? {
        if command.contains("/") { return FileManager.default.isExecutableFile(atPath: command) ? command : nil }
        return (path ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(command)" }.first(where: FileManager.default.isExecutableFile)
    }
}
