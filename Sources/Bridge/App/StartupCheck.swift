import Logging
import MatrixAppService
import Retry

/// Brings the appservice's own side up once the listener runs: the bot user registered with its
/// profile, then the homeserver's ping proving the URL and tokens match. Retries while the homeserver
/// is still starting, logging one clear line per problem.
struct StartupCheck: Sendable {
    let appservice: AppService
    let displayname: String
    let logger: Logger

    /// 2 s, 4 s … 30 s between tries while the homeserver starts; until shutdown.
    static let backoff = Backoff(base: .seconds(2), cap: .seconds(30))

    func run() async -> Bool {
        var attempt = 0
        while !Task.isCancelled {
            attempt += 1
            do {
                let bot = appservice.botIntent
                try await bot.ensureRegistered()
                try await bot.ensureDisplayName(displayname)
                let ms = try await appservice.ping()
                logger.info("homeserver ping ok", metadata: ["duration_ms": "\(ms)"])
                return true
            } catch {
                logger.error("\(Self.explain(error, settings: appservice.settings))", metadata: ["attempt": "\(attempt)"])
            }
            try? await Task.sleep(for: Self.backoff.delay(afterAttempt: attempt))
        }
        return false
    }

    /// Turns the usual start-up failures into what the user has to change.
    static func explain(_ error: any Error, settings: AppServiceSettings) -> String {
        switch error {
        case let error as HomeserverUnreachable:
            return "cannot reach the homeserver at homeserver.address (\(settings.homeserverURL)): \(error.reason)"
        case let error as MatrixError where error.errcode == "M_UNKNOWN_TOKEN" || (error.status == 401):
            return "the homeserver rejects appservice.as_token: is the registration file in its app_service_config_files, and was it restarted after the registration changed? (\(error))"
        case let error as MatrixError where error.errcode == "M_FORBIDDEN" && error.status == 403:
            return "the homeserver refused the ping for appservice id '\(settings.id)': does the registration's id match, and is it loaded? (\(error))"
        case let error as MatrixError where error.status == 502 && (error.message.contains("403") || error.message.contains("401")):
            return "the homeserver reached Troupe but its hs_token was refused: appservice.hs_token does not match the registration the homeserver loaded (run `troupe registration` and restart it)"
        case let error as MatrixError where error.errcode == "M_CONNECTION_FAILED" || error.status == 502:
            return "the homeserver cannot reach Troupe at appservice.address (its `url` in the registration): \(error.message)"
        case let error as MatrixError where error.errcode == "M_BAD_STATUS":
            return "the homeserver reached Troupe but the ping answer was wrong: \(error.message); check appservice.hs_token matches the registration"
        default:
            return "start-up check failed: \(error)"
        }
    }
}
