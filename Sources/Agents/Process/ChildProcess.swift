import Foundation
import Retry
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child ended.
enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    var isSuccess: Bool { self == .exited(0) }

    var description: String {
        switch self {
        case .exited(let code): "status \(code)"
        case .signaled(let signal): "signal \(signal)"
        }
    }
}

struct SpawnError: Error, Sendable {
    let errno: Int32
    var message: String { String(cString: strerror(errno)) }
}

/// A child process started in its own process group, so one `kill(-pgid, …)`
/// reaches every process the tool starts (shells, language servers, test runs).
/// Stdout is streamed as lines; stderr is kept only as a short tail for messages.
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    let stdoutLines: AsyncStream<String>
    private let stdoutReader: LineReader
    private let stderrReader: LineReader
    private let stderrTailBuffer: Locked<[UInt8]>
    private let state: Locked<State>
    private let exit: Task<ExitStatus, Never>
    private let stderrDrained: Locked<Bool>

    private struct State {
        var reaped = false
        var status: ExitStatus?
    }

    private static let stderrTailBytes = 8192

    /// Ignoring SIGPIPE lets a write to a child that exited early fail with EPIPE
    /// instead of killing Troupe; children get the default back via SETSIGDEF.
    private static let ignoreSIGPIPE: Void = { signal(SIGPIPE, SIG_IGN); return () }()

    /// - Parameter stdin: written without blocking, then closed; nil gives the child /dev/null.
    init(executable: String, arguments: [String], environment: [String: String], workingDirectory: String, stdin: Data?) throws {
        _ = Self.ignoreSIGPIPE

        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        var inPipe: [Int32] = [-1, -1]
        // O_CLOEXEC: a pipe end leaking into a sibling child would keep our EOF from ever arriving.
        guard SpawnExtensions.makePipe(&outPipe) == 0 else { throw SpawnError(errno: errno) }
        guard SpawnExtensions.makePipe(&errPipe) == 0 else {
            let saved = errno
            close(outPipe[0]); close(outPipe[1])
            throw SpawnError(errno: saved)
        }
        if stdin != nil, SpawnExtensions.makePipe(&inPipe) != 0 {
            let saved = errno
            [outPipe[0], outPipe[1], errPipe[0], errPipe[1]].forEach { close($0) }
            throw SpawnError(errno: saved)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if stdin != nil {
            posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        if let closeFrom = SpawnExtensions.addClosefrom { _ = closeFrom(&actions, 3) }
        var arguments = arguments
        var executable = executable
        if let addChdir = SpawnExtensions.addChdir {
            _ = addChdir(&actions, workingDirectory)
        } else {
            // Without glibc's addchdir_np, let a shell change directory and exec the tool.
            arguments = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", workingDirectory, executable] + arguments.dropFirst()
            executable = "/bin/sh"
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for sig in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD] { sigaddset(&defaultSignals, sig) }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }

        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        close(outPipe[1])
        close(errPipe[1])
        if stdin != nil { close(inPipe[0]) }
        guard rc == 0 else {
            close(outPipe[0]); close(errPipe[0])
            if stdin != nil { close(inPipe[1]) }
            throw SpawnError(errno: rc)
        }
        pid = child
        let state = Locked(State())
        self.state = state
        // Watch for the leader's exit from the start, not after stdout closes: a
        // grandchild that inherited stdout (a backgrounded job) would otherwise keep
        // the pipe open, and the turn, forever.
        let leader = child
        exit = Task.detached { await ChildProcess.watch(pid: leader, state: state) }

        let tail = Locked<[UInt8]>([])
        stderrTailBuffer = tail
        stdoutReader = LineReader(fd: outPipe[0])
        stderrReader = LineReader(fd: errPipe[0]) { chunk in
            tail.withLock { buffer in
                buffer.append(contentsOf: chunk)
                if buffer.count > Self.stderrTailBytes { buffer.removeFirst(buffer.count - Self.stderrTailBytes) }
            }
        }
        stdoutLines = stdoutReader.lines
        // Lines from stderr are only kept in the tail; drain the stream so it does not buffer.
        let stderrLines = stderrReader.lines
        let drained = Locked(false)
        stderrDrained = drained
        Task.detached {
            for await _ in stderrLines {}
            drained.withLock { $0 = true }
        }

        if let stdin, inPipe[1] >= 0 {
            PipeWriter.write([UInt8](stdin), to: inPipe[1])
        }
    }

    /// The last few KB the child wrote to stderr, trimmed. Waits for stderr to
    /// reach EOF (the reader runs on another thread and may still hold the last
    /// bytes), but at most `wait`: a leftover grandchild can keep the pipe open.
    func stderrTail(wait: Duration = .seconds(1)) async -> String {
        let deadline = ContinuousClock.now + wait
        while !stderrDrained.current && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(2))
        }
        return String(decoding: stderrTailBuffer.current, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Signals the whole process group; a no-op once the child is reaped, so a
    /// recycled pid is never hit.
    func signalGroup(_ signal: Int32) {
        state.withLock { state in
            guard !state.reaped else { return }
            _ = kill(-pid, signal)
        }
    }

    /// Waits for the group leader to exit. Leftover processes in its group are
    /// killed then (they would hold the pipes open and outlive the turn), and
    /// the leader is reaped.
    /// Called once stdout has closed, when the exit is imminent: polls eagerly
    /// rather than waiting out the watcher's back-off, which would hold the
    /// conversation (and a concurrency slot) for up to 50 ms per turn.
    func waitForExit() async -> ExitStatus {
        let eager = Backoff(base: .microseconds(100), cap: .milliseconds(5))
        for attempt in 1...30 {
            if let status = Self.poll(pid: pid, state: state) { return status }
            try? await Task.sleep(for: eager.delay(afterAttempt: attempt))
        }
        return await exit.value
    }

    /// Polls with back-off: Linux offers no portable async child-exit event that
    /// does not take SIGCHLD away from other code in the process.
    private static func watch(pid: pid_t, state: Locked<State>) async -> ExitStatus {
        let backoff = Backoff(base: .microseconds(500), cap: .milliseconds(50))
        var attempt = 0
        while true {
            if let status = poll(pid: pid, state: state) { return status }
            attempt += 1
            try? await Task.sleep(for: backoff.delay(afterAttempt: attempt))
        }
    }

    private static func poll(pid: pid_t, state: Locked<State>) -> ExitStatus? {
        state.withLock { state -> ExitStatus? in
            if let status = state.status { return status }
            var info = siginfo_t()
            // WNOWAIT: see the exit without reaping, so the group id stays ours while we kill leftovers.
            let rc = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
            if rc != 0 && errno == ECHILD {
                // Someone else's waitpid(-1) reaped it; the exit status is lost, but it is gone.
                state.reaped = true
                state.status = .exited(-1)
                return state.status
            }
            guard rc == 0, info.si_signo == SIGCHLD else { return nil }
            _ = kill(-pid, SIGKILL)
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
            state.reaped = true
            let status: ExitStatus = (raw & 0x7f) == 0 ? .exited((raw >> 8) & 0xff) : .signaled(raw & 0x7f)
            state.status = status
            return status
        }
    }
}

/// glibc's `_np` spawn helpers are not visible through the Swift Glibc module,
/// so they are looked up at run time; each has a fallback when absent.
enum SpawnExtensions {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    static let addChdir: AddChdir? = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }
    static let addClosefrom: AddClosefrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: AddClosefrom.self) }

    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    static let pipe2: Pipe2? = dlsym(nil, "pipe2").map { unsafeBitCast($0, to: Pipe2.self) }

    /// A close-on-exec pipe, atomically where the C library allows it.
    static func makePipe(_ fds: inout [Int32]) -> Int32 {
        fds.withUnsafeMutableBufferPointer { buffer -> Int32 in
            if let pipe2 { return pipe2(buffer.baseAddress!, O_CLOEXEC) }
            guard pipe(buffer.baseAddress!) == 0 else { return -1 }
            _ = fcntl(buffer[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(buffer[1], F_SETFD, FD_CLOEXEC)
            return 0
        }
    }
}
