/// The messages one streamed answer occupies so far: the earlier ones sealed with their final share of the text,
/// the last one open and edited as text arrives. Only bookkeeping; `TurnStreamer` sends.
struct StreamedAnswer {
    struct Sealed {
        var id: MessageID
        /// The part as the chat shows it.
        var shown: String
        /// Characters of the visible text consumed by this message and those before it.
        var end: Int
        /// A code fence left open at its end, reopened at the start of the next message.
        var fence: String?
    }

    var sealed: [Sealed] = []
    var open: MessageID?
    var openShown: String?

    /// The number of the message that text goes to now (0 is the reply itself).
    var current: Int { sealed.count }
    var consumed: Int { sealed.last?.end ?? 0 }
    var fence: String? { sealed.last?.fence }
    /// Every message of the answer so far, in order.
    var messages: [(id: MessageID, shown: String?)] {
        sealed.map { ($0.id, $0.shown) } + (open.map { [($0, openShown)] } ?? [])
    }

    /// What of the visible text belongs to the open message (not yet in a sealed one).
    func rest(of visible: String) -> Substring { visible.dropFirst(consumed) }

    /// The open message (or a new one, `id`) gets its final share, `piece`, shown as `shown`.
    mutating func seal(_ id: MessageID, shown: String, piece: MarkdownCut.Piece) {
        sealed.append(Sealed(id: id, shown: shown, end: consumed + piece.consumed, fence: piece.fence))
        open = nil
        openShown = nil
    }

    /// How many sealed messages a final text keeps as they are: those whose text it starts with, provided something
    /// follows for the last message to hold. `streamed` is the visible text the sealed messages were cut from.
    func kept(by final: String, streamed: String) -> Int {
        var keep = sealed.count
        while keep > 0 {
            let end = sealed[keep - 1].end
            let prefix = streamed.prefix(end)
            if prefix.count == end, final.hasPrefix(prefix),
               final.dropFirst(end).contains(where: { !$0.isWhitespace }) {
                break
            }
            keep -= 1
        }
        return keep
    }
}
