import Testing
@testable import MatrixAppService

@Suite struct IdentifierTests {
    @Test func userIDParts() {
        let user = UserID("@troupe_coder:example.org:8448")
        #expect(user.localpart == "troupe_coder")
        #expect(user.server == "example.org:8448")
        #expect(user.isValid)
        #expect(!UserID("alice").isValid)
    }

    @Test func roomIDsAreNeverSplit() {
        // Room version 12 ids carry no server part; nothing may try to find one.
        let room = RoomID("!abcDEF123_-xyz")
        #expect(room.rawValue == "!abcDEF123_-xyz")
    }

    @Test func contentURIParts() {
        #expect(ContentURI("mxc://localhost/abc").parts?.server == "localhost")
        #expect(ContentURI("mxc://localhost/abc").parts?.mediaID == "abc")
        #expect(ContentURI("https://x/y").parts == nil)
    }

    @Test func pathSegmentsAreEscaped() {
        #expect(MatrixPath.client("v3", "rooms", "!a:b", "send", "m.room.message", "t1")
            == "/_matrix/client/v3/rooms/%21a%3Ab/send/m.room.message/t1")
        #expect(MatrixPath.segment("@u:x/y") == "%40u%3Ax%2Fy")
    }
}
