import MatrixAppService
/// Lets one send per room at a time through a crypto machine, in arrival order.
///
/// An actor method gives up exclusive access at every `await`, so two sends into one room (the "Queued"
/// notice racing the first reply) could both find no outbound session, both create one, and share only one
/// of them. Holding a room's turn across the whole encrypt (devices, session, share, encrypt) keeps them
/// apart; sends into other rooms still run side by side. Not reentrant: code holding a room's turn must not
/// ask for it again. Owned by one actor, so its state needs no lock of its own.
struct RoomSendQueue {
    private var waiting: [RoomID: [CheckedContinuation<Void, Never>]] = [:]
    private var busy: Set<RoomID> = []

    /// Whether `room` is free now (then the caller holds it); when not, the caller waits with `enqueue`.
    mutating func tryAcquire(_ room: RoomID) -> Bool {
        busy.insert(room).inserted
    }

    mutating func enqueue(_ room: RoomID, _ continuation: CheckedContinuation<Void, Never>) {
        waiting[room, default: []].append(continuation)
    }

    /// Hands the room to the next waiter (who then holds it), or frees it.
    mutating func release(_ room: RoomID) {
        guard var queue = waiting[room], !queue.isEmpty else {
            busy.remove(room)
            return
        }
        let next = queue.removeFirst()
        waiting[room] = queue.isEmpty ? nil : queue
        next.resume()
    }

    /// Rooms held or waited for: empty when nothing is being sent (the queue keeps nothing per room after).
    var activeRooms: Int { busy.count }
}
