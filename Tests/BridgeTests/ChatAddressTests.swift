import Agents
import MatrixAppService
import Testing
@testable import Bridge

/// Addresses are stored as strings; these pin the format (old databases hold it) and the round trip.
@Suite struct ChatAddressTests {
    @Test func everyAddressRoundTripsThroughItsStoredString() {
        let addresses: [ChatAddress] = [
            .matrix(RoomID("!a:server")),
            .matrixThread(RoomID("!a:server:8448"), root: EventID("$Root_Event-1")),
            .session(.matrixThread(RoomID("!a:server"), root: EventID("$r")), name: "plan"),
            .telegram(TelegramChatRef(chatID: 42)),
            .telegram(TelegramChatRef(chatID: -1002000000000, threadID: 77)),
            .telegram(TelegramChatRef(chatID: 5, bot: "coder")),
            .session(.matrix(RoomID("!a:server")), name: "fix-bug"),
            .delegation(asker: "main", chat: .telegram(TelegramChatRef(chatID: 42, threadID: 7))),
            .delegation(asker: "coder", chat: .delegation(asker: "main", chat: .matrix(RoomID("!a:server")))),
            .run(RunID(rawValue: "r1234abcd")),
        ]
        for address in addresses {
            #expect(ChatAddress(stored: address.stored) == address, "\(address.stored)")
        }
    }

    @Test func theStoredFormatIsTheOneOlderDatabasesHold() {
        #expect(ChatAddress.matrix(RoomID("!a:server")).stored == "matrix:!a:server")
        #expect(ChatAddress.telegram(TelegramChatRef(chatID: -100, threadID: 7, bot: "coder")).stored == "telegram:coder@-100/7")
        #expect(ChatAddress.session(.telegram(TelegramChatRef(chatID: 42)), name: "plan").stored == "telegram:42#plan")
        #expect(ChatAddress.delegation(asker: "main", chat: .matrix(RoomID("!a:s"))).stored == "delegate:main:matrix:!a:s")
    }

    @Test func aThreadIsAConversationOfItsOwnInItsRoom() {
        let thread = ChatAddress.matrixThread(RoomID("!a:s"), root: EventID("$root"))
        #expect(thread.stored == "matrix:!a:s/$root")
        #expect(thread.matrixRoom == RoomID("!a:s") && thread.matrixThreadRoot == EventID("$root"))
        #expect(ChatAddress.session(thread, name: "x").matrixRoom == RoomID("!a:s"))
        #expect(ChatAddress(stored: "matrix:!a:s/") == nil && ChatAddress(stored: "matrix:!a:s/notanevent") == nil)
    }

    @Test func resultsGoToTheChatTheChainStartedIn() {
        #expect(ChatAddress(stored: "delegate:coder:delegate:main:matrix:!a:server")?.matrixRoom == RoomID("!a:server"))
        // A run started from a named session reports to the session's room.
        #expect(ChatAddress(stored: "matrix:!a:server#fix-bug")?.matrixRoom == RoomID("!a:server"))
        #expect(RunCommands.originChat("delegate:main:telegram:42/7#plan") == "telegram:42/7")
        #expect(ChatAddress(stored: "telegram:42")?.matrixRoom == nil)
        #expect(ChatAddress(stored: "run:r1234abcd")?.matrixRoom == nil)
    }

    @Test func stringsNoTransportMadeAreNoAddress() {
        for bad in ["", "matrix:", "telegram:", "telegram:abc", "telegram:1/2/3", "telegram:1/x", "delegate:main", "delegate::matrix:!a",
                    "slack:C123", "!room:server"] {
            #expect(ChatAddress(stored: bad) == nil, "\(bad)")
        }
        // The delegation of a chat nobody made keeps it as it is.
        #expect(ChatAddress(stored: "delegate:main:shell")?.origin == .unknown("shell"))
    }
}
