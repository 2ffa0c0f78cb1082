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
                    "{} extra", "{'a': 1}", "[1 2]"] {
            #expect(throws: JSONParser.Error.self, "\(bad)") { try JSONParser.parse(Data(bad.utf8)) }
        }
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(Data(deep.utf8)) }
    }

    @Test func elidingParserReplacesOverDeepSubtreesAndSaysWhere() throws {
        let deep = String(repeating: #"{"a":["#, count: 200) + "1" + String(repeating: "]}", count: 200)
        let text = #"{"events":[{"ok":[1,2]},{"x":\#(deep),"y":"kept"}],"other":[]}"#
        let (value, elisions) = try JSONParser.parseEliding(Data(text.utf8))
        #expect(elisions.count == 1)
        #expect(elisions.first?.path == [.key("events"), .index(1)])
        #expect(value["events"]?.arrayValue?[1]["y"] == "kept")
        #expect(value["events"]?.arrayValue?[0] == ["ok": [1, 2]])
    }

    @Test func elidingParserTakesAMillionLevelsWithoutRecursing() throws {
        let deep = String(repeating: #"{"k":["#, count: 500_000) + #""s\"]}""# + String(repeating: "]}", count: 500_000)
        let (value, elisions) = try JSONParser.parseEliding(Data(#"[\#(deep), 7]"#.utf8))
        #expect(elisions.map(\.path) == [[.index(0), .key("k")]])
        #expect(value.arrayValue?.last == 7)
    }

    @Test func elidedSubtreesMustStillBeJSON() {
        for bad in ["[1,]", "{\"a\" 1}", "[1 2]", "{\"a\":}", "[tru]", "{1:2}", "[\"open", "[", "{\"a\":[}]}"] {
            let text = String(repeating: "[", count: 300) + bad + String(repeating: "]", count: 300)
            #expect(throws: JSONParser.Error.self, "\(bad)") { try JSONParser.parseEliding(Data(text.utf8)) }
        }
        let fine = String(repeating: "[", count: 300) + #"{"a":[1,-2.5e3,true,false,null,"\u00e9",{}],"b":{}}"# + String(repeating: "]", count: 300)
        #expect(throws: Never.self) { try JSONParser.parseEliding(Data(fine.utf8)) }
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try parse(#""\ud83d""#) == .string("\u{FFFD}"))
        #expect(try parse(#""\ude00x""#) == .string("\u{FFFD}x"))
        #expect(try parse(#""\ud83d\u0041""#) == .string("\u{FFFD}A"))
        #expect(try parse(#""\ud83d\ud83d\ude00""#) == .string("\u{FFFD}😀"))
    }

    @Test func everyWalkOverTheDeepestBuiltValueIsSafeOnATaskStack() async throws {
        // The deepest value the parser builds; every recursive walk over it runs on a cooperative thread.
        let depth = JSONParser.maxDepth
        let text = String(repeating: #"{"a":["#, count: depth / 2) + "1" + String(repeating: "]}", count: depth / 2)
        let ok = await Task.detached { () -> Bool in
            guard let value = try? JSONParser.parse(Data(text.utf8)) else { return false }
            let copy = try? JSONParser.parse(Data(text.utf8))
            var hasher = Hasher()
            value.hash(into: &hasher)
            _ = hasher.finalize()
            guard let encoded = try? value.jsonData(),
                  let decoded = try? JSONDecoder().decode(JSONValue.self, from: encoded) else { return false }
            _ = String(describing: value)
            return value == copy && decoded == value
        }.value
        #expect(ok)
    }

    @Test func agreesWithFoundationOnARealEvent() throws {
        let text = #"{"type":"m.room.message","content":{"body":"héllo \"x\"","n":[1,2.5,true,null]},"origin_server_ts":1700000000000}"#
        let ours = try parse(text)
        let theirs = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(ours == theirs)
    }
}
