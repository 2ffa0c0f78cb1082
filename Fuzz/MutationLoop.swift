// Seeded mutation loop: the fallback driver for TransactionParserFuzz.swift where libFuzzer does not link.
// Usage: transaction-fuzz-loop SECONDS SEED_DIR [RANDOM_SEED]
import Foundation

/// JSON-shaped pieces the mutator splices in, so it reaches past the first syntax error.
let tokens: [[UInt8]] = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "\\udc00", "null", "true", "-0", "1e400",
                         "9223372036854775808", "\"events\"", "\"event_id\"", "\"content\"", "\"state_key\"", "{\"a\":",
                         "[[[[[[[[[[[[[[[[", "]]]]]]]]]]]]]]]]"].map { Array($0.utf8) }

func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
    var bytes = input
    for _ in 0...(Int(rng.next() % 4)) {
        let position = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count + 1))
        switch rng.next() % 6 {
        case 0 where !bytes.isEmpty: bytes[min(position, bytes.count - 1)] = UInt8(truncatingIfNeeded: rng.next())
        case 1 where !bytes.isEmpty: bytes.remove(at: min(position, bytes.count - 1))
        case 2: bytes.insert(contentsOf: tokens[Int(rng.next() % UInt64(tokens.count))], at: position)
        case 3 where bytes.count > 1:
            let end = min(bytes.count, position + Int(rng.next() % 64))
            if position < end { bytes.removeSubrange(position..<end) }
        case 4:
            let depth = Int(rng.next() % 2_000)
            bytes.insert(contentsOf: Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth),
                         at: position)
        default:
            if !bytes.isEmpty {
                let from = Int(rng.next() % UInt64(bytes.count))
                let length = min(bytes.count - from, Int(rng.next() % 256))
                bytes.insert(contentsOf: bytes[from..<(from + length)], at: position)
            }
        }
    }
    return bytes.count > 1 << 20 ? Array(bytes.prefix(1 << 20)) : bytes
}

@main
struct MutationLoop {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count >= 3, let seconds = Double(arguments[1]) else {
            FileHandle.standardError.write(Data("usage: \(arguments[0]) SECONDS SEED_DIR [RANDOM_SEED]\n".utf8))
            exit(2)
        }
        let directory = URL(fileURLWithPath: arguments[2])
        var seeds: [[UInt8]] = ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
            .compactMap { try? Data(contentsOf: $0) }.map { Array($0) }
        if seeds.isEmpty { seeds = [Array(#"{"events":[]}"#.utf8)] }
        var rng = SplitMix64(seed: arguments.count > 3 ? UInt64(arguments[3]) ?? 1 : UInt64.random(in: 1...UInt64.max))
        let start = Date()
        var executions = 0
        while Date().timeIntervalSince(start) < seconds {
            for _ in 0..<200 {
                let input = mutate(seeds[Int(rng.next() % UInt64(seeds.count))], &rng)
                checkTransactionInput(Data(input))
                executions += 1
                // Keep a few well-formed mutants as new seeds, so mutations compound.
                if seeds.count < 4_096, rng.next() % 64 == 0, (try? Transaction.parse(Data(input))) != nil { seeds.append(input) }
            }
        }
        print("mutation loop: \(executions) executions in \(Int(seconds)) s, 0 crashes (a crash stops the loop with a trap)")
    }
}
