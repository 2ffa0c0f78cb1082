import Testing
@testable import Bridge

@Suite struct KeycapTests {
    @Test func withAndWithoutVariationSelector() {
        #expect(Keycap.number(from: "2\u{FE0F}\u{20E3}") == 2)
        #expect(Keycap.number(from: "2\u{20E3}") == 2)
        #expect(Keycap.number(from: "🔟") == 10)
        #expect(Keycap.number(from: "\u{1F51F}\u{FE0F}") == 10)
    }

    @Test func typedNumbers() {
        #expect(Keycap.number(from: " 3 ") == 3)
        #expect(Keycap.number(from: "10") == 10)
        #expect(Keycap.number(from: "0") == nil)
        #expect(Keycap.number(from: "11") == nil)
        #expect(Keycap.number(from: "0\u{FE0F}\u{20E3}") == nil)
        #expect(Keycap.number(from: "👍") == nil)
    }

    @Test func seededEmojiRoundTrip() {
        for number in 1...10 {
            #expect(Keycap.number(from: Keycap.emoji(number)!) == number)
        }
        #expect(Keycap.emoji(11) == nil)
    }
}
