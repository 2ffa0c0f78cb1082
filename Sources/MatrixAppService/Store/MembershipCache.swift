import Synchronization

/// Room membership kept in memory, per room, loaded on first use and updated on every write.
///
/// The bridge asks "which of our users are in this room, and how many members does it have" for every
/// message; a database round trip for each made the dispatcher slower than the endpoint.
final class MembershipCache: Sendable {
    private let rooms = Mutex<[RoomID: [UserID: Membership]]>([:])

    func members(of room: RoomID) -> [UserID: Membership]? {
        rooms.withLock { $0[room] }
    }

    func load(_ room: RoomID, _ members: [UserID: Membership]) {
        rooms.withLock { cache in
            // A write may have raced the load; what the cache already holds is newer.
            if cache[room] == nil { cache[room] = members }
        }
    }

    func set(_ room: RoomID, _ user: UserID, _ membership: Membership) {
        rooms.withLock { cache in
            if cache[room] != nil { cache[room]![user] = membership }
        }
    }
}
