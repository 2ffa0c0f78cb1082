#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic nanoseconds.
func monotonicNanos() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// CPU time (user + system, all threads) of a process, from `/proc/<pid>/stat`; nil off Linux or if it is gone.
enum ProcessCPU {
    private static let ticksPerSecond: Double = {
        let value = sysconf(Int32(_SC_CLK_TCK))
        return value > 0 ? Double(value) : 100
    }()

    /// Seconds of CPU used so far by `pid` ("self" for this process).
    static func seconds(pid: String) -> Double? {
        guard let stat = readSmallFile("/proc/\(pid)/stat") else { return nil }
        // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After ')': field 3 (state) is fields[0]; utime is field 14, stime field 15.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / ticksPerSecond
    }

    private static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    /// Waits until `pid` stops using CPU (less than `idleFraction` of a core over a 200 ms window, twice in a row),
    /// so background work one system left behind (a dispatcher backlog, pending handler tasks) neither bills
    /// the next measurement nor goes unaccounted. Bounded by `limitSeconds`; returns the seconds waited.
    static func settle(pid: String, limitSeconds: Double = 120, idleFraction: Double = 0.05) async -> Double {
        let start = monotonicNanos()
        let window = 0.2
        var quietWindows = 0
        var previous = seconds(pid: pid)
        let maxWindows = Int(limitSeconds / window)
        for _ in 0..<maxWindows {
            try? await Task.sleep(nanoseconds: UInt64(window * 1e9))
            guard let current = seconds(pid: pid), let before = previous else { break }
            previous = current
            quietWindows = (current - before) <= window * idleFraction + 1e-9 ? quietWindows + 1 : 0
            if quietWindows >= 2 { break }
        }
        // The quiet windows themselves are not backlog.
        let waited = Double(monotonicNanos() - start) / 1e9 - Double(quietWindows) * window
        return max(0, waited)
    }
}
