import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a pipe without blocking a thread and hands out complete lines as they
/// arrive, so output of any size is processed line by line and never held whole.
/// Lines longer than `maxLineBytes` are cut there (the remainder is dropped),
/// which bounds memory even for a tool that prints megabytes without a newline.
///
/// Built on NIO's pipe channel rather than a Dispatch read source: on Linux,
/// libdispatch's epoll loop can touch a source's freed registration when
/// sources are cancelled while others are being added, which crashed the
/// process about one run in five under parallel turns.
final class LineReader: Sendable {
    static let maxLineBytes = 16 * 1024 * 1024

    let lines: AsyncStream<String>
    private let channel: Locked<ChannelState>

    private enum ChannelState {
        case opening(cancelled: Bool)
        case open(Channel)
        case closed
    }

    /// Takes ownership of `fd` (closed at EOF or on `cancel()`). `onChunk` sees raw
    /// bytes too (used to keep a stderr tail) and may be nil.
    init(fd: Int32, onChunk: (@Sendable ([UInt8]) -> Void)? = nil) {
        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        self.lines = lines
        let channel = Locked(ChannelState.opening(cancelled: false))
        self.channel = channel
        let future = NIOPipeBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: false)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        LineSplitter(continuation: continuation, onChunk: onChunk))
                }
            }
            .takingOwnershipOfDescriptor(input: fd)
        future.whenComplete { result in
            switch result {
            case .success(let opened):
                let cancelled = channel.withLock { state -> Bool in
                    if case .opening(cancelled: true) = state { state = .closed; return true }
                    state = .open(opened)
                    return false
                }
                if cancelled { opened.close(promise: nil) }
            case .failure:
                // NIO refused the descriptor, so it is still ours to close.
                _ = close(fd)
                channel.withLock { $0 = .closed }
                continuation.finish()
            }
        }
    }

    /// Stops reading and closes the descriptor (idempotent).
    func cancel() {
        let open = channel.withLock { state -> Channel? in
            switch state {
            case .opening: state = .opening(cancelled: true); return nil
            case .open(let channel): state = .closed; return channel
            case .closed: return nil
            }
        }
        open?.close(promise: nil)
    }
}

/// Splits the byte stream into lines on the channel's event loop.
private final class LineSplitter: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let continuation: AsyncStream<String>.Continuation
    private let onChunk: (@Sendable ([UInt8]) -> Void)?
    private var pending: [UInt8] = []
    private var discardingOverlong = false

    init(continuation: AsyncStream<String>.Continuation, onChunk: (@Sendable ([UInt8]) -> Void)?) {
        self.continuation = continuation
        self.onChunk = onChunk
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { raw in
            let chunk = Array(raw)
            onChunk?(chunk)
            split(chunk[...])
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // EOF or a hard error: hand out what is left and stop.
        if !pending.isEmpty && !discardingOverlong { emit(pending[...]) }
        pending.removeAll()
        continuation.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
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
        if pending.count > LineReader.maxLineBytes {
            emit(pending[..<(pending.startIndex + LineReader.maxLineBytes)])
            pending.removeAll()
            discardingOverlong = true
        }
    }

    private func emit(_ bytes: ArraySlice<UInt8>) {
        var slice = bytes
        if slice.last == UInt8(ascii: "\r") { slice = slice.dropLast() }
        continuation.yield(String(decoding: slice, as: UTF8.self))
    }
}

/// Writes `data` into a pipe without holding a thread, then closes it. A child
/// that exits without reading simply ends the write (EPIPE; SIGPIPE is ignored).
enum PipeWriter {
    static func write(_ data: [UInt8], to fd: Int32) {
        NIOPipeBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .takingOwnershipOfDescriptor(output: fd)
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    let buffer = channel.allocator.buffer(bytes: data)
                    channel.writeAndFlush(buffer).whenComplete { _ in channel.close(promise: nil) }
                case .failure:
                    _ = close(fd)
                }
            }
    }
}
