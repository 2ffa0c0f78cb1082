import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a pipe without blocking a thread and hands out complete lines as they
/// arrive, so output of any size is processed line by line and never held whole.
/// Lines longer than `maxLineBytes` are cut there (the remainder is dropped),
/// which bounds memory even for a tool that prints megabytes without a newline.
final class LineReader: @unchecked Sendable {
    static let maxLineBytes = 16 * 1024 * 1024

    let lines: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation
    private let source: DispatchSourceRead
    private let fd: Int32
    // Touched only on `queue`.
    private var pending: [UInt8] = []
    private var discardingOverlong = false
    private let onChunk: (@Sendable ([UInt8]) -> Void)?

    /// `onChunk` sees raw bytes too (used to keep a stderr tail) and may be nil.
    init(fd: Int32, label: String, onChunk: (@Sendable ([UInt8]) -> Void)? = nil) {
        self.fd = fd
        self.onChunk = onChunk
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        (lines, continuation) = AsyncStream.makeStream(of: String.self)
        let queue = DispatchQueue(label: label)
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        // Strong on purpose: the source keeps the reader alive until EOF cancels it.
        source.setEventHandler { self.drain() }
        source.setCancelHandler { [fd, continuation] in
            close(fd)
            continuation.finish()
        }
        source.resume()
    }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                let chunk = buffer[0..<count]
                onChunk?(Array(chunk))
                split(chunk)
                continue
            }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            if count < 0 && errno == EINTR { continue }
            // EOF or a hard error: hand out what is left and stop.
            if !pending.isEmpty && !discardingOverlong { emit(pending[...]) }
            pending.removeAll()
            source.cancel()
            return
        }
    }

    private func split(_ chunk: ArraySlice<UInt8>) {
        var start = chunk.startIndex
        while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let piece = chunk[start..<newline]
            if discardingOverlong {
                discardingOverlong = false
            } else if pending.isEmpty {
                emit(piece)
            } else {
                pending.append(contentsOf: piece)
                emit(pending[...])
                pending.removeAll(keepingCapacity: true)
            }
            start = newline + 1
        }
        let rest = chunk[start...]
        guard !rest.isEmpty, !discardingOverlong else { return }
        pending.append(contentsOf: rest)
        if pending.count > Self.maxLineBytes {
            emit(pending[..<(pending.startIndex + Self.maxLineBytes)])
            pending.removeAll()
            discardingOverlong = true
        }
    }

    private func emit(_ bytes: ArraySlice<UInt8>) {
        var slice = bytes
        if slice.last == UInt8(ascii: "\r") { slice = slice.dropLast() }
        continuation.yield(String(decoding: slice, as: UTF8.self))
    }

    /// Stops reading and closes the descriptor (idempotent).
    func cancel() { source.cancel() }
}
