import Foundation
import Logging
import NIOHTTP1

/// The settings the Matrix side needs, derived from the config file by the executable.
public struct AppServiceSettings: Sendable {
    public var id: String
    public var homeserverURL: String
    public var domain: String
    public var asToken: String
    public var hsToken: String
    public var botLocalpart: String
    public var userPrefix: String

    public init(id: String, homeserverURL: String, domain: String, asToken: String, hsToken: String,
                botLocalpart: String, userPrefix: String) {
        self.id = id
        self.homeserverURL = homeserverURL
        self.domain = domain
        self.asToken = asToken
        self.hsToken = hsToken
        self.botLocalpart = botLocalpart
        self.userPrefix = userPrefix
    }
}

/// The appservice as the rest of Troupe sees it: who we are, and an `Intent` for any of our users.
public struct AppService: Sendable {
    public let settings: AppServiceSettings
    public let client: HomeserverClient
    public let state: any StateStore
    /// Filled with the crypto machines' encryptor when `encryption.allow` is on.
    public let encryption = RoomEncryptionSlot()

    public init(settings: AppServiceSettings, client: HomeserverClient, state: any StateStore) {
        self.settings = settings
        self.client = client
        self.state = state
    }

    public var botUserID: UserID { UserID(localpart: settings.botLocalpart, server: settings.domain) }

    public var botIntent: Intent { intent(for: botUserID) }

    public func intent(for user: UserID, device: DeviceID? = nil) -> Intent {
        Intent(userID: user, deviceID: device, botUserID: botUserID, client: client, state: state, encryption: encryption)
    }

    /// `@<prefix><name>:domain` for a name.
    public func namespacedUser(_ name: String) -> UserID {
        UserID(localpart: settings.userPrefix + name, server: settings.domain)
    }

    /// The agent name of a namespaced user, or nil for any other user (the bot included).
    public func namespaceName(of user: UserID) -> String? {
        guard user.server == settings.domain, let localpart = user.localpart, localpart.hasPrefix(settings.userPrefix)
        else { return nil }
        let name = String(localpart.dropFirst(settings.userPrefix.count))
        return name.isEmpty ? nil : name
    }

    public func isOurs(_ user: UserID) -> Bool { user == botUserID || namespaceName(of: user) != nil }

    /// Asks the homeserver to call us back (`/_matrix/app/v1/ping`): proves the URL and both tokens match.
    /// Returns the round trip the homeserver measured.
    public func ping() async throws -> Int {
        let answer = try await client.sendJSON(MatrixRequest(
            .POST, MatrixPath.client("v1", "appservice", settings.id, "ping"),
            json: ["transaction_id": .string("troupe-ping-\(UUID().uuidString.lowercased())")], idempotent: true))
        return Int(answer["duration_ms"]?.intValue ?? 0)
    }

    /// `GET /_matrix/client/versions`: the homeserver is up (needs no token).
    public func versions() async throws -> [String] {
        let answer = try await client.sendJSON(MatrixRequest(.GET, "/_matrix/client/versions"))
        return answer["versions"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
