import Synchronization

/// Room membership kept in memory, per room, loaded on first use and updated on every write.
///
/// The bridge asks "which of our users are in this room, and how many members does it have" for every
/// message; a database round trip for each made the dispatcher slower than the endpoint. The cache holds
/// at most `capacity` rooms and forgets the least recently used one beyond that (the database stays the
/// truth, so a forgotten room is only read again), so memory does not grow with the rooms ever seen.
final class MembershipCache: Sendable {
    /// Rooms whose rosters are kept in memory.
    static let defaultCapacity = 1_000

    private struct Entry {
        var members: [UserID: Membership]
        var lastUse: UInt64
    }

    private struct State {
        var rooms: [RoomID: Entry] = [:]
        var clock: UInt64 = 0

        mutating func tick() -> UInt64 {
            clock &+= 1
            return clock
        }
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = MembershipCache.defaultCapacity) { self.capacity = max(1, capacity) }

    var count: Int { state.withLock { $0.rooms.count } }

    func members(of room: RoomID) -> [UserID: Membership]? {
        state.withLock { state in
            guard state.rooms[room] != nil else { return nil }
            let now = state.tick()
            state.rooms[room]!.lastUse = now
            return state.rooms[room]!.members
        }
    }

    func load(_ room: RoomID, _ members: [UserID: Membership]) {
        state.withLock { state in
            // A write may have raced the load; what the cache already holds is newer.
            guard state.rooms[room] == nil else { return }
            if state.rooms.count >= capacity,
               let oldest = state.rooms.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                state.rooms[oldest] = nil
            }
            state.rooms[room] = Entry(members: members, lastUse: state.tick())
        }
    }

    /// The room's roster from memory, or read by `load` (user id, membership rows) and kept.
    func roster(_ room: RoomID, load: () async throws -> [(String, String)]) async throws -> [UserID: Membership] {
        if let cached = members(of: room) { return cached }
        var members: [UserID: Membership] = [:]
        for (user, raw) in try await load() {
            if let membership = Membership(rawValue: raw) { members[UserID(user)] = membership }
        }
        self.load(room, members)
        return self.members(of: room) ?? members
    }

    func set(_ room: RoomID, _ user: UserID, _ membership: Membership) {
        state.withLock { state in
            if state.rooms[room] != nil { state.rooms[room]!.members[user] = membership }
        }
    }
}
