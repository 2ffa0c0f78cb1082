/// The one deliberate exception to "never plaintext into an encrypted room": a notice that the reader could not
/// decrypt otherwise (encryption is off, or the reader's device is below the level that gets our keys).
/// It carries only Troupe's own words, never anything the user or an agent wrote.
extension Intent {
    @discardableResult
    public func sendUnencryptedNotice(_ room: RoomID, _ text: String, replyTo event: EventID? = nil, txnID: String? = nil)
        async throws -> EventID
    {
        let content = MessageContent(msgtype: .notice, body: text, relatesTo: event.map(RelatesTo.reply(to:)))
        let answer = try await call(.PUT, MatrixPath.client("v3", "rooms", room.rawValue, "send", EventType.message.rawValue,
                                                            txnID ?? Self.newTxnID()), json: content.json)
        guard let raw = answer["event_id"]?.stringValue else { throw MatrixError.badJSON("send answered without event_id") }
        return EventID(raw)
    }
}
