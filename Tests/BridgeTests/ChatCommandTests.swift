import Testing
@testable import Bridge

@Suite struct ChatCommandTests {
    @Test func namesAreCaseInsensitive() {
        #expect(ChatCommand.parse("!Help")?.name == "help")
        #expect(ChatCommand.parse("/STATUS", prefix: "/")?.name == "status")
        #expect(ChatCommand.parse("  !ping  ")?.name == "ping")
    }

    @Test func onlyTheGivenPrefixStartsACommand() {
        #expect(ChatCommand.parse("/status") == nil)
        #expect(ChatCommand.parse("!status", prefix: "/") == nil)
        #expect(ChatCommand.parse(".status", prefix: ".")?.name == "status")
        #expect(ChatCommand.parse("!!status now", prefix: "!!")?.rest == "now")
        #expect(ChatCommand.parse("!status", prefix: "!!") == nil)
    }

    @Test func anAgentsNameAfterThePrefixAddressesIt() throws {
        let named = try #require(ChatCommand.parse("!Coder status --all")?.addressed(among: ["main", "coder"], prefix: "!"))
        #expect(named.agent == "coder" && named.command.name == "status" && named.command.arguments == ["--all"])
        #expect(ChatCommand.parse(".main ping", prefix: ".")?.addressed(among: ["main"], prefix: ".")?.command.name == "ping")
        // Not an agent here, or nothing after the name: an ordinary command.
        #expect(ChatCommand.parse("!writer status")?.addressed(among: ["main", "coder"], prefix: "!") == nil)
        #expect(ChatCommand.parse("!coder")?.addressed(among: ["coder"], prefix: "!") == nil)
    }

    @Test func ordinaryTextIsNoCommand() {
        #expect(ChatCommand.parse("hello") == nil)
        #expect(ChatCommand.parse("!") == nil)
        #expect(ChatCommand.parse("/home/user/file.txt is big") == nil)
        #expect(ChatCommand.parse("! not a command") == nil)
    }

    @Test func quotedArguments() {
        let command = ChatCommand.parse(#"!agents add coder --displayname "Code Monkey" --provider 'codex'"#)
        #expect(command?.arguments == ["add", "coder", "--displayname", "Code Monkey", "--provider", "codex"])
    }

    @Test func curlyQuotesFromPhoneKeyboards() {
        #expect(ChatCommand.parse("!agents add x --displayname “Big One”")?.arguments == ["add", "x", "--displayname", "Big One"])
    }

    @Test func escapesAndEmptyQuotedArgument() {
        #expect(ChatCommand.parse(#"!say a\ b "" c"#)?.arguments == ["a b", "", "c"])
    }

    @Test func restKeepsTheRawText() {
        #expect(ChatCommand.parse("!session write a   poem")?.rest == "write a   poem")
    }
}

@Suite struct LeadingMentionTests {
    @Test func commandAfterAnAgentsNameIsStillACommand() {
        let names = ["coder", "@troupe_coder:localhost", "Coder"]
        #expect(MessageRouter.leadingNameRemoved("Coder: !status", names: names) == "!status")
        #expect(MessageRouter.leadingNameRemoved("@troupe_coder:localhost: !new", names: names) == "!new")
        #expect(MessageRouter.leadingNameRemoved("@coder: /help", names: names) == "/help")
    }

    @Test func otherTextStaysAsItIs() {
        let names = ["coder", "Coder"]
        #expect(MessageRouter.leadingNameRemoved("note: !important", names: names) == "note: !important")
        #expect(MessageRouter.leadingNameRemoved("encoder: fix it", names: names) == "encoder: fix it")
    }
}

@Suite struct LeadingNameTests {
    @Test func theAddressIsRemovedFromThePrompt() {
        #expect(MessageRouter.leadingNameRemoved("Coder: what's up", names: ["coder", "Coder"]) == "what's up")
        #expect(MessageRouter.leadingNameRemoved("coder, status?", names: ["Coder"]) == "status?")
        #expect(MessageRouter.leadingNameRemoved("@troupe_coder:localhost: hi", names: ["@troupe_coder:localhost"]) == "hi")
        #expect(MessageRouter.leadingNameRemoved("hey coder, status?", names: ["coder"]) == "hey coder, status?")
    }
}
