import Foundation
import Logging
import MatrixAppService
import MatrixCrypto
import ServiceLifecycle

/// End-to-end encryption at start-up: one olm device per agent user, set up after the start-up check.
/// Only built when `encryption.allow` is true.
struct CryptoStartup: Sendable {
    let handler: CryptoHandler
    /// The devices' store, which the session gauges count too.
    let store: any CryptoStore
    let presence: AgentPresence
    let logger: Logger

    static func make(config: TroupeConfig, store: any CryptoStore, appservice: AppService, presence: AgentPresence,
                     logger: Logger) -> CryptoStartup? {
        guard config.encryption.allow, let key = config.encryption.pickleKey, !key.isEmpty else { return nil }
        let handler = CryptoHandler(logger: logger, devices: DeviceFactory(appservice: appservice, store: store,
                                                                          pickleKey: OlmPickleKey(key),
                                                                          levels: config.encryption.verificationLevels))
        // Every Intent now encrypts what it sends into encrypted rooms (a device not ready yet refuses).
        appservice.encryption.encryptor = handler
        return CryptoStartup(handler: handler, store: store, presence: presence, logger: logger)
    }

    /// The handler takes the transactions' keys and devices, and is the dispatcher's decrypt stage: the bridge
    /// then sees only plaintext (`handleDecrypted`) or the reason there is none (`handleUndecryptable`).
    func plug(into dispatcher: Dispatcher) async {
        await dispatcher.addHandler(handler)
        await dispatcher.setDecryptor(handler)
    }

    /// Creates (or loads) every agent's device and account.
    func setUpAll() async {
        for agent in await presence.runtime.agents().keys.sorted() {
            await Self.setUp(agent, handler: handler, presence: presence, logger: logger)
        }
    }

    /// One agent's device. A failure leaves that agent without encryption and is logged; it never stops Troupe.
    static func setUp(_ agent: String, handler: CryptoHandler, presence: AgentPresence, logger: Logger) async {
        let user = presence.userID(of: agent)
        do {
            let machine = try await handler.setUpDevice(for: user, fallbackDevice: OlmMachine.deviceID(forAgent: agent),
                                                        displayname: "Troupe (\(agent))")
            logger.info("encryption device ready", metadata: ["agent": "\(agent)", "user_id": "\(user)", "device_id": "\(machine.owner.device)"])
        } catch {
            logger.error("could not set up the agent's encryption device",
                         metadata: ["agent": "\(agent)", "user_id": "\(user)", "error": "\(error)"])
        }
    }
}

/// Counts the stored olm and megolm sessions every minute for the metrics (only run when metrics are on).
struct CryptoSessionGauges: Service {
    let store: any CryptoStore
    let metrics = CryptoMetrics()
    let logger: Logger
    var interval: Duration = .seconds(60)

    func run() async throws {
        await cancelWhenGracefulShutdown { [store, metrics, logger, interval] in
            while !Task.isCancelled {
                do {
                    metrics.record(try await store.sessionCounts())
                } catch {
                    logger.warning("could not count the encryption sessions for the metrics", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
