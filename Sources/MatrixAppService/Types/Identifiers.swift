/// Typed Matrix identifiers: a room id can never be passed where an event id belongs.
///
/// They are deliberately thin. Room ids in room version 12 carry no server part, so nothing here
/// parses a server name out of a room or event id; only user ids and aliases have a meaningful
/// `localpart:server` split.
public protocol MatrixIdentifier: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral where RawValue == String {
    init(_ raw: String)
}

extension MatrixIdentifier {
    public init(rawValue: String) { self.init(rawValue) }
    public init(stringLiteral value: String) { self.init(value) }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

public struct UserID: MatrixIdentifier {
    public let rawValue: String
    public init(_ raw: String) { rawValue = raw }

    public init(localpart: String, server: String) { rawValue = "@\(localpart):\(server)" }

    /// `@alice:example.org` → `alice`; nil for something that is not a user id.
    public var localpart: String? {
        guard rawValue.hasPrefix("@"), let colon = rawValue.firstIndex(of: ":") else { return nil }
        return String(rawValue[rawValue.index(after: rawValue.startIndex)..<colon])
    }

    /// Everything after the first colon: the server name, which may itself carry a port.
    public var server: String? {
        guard rawValue.hasPrefix("@"), let colon = rawValue.firstIndex(of: ":") else { return nil }
        let server = rawValue[rawValue.index(after: colon)...]
        return server.isEmpty ? nil : String(server)
    }

    public var isValid: Bool { localpart.map { !$0.isEmpty } == true && server != nil }
}

public struct RoomID: MatrixIdentifier {
    public let rawValue: String
    public init(_ raw: String) { rawValue = raw }
}

public struct RoomAlias: MatrixIdentifier {
    public let rawValue: String
    public init(_ raw: String) { rawValue = raw }

    public var localpart: String? {
        guard rawValue.hasPrefix("#"), let colon = rawValue.firstIndex(of: ":") else { return nil }
        return String(rawValue[rawValue.index(after: rawValue.startIndex)..<colon])
    }
}

public struct EventID: MatrixIdentifier {
    public let rawValue: String
    public init(_ raw: String) { rawValue = raw }
}

public struct DeviceID: MatrixIdentifier {
    public let rawValue: String
    public init(_ raw: String) { rawValue = raw }
}

/// An `mxc://server/id` content URI.
public struct ContentURI: MatrixIdentifier {
    public let rawValue: String
    public init(_ raw: String) { rawValue = raw }

    /// (server, mediaID), or nil when this is not an mxc URI.
    public var parts: (server: String, mediaID: String)? {
        guard rawValue.hasPrefix("mxc://") else { return nil }
        let rest = rawValue.dropFirst("mxc://".count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let server = rest[..<slash], media = rest[rest.index(after: slash)...]
        guard !server.isEmpty, !media.isEmpty else { return nil }
        return (String(server), String(media))
    }
}
