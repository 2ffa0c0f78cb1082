#if canImport(Glibc)
import Glibc
#endif

/// Gives memory that the allocator holds but no longer uses back to the system.
///
/// glibc keeps freed memory in per-thread arenas; after a burst (a dispatcher backlog parsed on one
/// thread, freed on another) resident memory would stay at the burst's high-water mark although nothing
/// is kept. The dispatcher calls `releaseFreeMemory` when it has handled a burst, at most every 5 s.
/// `<malloc.h>` is not in the Glibc module, so the two calls are looked up by name (absent elsewhere).
public enum MemoryTrim {
    /// Caps glibc's malloc arenas (by default 8 per core): with many threads each keeps its own free
    /// memory, and resident memory is the sum of their high-water marks. Call before the work starts.
    public static func limitArenas(_ count: Int32 = 2) {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mArenaMax: Int32 = -8  // M_ARENA_MAX in <malloc.h>
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mArenaMax, count)
        #endif
    }

    static func releaseFreeMemory() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
