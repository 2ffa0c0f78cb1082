import Agents
import MatrixAppService
import Testing
@testable import Bridge

@Suite struct MatrixResultSinkTests {
    @Test func resultsGoToTheRoomTheChainStartedIn() {
        #expect(MatrixResultSink.room(for: "matrix:!a:server") == RoomID("!a:server"))
        #expect(MatrixResultSink.room(for: "delegate:main:matrix:!a:server") == RoomID("!a:server"))
        #expect(MatrixResultSink.room(for: "delegate:coder:delegate:main:matrix:!a:server") == RoomID("!a:server"))
        // A run started from a named session reports to the session's room.
        #expect(MatrixResultSink.room(for: "matrix:!a:server#fix-bug") == RoomID("!a:server"))
        #expect(RunCommands.originChat("delegate:main:telegram:42/7#plan") == "telegram:42/7")
    }

    @Test func chatsOutsideMatrixHaveNoRoom() {
        #expect(MatrixResultSink.room(for: "telegram:42") == nil)
        #expect(MatrixResultSink.room(for: "run:r1234abcd") == nil)
        #expect(MatrixResultSink.room(for: "delegate:main") == nil)
        #expect(MatrixResultSink.room(for: "matrix:") == nil)
    }
}
