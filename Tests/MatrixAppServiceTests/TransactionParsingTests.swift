import Foundation
import Testing
@testable import MatrixAppService

@Suite struct TransactionParsingTests {
    @Test func parsesEveryUnstableSection() throws {
        let body = transactionBody([messageEvent("$1")], extra: [
            "de.sorunome.msc2409.ephemeral": [["type": "m.typing", "room_id": "!room", "content": ["user_ids": []]]],
            "de.sorunome.msc2409.to_device": [[
                "type": "m.room.encrypted", "sender": "@alice:localhost", "to_user_id": "@troupe_a:localhost",
                "to_device_id": "DEV", "content": ["algorithm": "m.olm.v1.curve25519-aes-sha2"],
            ]],
            "org.matrix.msc3202.device_lists": ["changed": ["@alice:localhost"], "left": []],
            "org.matrix.msc3202.device_one_time_keys_count": ["@troupe_a:localhost": ["DEV": ["signed_curve25519": 42]]],
            "org.matrix.msc3202.device_unused_fallback_key_types": ["@troupe_a:localhost": ["DEV": ["signed_curve25519"]]],
        ])
        let txn = try Transaction.parse(body)
        #expect(txn.events.map(\.eventID) == ["$1"])
        #expect(txn.ephemeral.first?.type == "m.typing")
        #expect(txn.toDevice.first?.toDeviceID == "DEV")
        #expect(txn.deviceLists.changed == ["@alice:localhost"])
        #expect(txn.oneTimeKeyCounts["@troupe_a:localhost"]?["DEV"]?["signed_curve25519"] == 42)
        #expect(txn.unusedFallbackKeyTypes["@troupe_a:localhost"]?["DEV"] == ["signed_curve25519"])
        #expect(txn.problems.isEmpty)
    }

    @Test func acceptsStableNamesAndTheOtherCountSpelling() throws {
        let body = transactionBody([], extra: [
            "ephemeral": [["type": "m.receipt", "room_id": "!room", "content": [:]]],
            "to_device": [["type": "m.dummy", "sender": "@a:x", "to_user_id": "@troupe_b:x", "to_device_id": "D", "content": [:]]],
            "device_lists": ["changed": [], "left": ["@gone:x"]],
            "org.matrix.msc3202.device_one_time_key_counts": ["@troupe_b:x": ["D": ["signed_curve25519": 3]]],
            "device_unused_fallback_key_types": ["@troupe_b:x": ["D": []]],
        ])
        let txn = try Transaction.parse(body)
        #expect(txn.ephemeral.count == 1)
        #expect(txn.toDevice.count == 1)
        #expect(txn.deviceLists.left == ["@gone:x"])
        #expect(txn.oneTimeKeyCounts["@troupe_b:x"]?["D"]?["signed_curve25519"] == 3)
        #expect(txn.unusedFallbackKeyTypes["@troupe_b:x"]?["D"] == [])
    }

    @Test func dropsAMalformedEventButKeepsTheRest() throws {
        let broken: JSONValue = ["type": "m.room.message", "room_id": "!room"]  // no event_id, no sender
        let txn = try Transaction.parse(transactionBody([messageEvent("$1"), broken, messageEvent("$3")]))
        #expect(txn.events.map(\.eventID) == ["$1", "$3"])
        #expect(txn.problems.count == 1)
        #expect(txn.problems[0].description.contains("events[1]"))
    }

    @Test func redactedEventWithoutContentStillParses() throws {
        let event: JSONValue = ["type": "m.room.message", "event_id": "$r", "room_id": "!room", "sender": "@a:x"]
        let txn = try Transaction.parse(transactionBody([event]))
        #expect(txn.events.first?.content == .object([:]))
    }

    @Test func emptyBodyIsNotJSON() {
        #expect(throws: Transaction.ParseError.notJSON) { try Transaction.parse(Data()) }
    }

    @Test func garbageIsNotJSON() {
        #expect(throws: Transaction.ParseError.notJSON) { try Transaction.parse(Data("{not json".utf8)) }
    }

    @Test func missingEventsIsBadJSON() {
        #expect(throws: Transaction.ParseError.badJSON("Missing 'events'")) { try Transaction.parse(Data("{}".utf8)) }
    }

    @Test func eventsThatAreNotAnArrayAreBadJSON() {
        #expect(throws: Transaction.ParseError.badJSON("'events' must be an array")) {
            try Transaction.parse(Data(#"{"events": {"a": 1}}"#.utf8))
        }
    }

    @Test func aBodyThatIsNotAnObjectIsBadJSON() throws {
        do {
            _ = try Transaction.parse(Data("[1, 2]".utf8))
            Issue.record("an array body was accepted")
        } catch {
            #expect(error.matrixError.errcode == "M_BAD_JSON")
        }
    }

    @Test func malformedOptionalSectionIsReportedNotFatal() throws {
        let txn = try Transaction.parse(transactionBody([messageEvent("$1")], extra: [
            "org.matrix.msc3202.device_one_time_keys_count": "nonsense",
        ]))
        #expect(txn.events.count == 1)
        #expect(txn.problems.contains { $0.description.contains("device_one_time_keys_count") })
    }

    @Test func anEventNestedPastTheLimitIsDroppedByIDAndTheRestKept() throws {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        let body = #"{"events":[{"type":"m.room.message","event_id":"$deep","room_id":"!r","sender":"@m:x","content":{"x":\#(deep)}},"#
            + String(decoding: try messageEvent("$ok").jsonData(), as: UTF8.self)
            + #"],"de.sorunome.msc2409.to_device":[{"type":"m.dummy","sender":"@m:x","to_user_id":"@t:x","to_device_id":"D","content":\#(deep)}]}"#
        let txn = try Transaction.parse(Data(body.utf8))
        #expect(txn.events.map(\.eventID) == ["$ok"])
        #expect(txn.toDevice.isEmpty)
        #expect(txn.problems == [
            DroppedItem(section: "events", index: 0, eventID: "$deep", reason: "nested deeper than 256 levels"),
            DroppedItem(section: "de.sorunome.msc2409.to_device", index: 0, reason: "nested deeper than 256 levels"),
        ])
    }

    @Test func wrongTypesInsideContentKeepTheEventForTheHandlerToJudge() throws {
        let body = #"{"events":[{"type":"m.room.message","event_id":"$odd","room_id":"!r","sender":"@m:x","#
            + #""content":{"body":5,"m.relates_to":"x","m.mentions":"everyone"}}]}"#
        let txn = try Transaction.parse(Data(body.utf8))
        #expect(txn.events.first?.content["body"] == .int(5))
        #expect(txn.problems.isEmpty)
    }

    @Test func aLoneSurrogateFromTheHomeserverIsNotAReasonToRefuseTheTransaction() throws {
        let body = #"{"events":[{"type":"m.room.message","event_id":"$s","room_id":"!r","sender":"@m:x","content":{"body":"a\ud800b"}}]}"#
        let txn = try Transaction.parse(Data(body.utf8))
        #expect(txn.events.first?.content["body"] == "a\u{FFFD}b")
    }
}
