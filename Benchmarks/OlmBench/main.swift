import Foundation
import MatrixAppService
import MatrixCrypto
import OlmCBaseline

// OlmBench: megolm encrypt/decrypt of 1 KiB messages through Troupe's libolm wrappers against the same loop
// written in C (CBaseline/baseline.c) in the same run, and the time to share a room key with 100 devices.
//
//   OlmBench [--messages N] [--size BYTES] [--devices D] [--rounds R]
//
// Each side runs R rounds (alternating, so neither gets a warmer machine); the best round counts.

struct Options {
    var messages = 20_000
    var size = 1024
    var devices = 100
    var rounds = 3

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next().flatMap(Int.init), value > 0 else {
                FileHandle.standardError.write(Data("usage: OlmBench [--messages N] [--size BYTES] [--devices D] [--rounds R]\n".utf8))
                exit(2)
            }
            switch flag {
            case "--messages": messages = value
            case "--size": size = value
            case "--devices": devices = value
            case "--rounds": rounds = value
            default:
                FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
                exit(2)
            }
        }
    }
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// The Swift side of the megolm loop: same shape as olm_c_baseline_megolm.
func swiftMegolm(messages: Int, size: Int) throws -> (encrypt: Double, decrypt: Double) {
    let outbound = try OlmOutboundGroupSession()
    let inbound = try OlmInboundGroupSession(sessionKey: try outbound.sessionKey())
    let plaintext = Data((0..<size).map { UInt8($0 % 251) })
    var ciphertexts = [String]()
    ciphertexts.reserveCapacity(messages)

    var start = ContinuousClock.now
    for _ in 0..<messages {
        ciphertexts.append(try outbound.encrypt(plaintext))
    }
    let encrypt = seconds(since: start)

    start = ContinuousClock.now
    for (index, ciphertext) in ciphertexts.enumerated() {
        let (decrypted, messageIndex) = try inbound.decrypt(ciphertext)
        guard decrypted.count == size, messageIndex == UInt32(index) else {
            throw BenchError(description: "wrong plaintext or index at message \(index)")
        }
    }
    let decrypt = seconds(since: start)
    guard try inbound.decrypt(ciphertexts[0]).plaintext == plaintext else {
        throw BenchError(description: "plaintext mismatch")
    }
    return (encrypt, decrypt)
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
}

/// Shares one megolm session's key with `devices` devices the way the crypto machine will: a new olm
/// session per device from its identity key and a claimed one-time key, then one encrypted m.room_key each.
func shareRoomKey(devices: Int) throws -> (setup: Double, share: Double) {
    var start = ContinuousClock.now
    var peers = [(identity: Curve25519Key, oneTimeKey: Curve25519Key)]()
    for _ in 0..<devices {
        let account = try OlmAccount()
        try account.generateOneTimeKeys(count: 1)
        guard let key = try account.oneTimeKeys().values.first else { throw BenchError(description: "no one-time key") }
        peers.append((account.identityKeys.curve25519, key))
    }
    let setup = seconds(since: start)

    let us = try OlmAccount()
    let outbound = try OlmOutboundGroupSession()
    start = ContinuousClock.now
    let sessionKey = try outbound.sessionKey()
    var encrypted = 0
    for (index, peer) in peers.enumerated() {
        let session = try us.outboundSession(identityKey: peer.identity, oneTimeKey: peer.oneTimeKey)
        let payload: JSONValue = [
            "type": "m.room_key",
            "content": ["algorithm": "m.megolm.v1.aes-sha2", "room_id": "!bench",
                        "session_id": .string(outbound.sessionID.rawValue), "session_key": .string(sessionKey)],
            "sender": "@troupe:localhost", "sender_device": "TROUPE",
            "keys": ["ed25519": .string(us.identityKeys.ed25519.rawValue)],
            "recipient": .string("@user\(index):localhost"),
            "recipient_keys": ["ed25519": "placeholder"],
        ]
        let message = try session.encrypt(try CanonicalJSON.encode(payload))
        encrypted += message.body.utf8.count
    }
    let share = seconds(since: start)
    guard encrypted > 0 else { throw BenchError(description: "nothing encrypted") }
    return (setup, share)
}

func format(_ value: Double, _ digits: Int = 0) -> String { String(format: "%.\(digits)f", value) }

let options = Options(CommandLine.arguments)
print("OlmBench: megolm \(options.messages) × \(options.size) B messages, best of \(options.rounds) rounds; key share to \(options.devices) devices")

var best = (swiftEncrypt: Double.infinity, swiftDecrypt: Double.infinity, cEncrypt: Double.infinity, cDecrypt: Double.infinity)
do {
    // One small warm-up of each so page faults and lazy symbol binding are out of the measured rounds.
    _ = try swiftMegolm(messages: 200, size: options.size)
    _ = olm_c_baseline_megolm(200, options.size)
    for _ in 0..<options.rounds {
        let c = olm_c_baseline_megolm(options.messages, options.size)
        if let error = c.error { throw BenchError(description: String(cString: error)) }
        let swift = try swiftMegolm(messages: options.messages, size: options.size)
        best.swiftEncrypt = min(best.swiftEncrypt, swift.encrypt)
        best.swiftDecrypt = min(best.swiftDecrypt, swift.decrypt)
        best.cEncrypt = min(best.cEncrypt, c.encrypt_seconds)
        best.cDecrypt = min(best.cDecrypt, c.decrypt_seconds)
    }
} catch {
    FileHandle.standardError.write(Data("OlmBench failed: \(error)\n".utf8))
    exit(1)
}

let n = Double(options.messages)
let rows: [(String, Double, Double)] = [
    ("encrypt", n / best.swiftEncrypt, n / best.cEncrypt),
    ("decrypt", n / best.swiftDecrypt, n / best.cDecrypt),
]
print("")
print("megolm      wrapper msg/s     C msg/s   ratio (wrapper ÷ C, target ≥ 0.90)")
var allMet = true
for (name, swift, c) in rows {
    let ratio = swift / c
    allMet = allMet && ratio >= 0.9
    print("\(name.padding(toLength: 8, withPad: " ", startingAt: 0))  \(format(swift).leftPad(13))  \(format(c).leftPad(10))   \(format(ratio, 3)) \(ratio >= 0.9 ? "ok" : "BELOW TARGET")")
}

do {
    var bestShare = Double.infinity
    var setup = 0.0
    for _ in 0..<options.rounds {
        let result = try shareRoomKey(devices: options.devices)
        bestShare = min(bestShare, result.share)
        setup = result.setup
    }
    print("")
    print("room key share to \(options.devices) devices (olm session + encrypted m.room_key each): \(format(bestShare * 1000, 1)) ms (best of \(options.rounds); \(format(bestShare * 1e6 / Double(options.devices), 0)) µs per device)")
    print("  setup, not counted: \(options.devices) peer accounts with a one-time key each in \(format(setup * 1000, 1)) ms")
} catch {
    FileHandle.standardError.write(Data("OlmBench failed: \(error)\n".utf8))
    exit(1)
}
print("")
print(allMet ? "budget met: wrapper ≥ 0.9 × C for encrypt and decrypt" : "budget NOT met")

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
