import Foundation
import Logging
import MatrixAppService

/// The agent user's cross-signing identity: master, self-signing and user-signing keys, published once, and
/// the agent's device signed by the self-signing key. This is what Element's "exclude insecure devices" asks
/// of every device it shares keys with or shows messages from.
extension OlmMachine {
    /// Loads the user's identity (or makes one, once), publishes what the homeserver does not have yet, and
    /// signs this device. A store without the identity while the homeserver lists one means the store was
    /// lost: a new identity replaces the old one, and that is logged loudly (every peer sees the change).
    public func setUpCrossSigning() async throws {
        guard let account else { throw CryptoError.notSetUp }
        let user = owner.user
        let onServer = try await publishedMasterKey()
        var stored: StoredCrossSigningIdentity
        let keys: OwnCrossSigningKeys
        if let saved = try await store.ownCrossSigning(user) {
            stored = saved
            keys = try OwnCrossSigningKeys.unsealed(saved.sealedSeeds, with: pickleKey)
            if saved.published, onServer != keys.master {
                logger.warning("the homeserver lists another cross-signing master key than ours; publishing ours again",
                               metadata: ["user_id": "\(user)", "ours": "\(keys.master)", "listed": "\(onServer.map(\.rawValue) ?? "none")"])
                stored.published = false
            }
        } else {
            keys = try OwnCrossSigningKeys.generate()
            if let onServer {
                logger.critical("""
                    cross-signing identity missing from the store: replacing the published one with a new identity; \
                    users who pinned or verified this agent will see its identity change
                    """, metadata: ["user_id": "\(user)", "old_master": "\(onServer)", "new_master": "\(keys.master)"])
            }
            stored = StoredCrossSigningIdentity(user: user, sealedSeeds: try keys.sealed(with: pickleKey), master: keys.master,
                                                published: false, signedDevice: nil, signedDeviceKey: nil)
            // Saved before the upload: a crash in between re-uploads these same keys instead of making new ones.
            try await store.saveOwnCrossSigning(stored)
        }
        if !stored.published {
            try await publishCrossSigningKeys(keys)
            stored.published = true
            stored.signedDevice = nil  // signatures by a replaced self-signing key no longer count
            try await store.saveOwnCrossSigning(stored)
            logger.info("cross-signing keys published", metadata: ["user_id": "\(user)", "master": "\(keys.master)"])
        }
        let deviceKey = account.identityKeys.ed25519
        if stored.signedDevice != owner.device || stored.signedDeviceKey != deviceKey {
            try await uploadDeviceSignature(keys)
            stored.signedDevice = owner.device
            stored.signedDeviceKey = deviceKey
            try await store.saveOwnCrossSigning(stored)
            logger.info("device signed by the self-signing key", metadata: ["user_id": "\(user)", "self_signing": "\(keys.selfSigning)"])
        }
        trust.crossSigned = true
    }

    /// This agent's published master key (for `!crypto`), nil until its identity is published.
    public func crossSigningMasterKey() async -> Ed25519Key? {
        guard let stored = try? await store.ownCrossSigning(owner.user), stored.published else { return nil }
        return stored.master
    }

    /// The master key the homeserver lists for our user, if any.
    func publishedMasterKey() async throws -> Ed25519Key? {
        let answer = try await intent.call(.POST, MatrixPath.client("v3", "keys", "query"),
                                           json: ["device_keys": .object([owner.user.rawValue: .array([])])], idempotent: true)
        return CrossSigningChain.key(of: answer["master_keys"]?[owner.user.rawValue], user: owner.user, usage: "master")
    }

    private func publishCrossSigningKeys(_ keys: OwnCrossSigningKeys) async throws {
        let endpoint = MatrixPath.client("v3", "keys", "device_signing", "upload")
        do {
            try await intent.call(.POST, endpoint, json: try keys.uploadBody(for: owner.user), idempotent: true)
        } catch let error as MatrixError where error.status == 401 {
            // Synapse 1.163 asks appservice users for no interactive auth, first upload or replacement (measured);
            // another homeserver might.
            throw CrossSigningError.interactiveAuthRequired(endpoint: "keys/device_signing/upload", flows: error.message)
        }
    }

    private func uploadDeviceSignature(_ keys: OwnCrossSigningKeys) async throws {
        let signed = try keys.signDevice(try signedDeviceKeys(), of: owner.user)
        let answer = try await intent.call(.POST, MatrixPath.client("v3", "keys", "signatures", "upload"),
                                           json: .object([owner.user.rawValue: .object([owner.device.rawValue: signed])]),
                                           idempotent: true)
        if let failure = answer["failures"]?[owner.user.rawValue]?[owner.device.rawValue] {
            throw CrossSigningError.signatureRefused("\(failure)")
        }
    }
}
