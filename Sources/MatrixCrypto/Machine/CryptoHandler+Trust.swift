import Logging
import MatrixAppService

/// Trust decisions the admin makes through the transport (`!crypto trust`).
extension CryptoHandler {
    /// Accepts `user`'s current master key (after they reset their identity); false when none is known.
    public func trustCurrentMasterKey(of user: UserID) async throws -> Bool {
        guard let machine = machines.values.first else { return false }
        return try await machine.trustCurrentMasterKey(of: user)
    }
}
