/// What a Matrix user may do with Troupe. Ordered: each level includes the ones below it.
public enum PermissionLevel: String, Sendable, Codable, Comparable, CaseIterable {
    /// Ignored: invites are rejected, messages and commands get a refusal.
    case none
    /// May invite agents, chat with them and run ordinary commands.
    case user
    /// May also add and remove agents and stop everything.
    case admin

    private var rank: Int {
        switch self {
        case .none: 0
        case .user: 1
        case .admin: 2
        }
    }

    public static func < (lhs: PermissionLevel, rhs: PermissionLevel) -> Bool { lhs.rank < rhs.rank }
}
