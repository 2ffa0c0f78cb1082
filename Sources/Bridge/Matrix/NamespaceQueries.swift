import MatrixAppService

/// Answers the homeserver's "does this user exist?" for our namespace: only users that stand for an
/// agent we know exist (they are registered on the spot); any other name in the namespace does not.
struct NamespaceQueries: NamespaceQueryHandler {
    let appservice: AppService
    let agentNames: @Sendable () async -> [String]

    func userExists(_ user: UserID) async -> Bool {
        let known: Bool
        if user == appservice.botUserID {
            known = true
        } else if let name = appservice.namespaceName(of: user) {
            known = await agentNames().contains(name)
        } else {
            known = false
        }
        guard known else { return false }
        do {
            try await appservice.intent(for: user).ensureRegistered()
            return true
        } catch {
            return false
        }
    }

    /// Troupe does not hand out room aliases on demand.
    func roomAliasExists(_ alias: RoomAlias) async -> Bool { false }
}
