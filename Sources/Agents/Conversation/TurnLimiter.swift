/// Bounds how many turns run at once across all conversations
/// (`runtime.max_concurrent_turns`). Waiters are served first come, first served,
/// and a waiter can be withdrawn when its turn is stopped before it starts.
actor TurnLimiter {
    private let limit: Int
    private var running = 0
    private var waiters: [(id: TurnID, continuation: CheckedContinuation<Bool, Never>)] = []

    init(limit: Int) { self.limit = max(1, limit) }

    /// True once a slot is held (release it later); false if `withdraw` came first.
    func acquire(_ id: TurnID) async -> Bool {
        if running < limit {
            running += 1
            return true
        }
        return await withCheckedContinuation { waiters.append((id, $0)) }
    }

    func withdraw(_ id: TurnID) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: false)
    }

    /// Hands the slot straight to the next waiter, so no newcomer can overtake it.
    func release() {
        if waiters.isEmpty {
            running -= 1
        } else {
            waiters.removeFirst().continuation.resume(returning: true)
        }
    }

    var inUse: Int { running }
}
