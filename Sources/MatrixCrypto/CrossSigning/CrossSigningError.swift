import MatrixAppService
/// Why an agent's cross-signing identity could not be published.
public enum CrossSigningError: Error, Sendable, CustomStringConvertible {
    /// The homeserver wants user-interactive auth, which an appservice user cannot give.
    case interactiveAuthRequired(endpoint: String, flows: String)
    /// `POST /keys/signatures/upload` answered with failures for our device.
    case signatureRefused(String)

    public var description: String {
        switch self {
        case .interactiveAuthRequired(let endpoint, let flows):
            "the homeserver asks for interactive auth on \(endpoint) (flows: \(flows)); an appservice user cannot give it. "
                + "Check that the registration has io.element.msc4190: true, or delete the user's cross-signing keys as the "
                + "homeserver admin and restart Troupe"
        case .signatureRefused(let reason): "the homeserver refused the device's cross-signing signature: \(reason)"
        }
    }
}
