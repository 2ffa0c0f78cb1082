import Foundation
import Logging
import Testing
@testable import Bridge

private final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

@Suite struct JSONLogHandlerTests {
    @Test func eachLineIsOneJSONObjectWithStableFields() throws {
        let lines = Lines()
        var logger = Logger(label: "troupe") { label in JSONLogHandler(label: label, write: lines.append) }
        logger[metadataKey: "transport"] = "matrix"
        logger.info("joined room on invite", metadata: ["room_id": "!r:x", "event_id": "$e", "agent": "coder", "nested": ["a": "b"],
                                                        "message": "metadata never hides the message"])
        logger.debug("below the level: not written")
        #expect(lines.all.count == 1 && lines.all[0].hasSuffix("}\n") && !lines.all[0].dropLast().contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines.all[0].utf8)) as? [String: Any])
        #expect(object["message"] as? String == "joined room on invite")
        #expect(object["level"] as? String == "info" && object["label"] as? String == "troupe")
        #expect(object["room_id"] as? String == "!r:x" && object["event_id"] as? String == "$e" && object["agent"] as? String == "coder")
        #expect(object["transport"] as? String == "matrix")
        #expect((object["nested"] as? [String: String]) == ["a": "b"])
        #expect((object["time"] as? String)?.hasSuffix("Z") == true && object["source"] != nil)
    }
}
