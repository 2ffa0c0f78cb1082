import Foundation
@testable import Bridge

/// The generated config, with sections swapped for a test, and the problems validation reports.
enum ConfigFixture {
    static var template: String { ConfigTemplate.render(.generated(homeserver: "http://127.0.0.1:8008", domain: "localhost")) }

    /// `yaml` with its top-level `section` (up to the next blank line) replaced by `body`, or left out when `body` is nil.
    static func replacing(section: String, with body: String?, in yaml: String = template) -> String {
        let without = yaml.replacingOccurrences(of: "(?s)\n\(section):\n.*?\n\n", with: "\n", options: .regularExpression)
        return body.map { without + "\n\(section):\n" + $0 + "\n" } ?? without
    }

    /// Every problem validation finds (none when the config is valid); any other failure as one problem.
    static func problems(_ yaml: String, directory: String = "/srv") -> [ConfigError] {
        do {
            _ = try TroupeConfig.parse(yaml: yaml, directory: directory)
            return []
        } catch let errors as ConfigErrors {
            return errors.errors
        } catch {
            return [ConfigError("", "\(error)")]
        }
    }
}
