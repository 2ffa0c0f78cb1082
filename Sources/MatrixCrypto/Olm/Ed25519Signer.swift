import Foundation

/// Something that signs with an Ed25519 key: a device's olm account (`OlmAccount`), or a cross-signing key
/// (`OlmPkSigning`). `JSONSigning.sign` takes either.
public protocol Ed25519Signer: AnyObject {
    /// The unpadded base64 signature of `message`.
    func sign(_ message: Data) throws -> String
}
