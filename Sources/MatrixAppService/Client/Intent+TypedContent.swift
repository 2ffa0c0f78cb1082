/// Typed sends beside the `JSONValue` ones: the content's own type decides the event type.
extension Intent {
    @discardableResult
    public func send<C: EventContent>(_ room: RoomID, _ content: C, txnID: String? = nil) async throws -> EventID {
        try await sendEvent(room, type: C.eventType, content: content.json, txnID: txnID)
    }

    @discardableResult
    public func sendEvent(_ room: RoomID, type: EventType, content: JSONValue, txnID: String? = nil) async throws -> EventID {
        try await sendEvent(room, type: type.rawValue, content: content, txnID: txnID)
    }

    @discardableResult
    public func sendMessage(_ room: RoomID, _ content: MessageContent, txnID: String? = nil) async throws -> EventID {
        try await send(room, content, txnID: txnID)
    }

    /// The labelled form the bridge's call sites use.
    @discardableResult
    public func sendMessage(_ room: RoomID, content: MessageContent, txnID: String? = nil) async throws -> EventID {
        try await send(room, content, txnID: txnID)
    }

    @discardableResult
    public func sendState<C: EventContent>(_ room: RoomID, _ content: C, stateKey: String = "") async throws -> EventID {
        try await sendState(room, type: C.eventType.rawValue, stateKey: stateKey, content: content.json)
    }
}
