import MatrixAppService
/// The megolm sessions we asked for (`m.room_key_request`) and whom we asked: only they may forward the
/// key. Bounded: beyond `limit` the oldest request is forgotten (a late answer to it is then refused).
struct RequestedKeys {
    let limit: Int
    private var askedOf: [String: UserID] = [:]
    /// Keys in the order they were asked, oldest first; may hold keys already answered (skipped when evicting).
    private var order: [String] = []

    init(limit: Int) { self.limit = max(1, limit) }

    var count: Int { askedOf.count }

    func askedOf(_ key: String) -> UserID? { askedOf[key] }

    mutating func insert(_ key: String, askedOf user: UserID) {
        if askedOf.updateValue(user, forKey: key) == nil { order.append(key) }
        while askedOf.count > limit, !order.isEmpty {
            askedOf[order.removeFirst()] = nil
        }
        // Answered keys leave stale entries in `order`; compact once it is twice what it tracks.
        if order.count > 2 * limit { order = order.filter { askedOf[$0] != nil } }
    }

    mutating func remove(_ key: String) { askedOf[key] = nil }
}
