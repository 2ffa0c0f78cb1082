import Foundation
import Testing
@testable import MatrixAppService

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Data(text.utf8)) }

    @Test func scalarsKeepIntegersApartFromFloats() throws {
        #expect(try parse("42") == .int(42))
        #expect(try parse("-7") == .int(-7))
        #expect(try parse("1.5") == .double(1.5))
        #expect(try parse("1e3") == .double(1000))
        #expect(try parse("true") == .bool(true))
        #expect(try parse("null") == .null)
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
    }

    @Test func nestedStructures() throws {
        let value = try parse(#" { "a" : [1, {"b": "c"}, []], "d": {} } "#)
        #expect(value == ["a": [1, ["b": "c"], []], "d": [:]])
    }

    @Test func stringEscapesAndUnicode() throws {
        #expect(try parse(#""a\"b\\c\/d\n\t""#) == .string("a\"b\\c/d\n\t"))
        #expect(try parse(#""\u00e9\u4e2d""#) == .string("é中"))
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse("\"raw ünïcødé 🎉\"") == .string("raw ünïcødé 🎉"))
    }

    @Test func rejectsWhatIsNotJSON() {
        for bad in ["", "{", "[1,]", "{\"a\":}", "tru", "01", "1.", "-", "\"unterminated", "\"\u{01}\"", #""\x""#,
                    #""\ud83d""#, "{} extra", "{'a': 1}", "[1 2]"] {
            #expect(throws: JSONParser.Error.self, "\(bad)") { try JSONParser.parse(Data(bad.utf8)) }
        }
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(Data(deep.utf8)) }
    }

    @Test func agreesWithFoundationOnARealEvent() throws {
        let text = #"{"type":"m.room.message","content":{"body":"héllo \"x\"","n":[1,2.5,true,null]},"origin_server_ts":1700000000000}"#
        let ours = try parse(text)
        let theirs = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(ours == theirs)
    }
}
