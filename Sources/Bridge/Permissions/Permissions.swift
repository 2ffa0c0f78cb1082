import MatrixAppService

/// The `permissions` map: exact user id first, then the user's server name, then `*`.
public struct Permissions: Sendable, Equatable {
    public var rules: [String: PermissionLevel]

    public init(_ rules: [String: PermissionLevel]) { self.rules = rules }

    public func level(of user: UserID) -> PermissionLevel {
        if let exact = rules[user.rawValue] { return exact }
        if let server = user.server, let domain = rules[server] { return domain }
        return rules["*"] ?? .none
    }

    public func allows(_ user: UserID, _ needed: PermissionLevel) -> Bool { level(of: user) >= needed }

    /// Users with the admin level named exactly (domains and `*` name no one in particular).
    public var namedAdmins: [UserID] {
        rules.filter { $0.key.hasPrefix("@") && $0.value == .admin }.keys.sorted().map(UserID.init)
    }
}
