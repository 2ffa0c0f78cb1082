import MatrixAppService
import Testing
@testable import Bridge

@Suite struct PermissionsTests {
    let permissions = Permissions([
        "*": .none, "example.org": .user, "@boss:example.org": .admin, "@troll:example.org": .none, "@friend:other.net": .user,
    ])

    @Test func exactUserWinsOverDomain() {
        #expect(permissions.level(of: "@boss:example.org") == .admin)
        #expect(permissions.level(of: "@troll:example.org") == PermissionLevel.none)
    }

    @Test func domainWinsOverWildcard() {
        #expect(permissions.level(of: "@alice:example.org") == .user)
        #expect(permissions.level(of: "@friend:other.net") == .user)
        #expect(permissions.level(of: "@stranger:other.net") == PermissionLevel.none)
    }

    @Test func wildcardIsTheFallbackAndNothingMeansNone() {
        #expect(Permissions(["*": .user]).level(of: "@x:y") == .user)
        #expect(Permissions([:]).level(of: "@x:y") == PermissionLevel.none)
    }

    @Test func levelsAreOrdered() {
        #expect(permissions.allows("@boss:example.org", .user))
        #expect(!permissions.allows("@alice:example.org", .admin))
        #expect(permissions.namedAdmins == ["@boss:example.org"])
    }
}
