import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
import MatrixAppService
#endif

/// Small byte-buffer helpers shared by the libolm wrappers.
///
/// libolm works on caller-owned buffers: it asks for random bytes, writes into output buffers we size, and
/// several calls decode or decrypt their *input* in place. These helpers keep that handling in one place so
/// every wrapper copies, sizes and wipes the same way.
enum OlmBuffer {
    /// Overwrites `count` bytes with zeros in a way the optimiser may not drop (the buffer is about to be
    /// freed, which is exactly when a plain memset can be elided).
    static func wipe(_ pointer: UnsafeMutableRawPointer?, count: Int) {
        guard let pointer, count > 0 else { return }
        #if canImport(Glibc)
        explicit_bzero(pointer, count)
        #else
        memset_s(pointer, count, 0, count)
        #endif
    }

    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { wipe($0.baseAddress, count: $0.count) }
    }

    /// Cryptographically secure random bytes (`SystemRandomNumberGenerator` reads getrandom(2) on Linux).
    static func random(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: count)
        var index = 0
        while index < count {
            var word = generator.next() as UInt64
            withUnsafeBytes(of: &word) { raw in
                for byte in raw where index < count {
                    bytes[index] = byte
                    index += 1
                }
            }
        }
        return bytes
    }

    /// Runs `body` over a fresh, writable copy of `bytes` and wipes the copy afterwards.
    ///
    /// For the libolm calls that destroy their input (`olm_decrypt`, `olm_group_decrypt`, every
    /// `olm_unpickle_*`, `olm_create_inbound_session`, …): the caller's value stays intact, and whatever
    /// libolm left in the copy (for unpickling, the decrypted secret state) does not outlive the call.
    static func withScratchCopy<Bytes: Collection<UInt8>, R>(
        of bytes: Bytes, _ body: (UnsafeMutableRawPointer, Int) throws -> R
    ) rethrows -> R {
        let count = bytes.count
        // allocate(0) would still hand out a pointer, but libolm never needs one for empty input.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 1)
        defer {
            wipe(buffer.baseAddress, count: buffer.count)
            buffer.deallocate()
        }
        _ = buffer.initializeMemory(as: UInt8.self, from: bytes)
        return try body(buffer.baseAddress!, count)
    }

    /// Runs `body` with an output buffer of `capacity` bytes; `body` returns how many bytes it wrote. The
    /// result is copied out, and the buffer wiped when `wipeAfterwards` is set (plaintexts, keys, pickles' sources).
    static func withOutput(
        capacity: Int, wipeAfterwards: Bool = false, _ body: (UnsafeMutableRawPointer, Int) throws -> Int
    ) rethrows -> Data {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(capacity, 1), alignment: 1)
        defer {
            if wipeAfterwards { wipe(buffer.baseAddress, count: buffer.count) }
            buffer.deallocate()
        }
        let written = try body(buffer.baseAddress!, capacity)
        return Data(bytes: buffer.baseAddress!, count: written)
    }

    /// As `withOutput`, for libolm outputs that are ASCII text (base64, JSON).
    static func withStringOutput(
        capacity: Int, _ body: (UnsafeMutableRawPointer, Int) throws -> Int
    ) rethrows -> String {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(capacity, 1), alignment: 1)
        defer { buffer.deallocate() }
        let written = try body(buffer.baseAddress!, capacity)
        return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[0..<written]), as: UTF8.self)
    }

    /// Same as `withStringOutput` but wipes the buffer: for secrets rendered as text (session keys, exported
    /// keys, pickles are encrypted and need no wiping).
    static func withSecretStringOutput(
        capacity: Int, _ body: (UnsafeMutableRawPointer, Int) throws -> Int
    ) rethrows -> String {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(capacity, 1), alignment: 1)
        defer {
            wipe(buffer.baseAddress, count: buffer.count)
            buffer.deallocate()
        }
        let written = try body(buffer.baseAddress!, capacity)
        return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[0..<written]), as: UTF8.self)
    }

    /// Allocates the memory for one libolm object (`olm_X_size()` bytes). libolm's objects hold 64-bit
    /// fields, so 16-byte alignment is more than enough on every platform we build for.
    static func allocateObject(size: Int) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
    }

    /// Wipes and frees an object's memory after its `olm_clear_X` call (which already zeroes the object,
    /// but the allocation may be larger than what `olm_clear_X` touches).
    static func freeObject(_ memory: UnsafeMutableRawPointer, size: Int) {
        wipe(memory, count: size)
        memory.deallocate()
    }
}

/// Unpadded base64, as Matrix and libolm use it.
enum UnpaddedBase64 {
    static func encode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// Accepts input with or without padding (the spec asks implementations to accept both).
    static func decode(_ text: String) -> [UInt8]? {
        var padded = text
        while padded.utf8.count % 4 != 0 { padded.append("=") }
        return Data(base64Encoded: padded).map { [UInt8]($0) }
    }
}
