import Testing
@testable import MatrixAppService

@Suite struct RegistrationTests {
    @Test func writesTheKeysSynapseActsOn() throws {
        let registration = Registration(id: "troupe", url: "http://127.0.0.1:29333", asToken: "a", hsToken: "h",
                                        senderLocalpart: "troupe", userPrefix: "troupe_", domain: "example.org")
        let yaml = try registration.yaml()
        for line in [
            "id: troupe", "url: http://127.0.0.1:29333", "sender_localpart: troupe", "rate_limited: false",
            "receive_ephemeral: true", "de.sorunome.msc2409.push_ephemeral: true", "org.matrix.msc3202: true",
            "io.element.msc4190: true", "exclusive: true",
        ] {
            #expect(yaml.contains(line), "missing \(line)")
        }
        #expect(registration.namespaces.users.first?.regex == #"@troupe_.*:example\.org"#)
        #expect(registration.namespaces.aliases.first?.regex == #"#troupe_.*:example\.org"#)
        #expect(try Registration.load(yaml: yaml) == registration)
    }
}
