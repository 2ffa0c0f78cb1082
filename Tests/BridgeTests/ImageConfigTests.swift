import Foundation
import Images
import Testing
@testable import Bridge

/// The `image:` section: defaults, every key, and errors that name their key.
@Suite struct ImageConfigTests {
    private func yaml(_ image: String?) -> String { ConfigFixture.replacing(section: "image", with: image) }
    private func problems(_ image: String) -> [ConfigError] { ConfigFixture.problems(yaml(image)) }

    @Test func theTemplateAndAMissingSectionMeanTheDefaults() throws {
        let template = ConfigFixture.template
        #expect(template.contains("\nimage:\n"), "the template documents the section")
        #expect(try TroupeConfig.parse(yaml: template, directory: "/srv").image == ImageOptions())
        let config = try TroupeConfig.parse(yaml: yaml(nil), directory: "/srv")
        #expect(config.image == ImageOptions(maxDimension: 2000, format: .webp, quality: 85))
    }

    @Test func everyKey() throws {
        let config = try TroupeConfig.parse(yaml: yaml("  max_dimension: 1024\n  format: jpeg\n  quality: 70"), directory: "/srv")
        #expect(config.image == ImageOptions(maxDimension: 1024, format: .jpeg, quality: 70))
        #expect(try TroupeConfig.parse(yaml: yaml("  format: png"), directory: "/srv").image.format == .png)
        #expect(try TroupeConfig.parse(yaml: yaml("  format: JPG"), directory: "/srv").image.format == .jpeg)
    }

    @Test func originalPassesImagesOnAsSent() throws {
        let config = try TroupeConfig.parse(yaml: yaml("  format: original"), directory: "/srv")
        #expect(config.image.format == nil)
        #expect(config.image.shrinker == nil)
    }

    @Test func badValuesNameTheirKeys() {
        let errors = problems("  max_dimension: 0\n  format: gif\n  quality: 101\n  size: 3")
        let byKey = Dictionary(errors.map { ($0.key, $0.problem) }, uniquingKeysWith: { $0 + "; " + $1 })
        #expect(byKey["image.max_dimension"]?.contains("from 16 to 16383") == true, "\(errors)")
        #expect(byKey["image.format"]?.contains("webp, jpeg, png, original") == true, "\(errors)")
        #expect(byKey["image.format"]?.contains("\"gif\"") == true, "\(errors)")
        #expect(byKey["image.quality"]?.contains("from 1 to 100") == true, "\(errors)")
        #expect(byKey["image.size"]?.contains("unknown key") == true, "\(errors)")
        #expect(problems("  quallity: 80").first?.problem.contains("did you mean quality?") == true)
        #expect(problems("  max_dimension: big").map(\.key) == ["image.max_dimension"])
        #expect(problems("  quality: 85.5").map(\.key) == ["image.quality"])
    }

    @Test func theSectionMustBeAMapping() {
        #expect(problems("  - webp").map(\.key) == ["image"])
    }
}
