import NIOCore

/// Pre-generated transaction bodies: realistic `m.room.message` events as Synapse sends them to an appservice.
struct Corpus: Sendable {
    /// One JSON body per transaction: `{"events":[…]}`.
    let bodies: [ByteBuffer]
    let eventsPerTransaction: Int
    /// Byte offsets of every event id (after the `$`) in each body, so a sustained run can reuse bodies
    /// with fresh ids (`body(_:round:)`) instead of holding minutes of traffic in memory.
    let eventIDOffsets: [[Int]]

    var totalBytes: Int { bodies.reduce(0) { $0 + $1.readableBytes } }

    private static let vocabulary: [String] = [
        "the", "deploy", "finished", "and", "logs", "look", "clean", "can", "you", "check", "whether", "staging",
        "still", "returns", "a", "502", "on", "login", "page", "after", "restart", "I", "think", "cache", "was",
        "cold", "so", "first", "requests", "were", "slow", "but", "it", "settled", "within", "minute", "please",
        "review", "PR", "#4821", "when", "have", "time", "thanks!", "also", "meeting", "moved", "to", "3pm",
        "café", "naïve", "résumé", "🙂", "👍", "\"quoted\"", "path\\to\\file", "tab\there", "ok?", "yes,", "no.",
        "agent", "reply", "summary", "tomorrow", "budget", "latency", "p99", "regression", "fixed", "merged",
    ]
    private static let rooms = 20
    private static let senders = 100
    private static let base64url = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// `salt` separates corpora (warm-up, each mode) so no event id repeats within a run.
    init(transactions: Int, eventsPerTransaction: Int, seed: UInt64, salt: UInt64) {
        var rng = SplitMix64(seed: seed ^ (salt &* 0x2545_F491_4F6C_DD1D))
        var bodies: [ByteBuffer] = []
        bodies.reserveCapacity(transactions)
        var offsets: [[Int]] = []
        let baseTimestamp: Int64 = 1_763_000_000_000 + Int64(salt % 1_000) * 86_400_000
        var json = ""
        json.reserveCapacity(eventsPerTransaction * 480 + 16)
        for txn in 0..<transactions {
            json.removeAll(keepingCapacity: true)
            json += "{\"events\":["
            var idOffsets: [Int] = []
            for index in 0..<eventsPerTransaction {
                if index > 0 { json += "," }
                let sequence = Int64(txn * eventsPerTransaction + index)
                Self.appendEvent(to: &json, rng: &rng, timestamp: baseTimestamp + sequence * 37, idOffsets: &idOffsets)
            }
            json += "]}"
            bodies.append(ByteBuffer(string: json))
            offsets.append(idOffsets)
        }
        self.bodies = bodies
        self.eventIDOffsets = offsets
        self.eventsPerTransaction = eventsPerTransaction
    }

    /// Body `index` with the first 6 characters of every event id replaced by `round` in base64url, so
    /// each round over the same bodies carries ids never sent before.
    func body(_ index: Int, round: Int) -> ByteBuffer {
        var body = bodies[index]
        guard round > 0 else { return body }
        var prefix = [UInt8](repeating: 0, count: 6)
        var value = UInt64(round)
        for position in 0..<6 {
            prefix[position] = Self.base64url[Int(value & 63)]
            value >>= 6
        }
        for offset in eventIDOffsets[index] { body.setBytes(prefix, at: body.readerIndex + offset) }
        return body
    }

    private static func appendEvent(to json: inout String, rng: inout SplitMix64, timestamp: Int64, idOffsets: inout [Int]) {
        let room = Int(rng.next() % UInt64(rooms))
        let sender = Int(rng.next() % UInt64(senders))
        let age = Int(rng.next() % 5_000)
        json += "{\"type\":\"m.room.message\",\"room_id\":\"!benchroom"
        json += String(room)
        json += "ABCDEFGHIJ:localhost\",\"sender\":\"@user"
        json += String(sender)
        json += ":localhost\",\"event_id\":\"$"
        idOffsets.append(json.utf8.count)
        json += eventID(rng: &rng)
        json += "\",\"origin_server_ts\":"
        json += String(timestamp)
        json += ",\"content\":{\"msgtype\":\"m.text\",\"body\":"
        appendJSONString(messageBody(rng: &rng), to: &json)
        json += "},\"unsigned\":{\"age\":"
        json += String(age)
        json += "}}"
    }

    /// Room-version-4+ style id: 43 characters of unpadded URL-safe base64 (a SHA-256 reference hash).
    private static func eventID(rng: inout SplitMix64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(43)
        var word = rng.next()
        for position in 0..<43 {
            if position % 10 == 0 { word = rng.next() }
            bytes.append(base64url[Int(word & 63)])
            word >>= 6
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// About 100 characters of chat-like text, some of it needing JSON escapes or multi-byte UTF-8.
    private static func messageBody(rng: inout SplitMix64) -> String {
        var text = ""
        let target = 90 + Int(rng.next() % 21)
        for _ in 0..<64 where text.count < target {
            if !text.isEmpty { text += " " }
            text += vocabulary[Int(rng.next() % UInt64(vocabulary.count))]
        }
        return text
    }

    private static func appendJSONString(_ value: String, to json: inout String) {
        json += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            case "\n": json += "\\n"
            case "\r": json += "\\r"
            case "\t": json += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                json += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: json.unicodeScalars.append(scalar)
            }
        }
        json += "\""
    }
}
