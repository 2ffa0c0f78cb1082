import Foundation
import GRDB
import Logging
import MatrixAppService

/// End-to-end encryption at start-up: one olm device per agent user, set up after the start-up check.
/// Only built when `encryption.allow` is true.
struct CryptoStartup: Sendable {
    let handler: CryptoHandler
    let appservice: AppService
    let presence: AgentPresence
    let store: any CryptoStore
    let pickleKey: OlmPickleKey
    let logger: Logger

    static func make(config: TroupeConfig, database: any DatabaseWriter, appservice: AppService, presence: AgentPresence,
                     logger: Logger) -> CryptoStartup? {
        guard config.encryption.allow, let key = config.encryption.pickleKey, !key.isEmpty else { return nil }
        let handler = CryptoHandler(logger: logger)
        // Every Intent now encrypts what it sends into encrypted rooms (a device not ready yet refuses).
        appservice.encryption.encryptor = handler
        return CryptoStartup(handler: handler, appservice: appservice, presence: presence,
                             store: SQLiteCryptoStore(database), pickleKey: OlmPickleKey(key), logger: logger)
    }

    /// Creates (or loads) every agent's device and account. A failure leaves that agent without encryption
    /// and is logged; it never stops Troupe.
    func setUpAll() async {
        for agent in await presence.runtime.agents().keys.sorted() {
            let user = presence.userID(of: agent)
            do {
                let device = try await store.device(of: user) ?? OlmMachine.deviceID(forAgent: agent)
                let machine = OlmMachine(owner: CryptoOwner(user: user, device: device), intent: appservice.intent(for: user),
                                         store: store, pickleKey: pickleKey, displayname: "Troupe (\(agent))", logger: logger)
                await handler.add(machine)
                try await machine.setUp()
                logger.info("encryption device ready", metadata: ["agent": "\(agent)", "user_id": "\(user)", "device_id": "\(device)"])
            } catch {
                logger.error("could not set up the agent's encryption device",
                             metadata: ["agent": "\(agent)", "user_id": "\(user)", "error": "\(error)"])
            }
        }
    }
}
