import Foundation
import MatrixAppService
import Yams

/// The registration file the homeserver loaded: it must match the config, and carry the flags Troupe needs.
extension Doctor {
    func registration() -> [Check] {
        let path = context.registrationPath
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            return [Check(.fail, "registration", "cannot read \(path) (\(SecretFile.reason(error))); write it with `troupe registration -c \(context.configPath) -o \(path)` "
                + "and list it in the homeserver's app_service_config_files (or pass doctor --registration PATH)")]
        }
        guard let file = (try? Yams.load(yaml: text)) as? [String: Any] else {
            return [Check(.fail, "registration", "\(path) is not a YAML mapping; rewrite it with `troupe registration -c \(context.configPath)`")]
        }
        return RegistrationCheck.check(file, path: path, expected: config.registration, encryption: config.encryption.allow,
                                       rewrite: "troupe registration -c \(context.configPath) -o \(path)")
    }
}

/// The registration's contents against what the config says it should be (pure, for tests).
enum RegistrationCheck {
    static func check(_ file: [String: Any], path: String, expected: MatrixAppService.Registration, encryption: Bool,
                      rewrite: String) -> [Doctor.Check] {
        var checks: [Doctor.Check] = []
        let fields: [(String, String)] = [
            ("id", expected.id), ("url", expected.url), ("as_token", expected.asToken), ("hs_token", expected.hsToken),
            ("sender_localpart", expected.senderLocalpart),
        ]
        // Never print the tokens: name the keys that differ.
        let differing = fields.filter { key, value in "\(file[key] ?? "")" != value }.map(\.0)
        if differing.isEmpty {
            checks.append(Doctor.Check(.ok, "registration", "\(path) matches the config"))
        } else {
            checks.append(Doctor.Check(.fail, "registration", "\(path) differs from the config in \(differing.joined(separator: ", ")); "
                + "run `\(rewrite)` and restart the homeserver"))
        }
        func flag(_ key: String) -> Bool { (file[key] as? Bool) == true }
        let ephemeral = ["receive_ephemeral", "de.sorunome.msc2409.push_ephemeral"].filter { !flag($0) }
        if ephemeral.count == 2 {
            checks.append(Doctor.Check(.warn, "registration flags", "neither receive_ephemeral nor de.sorunome.msc2409.push_ephemeral is true: "
                + "Troupe gets no typing notices or read receipts; run `\(rewrite)`"))
        } else {
            checks.append(Doctor.Check(.ok, "registration flags", "ephemeral events are pushed"))
        }
        let crypto = ["org.matrix.msc3202", "io.element.msc4190"].filter { !flag($0) }
        if !encryption {
            checks.append(Doctor.Check(.ok, "registration encryption flags", "not needed (encryption.allow is false)"))
        } else if crypto.isEmpty {
            checks.append(Doctor.Check(.ok, "registration encryption flags", "org.matrix.msc3202 and io.element.msc4190 are on"))
        } else {
            checks.append(Doctor.Check(.fail, "registration encryption flags", "\(crypto.joined(separator: " and ")) must be true for encryption "
                + "(device lists and key counts, devices for the agents); run `\(rewrite)` and restart the homeserver"))
        }
        return checks
    }
}
