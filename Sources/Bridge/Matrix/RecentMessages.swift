import MatrixAppService

/// The text of recent messages in the rooms Troupe is in (what people wrote and what the agents answered, latest
/// edit included), so a reply can hand the agent the message it replies to, encrypted rooms included. Bounded:
/// the oldest go first; a message not here (older, or from before a restart) is asked of the homeserver.
actor RecentMessages {
    private var texts: [EventID: QuotedMessage] = [:]
    private var order: [EventID] = []
    private let capacity: Int

    init(capacity: Int = 5000) { self.capacity = capacity }

    func remember(_ event: EventID, sender: String, text: String) {
        if texts.updateValue(QuotedMessage(sender: sender, text: text), forKey: event) == nil {
            order.append(event)
            if order.count > capacity {
                let gone = order.prefix(order.count - capacity)
                for old in gone { texts[old] = nil }
                order.removeFirst(gone.count)
            }
        }
    }

    /// An edit shows its new text from now on.
    func edited(_ event: EventID, text: String) {
        guard let known = texts[event] else { return }
        texts[event] = QuotedMessage(sender: known.sender, text: text)
    }

    func quote(of event: EventID) -> QuotedMessage? { texts[event] }
}
