/// One field of a cron expression: the values it allows, within its range.
struct CronField: Sendable, Hashable {
    let values: Set<Int>
    /// `*` (or `*/1`): every value. Day-of-month and day-of-week combine differently when one of them is `*`.
    let isWildcard: Bool

    /// How one field is read: its name for errors, its range, and names for values (months, weekdays).
    struct Kind: Sendable {
        let name: CronFieldName
        let range: ClosedRange<Int>
        let names: [String: Int]

        static let minute = Kind(name: .minute, range: 0...59, names: [:])
        static let hour = Kind(name: .hour, range: 0...23, names: [:])
        static let dayOfMonth = Kind(name: .dayOfMonth, range: 1...31, names: [:])
        static let month = Kind(name: .month, range: 1...12, names: [
            "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
        ])
        /// 0 and 7 are both Sunday, as in every cron.
        static let dayOfWeek = Kind(name: .dayOfWeek, range: 0...7, names: [
            "sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6,
        ])
    }

    /// Reads `*`, `5`, `1-5`, `mon-fri`, `*/15`, `10-40/10` and comma lists of those.
    init(_ text: String, kind: Kind) throws(ScheduleError) {
        var values: Set<Int> = []
        var wildcard = false
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else { throw .emptyListItem(kind.name, in: text) }
            let parts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { throw .moreThanOneSlash(kind.name, item: String(item)) }
            var step = 1
            if parts.count == 2 {
                guard let parsed = Int(parts[1]), parsed > 0 else { throw .badStep(kind.name, step: String(parts[1])) }
                step = parsed
            }
            let bounds: ClosedRange<Int>
            if parts[0] == "*" {
                bounds = kind.range
                if step == 1 { wildcard = true }
            } else {
                let ends = parts[0].split(separator: "-", omittingEmptySubsequences: false)
                guard ends.count <= 2 else { throw .notValueOrRange(kind.name, text: String(parts[0])) }
                let low = try Self.value(ends[0], kind: kind)
                let high = ends.count == 2 ? try Self.value(ends[1], kind: kind) : (parts.count == 2 ? kind.range.upperBound : low)
                guard low <= high else { throw .backwardsRange(kind.name, range: String(parts[0])) }
                bounds = low...high
            }
            values.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        if kind.name == Kind.dayOfWeek.name, values.remove(7) != nil { values.insert(0) }
        self.values = values
        isWildcard = wildcard
    }

    private static func value(_ text: Substring, kind: Kind) throws(ScheduleError) -> Int {
        if let number = Int(text) {
            guard kind.range.contains(number) else {
                throw .outOfRange(kind.name, value: number, low: kind.range.lowerBound, high: kind.range.upperBound)
            }
            return number
        }
        guard let named = kind.names[text.lowercased()] else {
            throw .notNumberOrName(kind.name, text: String(text), names: kind.names.sorted { $0.value < $1.value }.map(\.key))
        }
        return named
    }
}
