import Foundation
import Hummingbird
import MatrixAppService

/// The homeserver: it answers, advertises what Troupe relies on, takes the as_token, and reaches Troupe back.
extension Doctor {
    func homeserver() async -> [Check] {
        let client = HomeserverClient(baseURL: config.homeserverAddress, asToken: config.asToken,
                                      retry: .none, timeout: .seconds(10), logger: logger)
        let appservice = AppService(settings: config.settings, client: client, state: NoStateStore())
        let answer: JSONValue
        do {
            answer = try await client.sendJSON(MatrixRequest(.GET, "/_matrix/client/versions"))
        } catch {
            let why = "skipped: the homeserver did not answer"
            return [Check(.fail, "homeserver", StartupCheck.explain(error, settings: config.settings)),
                    Check(.skip, "homeserver features", why), Check(.skip, "as_token", why), Check(.skip, "registration ping", why)]
        }
        let versions = answer["versions"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let unstable = (answer["unstable_features"]?.objectValue ?? [:]).compactMapValues { $0.boolValue }
        var checks = [Check(.ok, "homeserver", "\(config.homeserverAddress) answers (\(versions.last ?? "no versions"))")]
        checks.append(HomeserverFeatures.check(versions: versions, unstable: unstable, encryption: config.encryption.allow))
        checks.append(await token(appservice))
        checks.append(await ping(appservice))
        return checks
    }

    private func token(_ appservice: AppService) async -> Check {
        do {
            let (user, _) = try await appservice.botIntent.whoami()
            return Check(.ok, "as_token", "accepted; the bot is \(user)")
        } catch let error as MatrixError where error.errcode == "M_UNKNOWN_TOKEN" {
            return Check(.fail, "as_token", StartupCheck.explain(error, settings: config.settings))
        } catch {
            // An unregistered bot answers M_FORBIDDEN/M_UNKNOWN here, yet the token was accepted.
            return Check(.ok, "as_token", "accepted (\(error))")
        }
    }

    /// The homeserver's appservice ping. When nothing listens on our address (Troupe is not running),
    /// a temporary listener answers the ping, so the check works before the first `troupe run`.
    private func ping(_ appservice: AppService) async -> Check {
        do {
            let ms = try await appservice.ping()
            return Check(.ok, "registration ping", "homeserver ping reached Troupe in \(ms) ms")
        } catch let error as MatrixError where error.errcode == "M_CONNECTION_FAILED" {
            return await pingWithTemporaryListener(appservice)
        } catch {
            return Check(.fail, "registration ping", StartupCheck.explain(error, settings: config.settings))
        }
    }

    private func pingWithTemporaryListener(_ appservice: AppService) async -> Check {
        // The real endpoint, over an inbox that refuses to store: the ping is answered with the real token
        // check, and a transaction arriving meanwhile gets 503, so the homeserver keeps it for `troupe run`.
        let inbox = RefusingInbox()
        let dispatcher = Dispatcher(inbox: inbox, state: NoStateStore(), hold: true, logger: logger)
        let router = AppServiceEndpoint(hsToken: config.hsToken, inbox: inbox, dispatcher: dispatcher,
                                        queries: NoNamespaceQueries(), logger: logger).router()
        let (running, runningContinuation) = AsyncStream.makeStream(of: Void.self)
        let app = Application(router: router,
                              configuration: .init(address: .hostname(config.hostname, port: config.port)),
                              onServerRunning: { _ in runningContinuation.yield() }, logger: logger)
        return await withTaskGroup(of: Check?.self) { group in
            group.addTask {
                do { try await app.runService() } catch {
                    return Check(.fail, "registration ping", "cannot listen on \(config.hostname):\(config.port) to answer the ping: \(error)")
                }
                return nil
            }
            group.addTask {
                var iterator = running.makeAsyncIterator()
                _ = await iterator.next()
                do {
                    let ms = try await appservice.ping()
                    return Check(.ok, "registration ping",
                                 "homeserver ping reached \(config.appserviceAddress) in \(ms) ms (Troupe is not running)")
                } catch {
                    return Check(.fail, "registration ping", StartupCheck.explain(error, settings: config.settings))
                }
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? Check(.fail, "registration ping", "ping check ended without an answer")
        }
    }
}

/// What `GET /_matrix/client/versions` says about the features Troupe relies on.
enum HomeserverFeatures {
    /// The appservice ping (`/_matrix/client/v1/appservice/{id}/ping`) came with Matrix 1.7.
    static let minimumVersion = (1, 7)
    /// The unstable flags a homeserver may list for the appservice extensions end-to-end encryption needs:
    /// to-device events and ephemeral data in transactions (MSC2409), device lists and key counts (MSC3202),
    /// devices for appservice users (MSC4190). Synapse enables them from `experimental_features` without
    /// listing them, so when none is listed the check is skipped, saying what to make sure of.
    static let encryptionFlags = ["org.matrix.msc2409", "org.matrix.msc3202", "io.element.msc4190", "org.matrix.msc4190"]

    static func check(versions: [String], unstable: [String: Bool], encryption: Bool) -> Doctor.Check {
        let newest = versions.compactMap(parse).max { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        guard let newest, newest >= minimumVersion else {
            return Doctor.Check(.fail, "homeserver features", "speaks \(versions.joined(separator: ", ")); Troupe needs Matrix v1.7 or later (appservice ping)")
        }
        let advertised = encryptionFlags.filter { unstable[$0] == true }
        let version = "Matrix v\(newest.0).\(newest.1)"
        guard encryption else {
            return Doctor.Check(.ok, "homeserver features", "\(version); the MSC2409/MSC3202/MSC4190 extensions are not needed (encryption.allow is false)")
        }
        if advertised.isEmpty {
            return Doctor.Check(.skip, "homeserver features", "\(version); whether MSC2409/MSC3202/MSC4190 are on cannot be seen: the homeserver "
                + "lists none of \(encryptionFlags.joined(separator: ", ")) (Synapse never does). Make sure homeserver.yaml has "
                + "experimental_features: { msc2409_to_device_messages_enabled: true, msc3202_transaction_extensions: true }, "
                + "or encrypted rooms will not work")
        }
        return Doctor.Check(.ok, "homeserver features", "\(version); advertises \(advertised.joined(separator: ", "))")
    }

    private static func parse(_ version: String) -> (Int, Int)? {
        let parts = version.drop { $0 == "v" || $0 == "r" }.split(separator: ".")
        guard parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        return (major, minor)
    }
}
