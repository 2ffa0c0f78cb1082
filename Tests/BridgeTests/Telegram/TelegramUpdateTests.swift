import Foundation
import Testing
@testable import Bridge

/// Updates as Telegram sends them (trimmed from real `getUpdates` answers, ids changed).
@Suite struct TelegramUpdateTests {
    private func decode(_ json: String) throws -> TelegramUpdate {
        try JSONDecoder().decode(TelegramUpdate.self, from: Data(json.utf8))
    }

    @Test func privateTextMessage() throws {
        let update = try decode("""
            {"update_id":815273001,"message":{"message_id":12,"from":{"id":111222333,"is_bot":false,"first_name":"Ana",
            "last_name":"Lima","username":"analima","language_code":"pt-br"},"chat":{"id":111222333,"first_name":"Ana",
            "last_name":"Lima","username":"analima","type":"private"},"date":1763800000,"text":"hello there"}}
            """)
        #expect(update.updateID == 815273001)
        let message = try #require(update.message)
        #expect(message.text == "hello there")
        #expect(message.chat.isPrivate)
        #expect(message.from?.id == 111222333)
        #expect(message.from?.displayName == "@analima")
    }

    @Test func groupMentionWithEntitiesAndReply() throws {
        let update = try decode("""
            {"update_id":815273002,"message":{"message_id":301,"from":{"id":111222333,"is_bot":false,"first_name":"Ana"},
            "chat":{"id":-1001987654321,"title":"Team","type":"supergroup"},"date":1763800100,
            "reply_to_message":{"message_id":300,"from":{"id":7000000001,"is_bot":true,"first_name":"Troupe","username":"troupe_test_bot"},
            "chat":{"id":-1001987654321,"title":"Team","type":"supergroup"},"date":1763800090,"text":"earlier answer"},
            "text":"@troupe_test_bot what now? /status","entities":[{"offset":0,"length":16,"type":"mention"},
            {"offset":27,"length":7,"type":"bot_command"}]}}
            """)
        let message = try #require(update.message)
        #expect(message.chat.isGroup)
        #expect(message.replyToMessage?.from?.id == 7000000001)
        let addressing = TelegramAddressing(botUsername: "troupe_test_bot", botID: 7000000001)
        #expect(addressing.mentions(message.text!, entities: message.entities!))
        #expect(addressing.withoutMention(message.text!) == "what now? /status")
    }

    @Test func forumTopicMessage() throws {
        let update = try decode("""
            {"update_id":815273003,"message":{"message_id":88,"message_thread_id":77,"is_topic_message":true,
            "from":{"id":5,"is_bot":false,"first_name":"B"},"chat":{"id":-1002000000000,"title":"Forum","is_forum":true,"type":"supergroup"},
            "date":1763800200,"text":"in a topic"}}
            """)
        let message = try #require(update.message)
        let ref = TelegramChatRef(message, bot: nil)
        #expect(ref.threadID == 77)
        #expect(ref.address.stored == "telegram:-1002000000000/77")
        #expect(ChatAddress(stored: ref.address.stored) == ref.address)
    }

    @Test func callbackQuery() throws {
        let update = try decode("""
            {"update_id":815273004,"callback_query":{"id":"4382bfdwdsb323b2d9","from":{"id":111222333,"is_bot":false,"first_name":"Ana"},
            "message":{"message_id":45,"from":{"id":7000000001,"is_bot":true,"first_name":"Troupe","username":"troupe_test_bot"},
            "chat":{"id":111222333,"first_name":"Ana","type":"private"},"date":1763800300,"text":"Shall I go ahead?",
            "reply_markup":{"inline_keyboard":[[{"text":"Yes","callback_data":"m:abc:1"},{"text":"No","callback_data":"m:abc:2"}]]}},
            "chat_instance":"-8834659245521","data":"m:abc:2"}}
            """)
        let query = try #require(update.callbackQuery)
        #expect(query.data == "m:abc:2")
        #expect(query.message?.replyMarkup?.inlineKeyboard.first?.last?.text == "No")
    }

    @Test func photoAndDocument() throws {
        let photo = try decode("""
            {"update_id":9,"message":{"message_id":3,"from":{"id":5,"is_bot":false,"first_name":"B"},"chat":{"id":5,"type":"private","first_name":"B"},
            "date":1,"photo":[{"file_id":"small","file_unique_id":"s","file_size":1200,"width":90,"height":60},
            {"file_id":"large","file_unique_id":"l","file_size":56000,"width":1280,"height":853}],"caption":"what is this?"}}
            """)
        #expect(photo.message?.photo?.count == 2)
        #expect(photo.message?.caption == "what is this?")
        let document = try decode("""
            {"update_id":10,"message":{"message_id":4,"from":{"id":5,"is_bot":false,"first_name":"B"},"chat":{"id":5,"type":"private"},
            "date":1,"document":{"file_name":"report.pdf","mime_type":"application/pdf","file_id":"BQACAgIAAxk","file_unique_id":"AgAD","file_size":52000}}}
            """)
        #expect(document.message?.document?.fileName == "report.pdf")
    }

    @Test func voiceAudioAndVideoAreFilesToo() throws {
        let voice = try decode("""
            {"update_id":13,"message":{"message_id":21,"from":{"id":5,"is_bot":false,"first_name":"B"},"chat":{"id":5,"type":"private"},"date":1,
            "voice":{"duration":3,"mime_type":"audio/ogg","file_id":"AwACAgIAAxkBAAI","file_unique_id":"AgADx","file_size":8123}}}
            """)
        let voiceMessage = try #require(voice.message)
        let (file, name) = try #require(TelegramMedia.file(of: voiceMessage))
        #expect(file.fileID == "AwACAgIAAxkBAAI" && file.mimeType == "audio/ogg" && name == "voice-21.ogg")
        let audio = try decode("""
            {"update_id":14,"message":{"message_id":22,"from":{"id":5,"is_bot":false,"first_name":"B"},"chat":{"id":5,"type":"private"},"date":1,
            "audio":{"duration":200,"file_name":"talk.mp3","mime_type":"audio/mpeg","file_id":"CQACAgIAAxk","file_unique_id":"AgADy"}}}
            """)
        let audioMessage = try #require(audio.message)
        #expect(TelegramMedia.file(of: audioMessage)?.0.fileName == "talk.mp3")
        #expect(TelegramMedia.hasFile(audioMessage))
    }

    @Test func botAddedToAGroup() throws {
        let update = try decode("""
            {"update_id":11,"my_chat_member":{"chat":{"id":-400,"title":"Random","type":"group"},"from":{"id":5,"is_bot":false,"first_name":"B"},
            "date":1,"old_chat_member":{"user":{"id":7,"is_bot":true,"first_name":"T"},"status":"left"},
            "new_chat_member":{"user":{"id":7,"is_bot":true,"first_name":"T"},"status":"member"}}}
            """)
        #expect(update.myChatMember?.newChatMember.status == "member")
        #expect(update.myChatMember?.chat.isGroup == true)
    }

    @Test func unknownUpdateKindsStillDecode() throws {
        let update = try decode(#"{"update_id":12,"poll":{"id":"1","question":"?","options":[]}}"#)
        #expect(update.updateID == 12)
        #expect(update.message == nil && update.callbackQuery == nil)
    }
}

@Suite struct TelegramAddressingTests {
    let addressing = TelegramAddressing(botUsername: "TroupeBot", botID: 7)

    @Test func commandsForThisBotOrEveryBot() {
        #expect(addressing.command(in: "/help") == .ours)
        #expect(addressing.command(in: "/help@troupebot now") == .ours)
        #expect(addressing.command(in: "/help@otherbot") == .otherBot)
        #expect(addressing.command(in: "hello /help") == nil)
    }

    @Test func mentionByUsernameOrTextMention() {
        #expect(addressing.mentions("hi @troupebot", entities: [.init(type: "mention", offset: 3, length: 10)]))
        #expect(!addressing.mentions("hi @other", entities: [.init(type: "mention", offset: 3, length: 6)]))
        let bot = TelegramUser(id: 7, isBot: true, firstName: "Troupe")
        #expect(addressing.mentions("hi Troupe", entities: [.init(type: "text_mention", offset: 3, length: 6, user: bot)]))
        // Offsets are UTF-16 units: an emoji before the mention shifts it by two.
        #expect(addressing.mentions("😀 @TroupeBot", entities: [.init(type: "mention", offset: 3, length: 10)]))
        #expect(!addressing.mentions("@troupebot", entities: [.init(type: "mention", offset: 5, length: 10)]))
    }

    @Test func mentionIsRemovedFromTheText() {
        #expect(addressing.withoutMention("@TroupeBot  fix it") == "fix it")
        #expect(addressing.withoutMention("/status@troupebot") == "/status")
    }
}
