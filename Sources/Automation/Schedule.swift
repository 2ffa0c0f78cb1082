import Foundation

/// When a job runs: on a cron expression, every fixed interval, or once at a local time, in a time zone.
public struct Schedule: Sendable, Hashable, CustomStringConvertible {
    public enum Rule: Sendable, Hashable {
        case cron(CronExpression)
        /// From the job's creation on, every `seconds`.
        case every(seconds: Int)
        /// Once, at this instant.
        case once(Date)
    }

    public static let minimumInterval = 10

    public let rule: Rule
    public let zone: TimeZone

    public init(rule: Rule, zone: TimeZone) {
        self.rule = rule
        self.zone = zone
    }

    /// The first run after `date`; `anchor` (the job's creation) fixes the phase of `every`. Nil: no more runs.
    public func next(after date: Date, anchor: Date) -> Date? {
        switch rule {
        case .cron(let expression):
            return expression.next(after: date, in: zone)
        case .every(let seconds):
            let interval = Double(seconds)
            guard date >= anchor else { return anchor.addingTimeInterval(interval) }
            let done = (date.timeIntervalSince(anchor) / interval).rounded(.down)
            return anchor.addingTimeInterval((done + 1) * interval)
        case .once(let instant):
            return instant > date ? instant : nil
        }
    }

    /// As written back to the person: `0 9 * * 1-5 (Europe/Berlin)`, `every 15m`, `at 2026-12-24 18:00 (UTC)`.
    public var description: String {
        switch rule {
        case .cron(let expression): "\(expression) (\(zone.identifier))"
        case .every(let seconds): "every \(Self.interval(seconds))"
        case .once(let instant): "at \(Self.localFormatter(zone).string(from: instant)) (\(zone.identifier))"
        }
    }

    /// Reads what follows `!cron add [@agent]`: `0 9 * * 1-5`, `every 10m`, `at 2026-12-24 18:00`, each optionally
    /// followed by `tz=Area/City` (else `defaultZone`).
    public static func parse(_ text: String, defaultZone: TimeZone) throws(ScheduleError) -> Schedule {
        var words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        var zone = defaultZone
        if let index = words.firstIndex(where: { $0.lowercased().hasPrefix("tz=") }) {
            let name = String(words.remove(at: index).dropFirst(3))
            guard let named = TimeZone(identifier: name) else {
                throw .unknownTimeZone(name)
            }
            zone = named
        }
        guard let first = words.first?.lowercased() else { throw .noSchedule }
        switch first {
        case "every":
            guard words.count == 2 else { throw .everySyntax }
            return Schedule(rule: .every(seconds: try interval(words[1])), zone: zone)
        case "at":
            guard words.count == 3 else { throw .atSyntax }
            guard let instant = localFormatter(zone).date(from: words[1] + " " + words[2]) else {
                throw .notDateTime("\(words[1]) \(words[2])")
            }
            return Schedule(rule: .once(instant), zone: zone)
        default:
            return Schedule(rule: .cron(try CronExpression(words.joined(separator: " "))), zone: zone)
        }
    }

    private static func interval(_ text: String) throws(ScheduleError) -> Int {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = text.last.flatMap({ units[Character($0.lowercased())] }), let count = Int(text.dropLast()), count > 0 else {
            throw .notInterval(text)
        }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: unit)
        guard !overflow, seconds <= 366 * 86_400 else { throw .longerThanAYear(text) }
        guard seconds >= minimumInterval else { throw .tooShort(seconds: minimumInterval) }
        return seconds
    }

    private static func interval(_ seconds: Int) -> String {
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60)] where seconds % size == 0 { return "\(seconds / size)\(unit)" }
        return "\(seconds)s"
    }

    public static func localFormatter(_ zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.isLenient = false
        return formatter
    }
}
