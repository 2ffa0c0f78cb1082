import MatrixAppService

/// On Matrix a message is an event: the two ids convert into each other.
extension MessageID {
    init(_ event: EventID) { self.init(rawValue: event.rawValue) }
}

extension EventID {
    init(_ message: MessageID) { self.init(message.rawValue) }
}
