import Foundation
import Testing
@testable import Bridge

/// The `metrics:` section: off by default, every key, and errors that name their key.
@Suite struct MetricsConfigTests {
    private func yaml(_ metrics: String?) -> String { ConfigFixture.replacing(section: "metrics", with: metrics) }
    private func problems(_ metrics: String) -> [ConfigError] { ConfigFixture.problems(yaml(metrics)) }

    @Test func theTemplateAndAMissingSectionMeanOff() throws {
        let template = ConfigFixture.template
        #expect(template.contains("\nmetrics:\n"), "the template documents the section")
        #expect(try TroupeConfig.parse(yaml: template, directory: "/srv").metrics == MetricsSettings())
        let config = try TroupeConfig.parse(yaml: yaml(nil), directory: "/srv")
        #expect(!config.metrics.enabled)
        #expect(config.metrics.hostname == "127.0.0.1")
        #expect(config.metrics.port == 29337)
    }

    @Test func everyKey() throws {
        let config = try TroupeConfig.parse(yaml: yaml("  enabled: true\n  hostname: 0.0.0.0\n  port: 9464"), directory: "/srv")
        #expect(config.metrics.enabled)
        #expect(config.metrics.hostname == "0.0.0.0")
        #expect(config.metrics.port == 9464)
    }

    @Test func badValuesNameTheirKey() {
        #expect(problems("  enabled: yes please") == [ConfigError("metrics.enabled", "expected true or false")])
        #expect(problems("  port: 70000") == [ConfigError("metrics.port", "must be between 1 and 65535, not 70000")])
        #expect(problems("  port: many") == [ConfigError("metrics.port", "expected a whole number")])
        #expect(problems("  hostname: \"\"") == [ConfigError("metrics.hostname", "expected a non-empty string")])
    }

    @Test func unknownKeysSuggestTheClosestOne() {
        let errors = problems("  enabeld: true")
        #expect(errors.map(\.key) == ["metrics.enabeld"])
        #expect(errors.first?.problem.contains("did you mean enabled?") == true)
    }

    @Test func aSectionThatIsNotAMappingIsAnError() throws {
        let text = yaml(nil) + "\nmetrics: true\n"
        #expect(throws: ConfigErrors.self) { try TroupeConfig.parse(yaml: text, directory: "/srv") }
        do {
            _ = try TroupeConfig.parse(yaml: text, directory: "/srv")
        } catch let errors as ConfigErrors {
            #expect(errors.errors.map(\.key) == ["metrics"])
        }
    }

    @Test func thePortMustDifferFromTheOtherListenersWhenEnabled() {
        #expect(problems("  enabled: true\n  port: 29333") == [ConfigError("metrics.port", "must differ from appservice.port (29333)")])
        #expect(problems("  enabled: true\n  port: 29335") == [ConfigError("metrics.port", "must differ from control.port (29335)")])
        // Off, the port is not used, so it may be anything.
        #expect(problems("  enabled: false\n  port: 29333").isEmpty)
    }

    @Test func thePortMustDifferFromTheWebhookListenerWhenBothAreOn() throws {
        let template = yaml("  enabled: true\n  port: 29336")
        #expect(try TroupeConfig.parse(yaml: template, directory: "/srv").metrics.port == 29336, "webhooks are off by default")
        let both = template.replacingOccurrences(of: "webhooks:\n    enabled: false", with: "webhooks:\n    enabled: true")
        #expect(both != template)
        do {
            _ = try TroupeConfig.parse(yaml: both, directory: "/srv")
            Issue.record("a port taken twice must be refused")
        } catch let errors as ConfigErrors {
            #expect(errors.errors == [ConfigError("metrics.port", "must differ from automation.webhooks.port (29336)")])
        }
    }
}
