import Testing
@testable import MatrixAppService

@Suite struct MembershipCacheTests {
    @Test func keepsAtMostItsCapacityOfRoomsAndForgetsTheLeastRecentlyUsed() {
        let cache = MembershipCache(capacity: 3)
        for index in 0..<3 { cache.load(RoomID("!r\(index)"), ["@a:x": .join]) }
        _ = cache.members(of: "!r0")  // r0 is used again, so r1 is now the oldest
        cache.load("!r3", ["@b:x": .join])
        #expect(cache.count == 3)
        #expect(cache.members(of: "!r1") == nil)
        #expect(cache.members(of: "!r0") == ["@a:x": .join])
        #expect(cache.members(of: "!r3") == ["@b:x": .join])
    }

    @Test func tenThousandRoomsStayAtCapacity() {
        let cache = MembershipCache(capacity: 100)
        for index in 0..<10_000 { cache.load(RoomID("!room\(index)"), [UserID("@u\(index):x"): .join]) }
        #expect(cache.count == 100)
    }

    @Test func aStoreForgettingARoomStillAnswersFromTheDatabase() async throws {
        let store = SQLiteStateStore(try makeDatabase())
        for index in 0..<(MembershipCache.defaultCapacity + 5) {
            try await store.setMembership(room: RoomID("!r\(index)"), user: "@a:x", .join, displayname: nil)
            _ = try await store.membership(room: RoomID("!r\(index)"), user: "@a:x")
        }
        #expect(try await store.membership(room: "!r0", user: "@a:x") == .join)
    }
}
