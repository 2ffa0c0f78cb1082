/// Why a schedule could not be read. The cases carry what the person who wrote it needs to fix it; the
/// transport says it in the chat's language, `description` in English for logs and agents.
public enum ScheduleError: Error, Sendable, Equatable, CustomStringConvertible {
    case cronFieldCount(String, count: Int)
    /// Day-of-month and month values that never meet (`31 2`); `days` and `months` as listed (`30,31`).
    case noSuchDay(String, days: String, months: String)
    case emptyListItem(CronFieldName, in: String)
    case moreThanOneSlash(CronFieldName, item: String)
    case badStep(CronFieldName, step: String)
    case notValueOrRange(CronFieldName, text: String)
    case backwardsRange(CronFieldName, range: String)
    case outOfRange(CronFieldName, value: Int, low: Int, high: Int)
    /// `names` are the field's value names (`jan`, `feb` …), empty for fields without any.
    case notNumberOrName(CronFieldName, text: String, names: [String])
    case quietHoursRange
    case quietAllDayOrNever(start: Int, end: Int)
    case notHourRange(String)
    case quietHoursSyntax
    case unknownTimeZone(String)
    case noSchedule
    case everySyntax
    case atSyntax
    case notDateTime(String)
    case notInterval(String)
    case longerThanAYear(String)
    case tooShort(seconds: Int)
    /// An `at` time that is over already.
    case passed

    public var description: String {
        switch self {
        case .cronFieldCount(let text, let count):
            "a cron expression has 5 fields (minute hour day-of-month month day-of-week), \"\(text)\" has \(count)"
        case .noSuchDay(let text, let days, let months):
            "\"\(text)\" names no day that exists (day \(days) in month \(months))"
        case .emptyListItem(let field, let text): "\(field): empty list item in \"\(text)\""
        case .moreThanOneSlash(let field, let item): "\(field): \"\(item)\" has more than one /"
        case .badStep(let field, let step): "\(field): step \"\(step)\" is not a positive number"
        case .notValueOrRange(let field, let text): "\(field): \"\(text)\" is not a value or a range"
        case .backwardsRange(let field, let range): "\(field): the range \(range) runs backwards"
        case .outOfRange(let field, let value, let low, let high): "\(field): \(value) is out of range \(low)-\(high)"
        case .notNumberOrName(let field, let text, let names):
            "\(field): \"\(text)\" is neither a number nor a name" + (names.isEmpty ? "" : " (\(names.joined(separator: ", ")))")
        case .quietHoursRange: "quiet hours are whole hours from 0 to 24, as in \"quiet 22-07\""
        case .quietAllDayOrNever(let start, let end): "quiet hours \(start)-\(end) would be quiet all day or never; use !heartbeat off"
        case .notHourRange(let text): "\"\(text)\" is not a range of hours such as 22-07"
        case .quietHoursSyntax: "write quiet hours as \"quiet 22-07\""
        case .unknownTimeZone(let name): "unknown time zone \"\(name)\"; use an IANA name such as Europe/Berlin or UTC"
        case .noSchedule: "no schedule given"
        case .everySyntax: "write every as \"every 30s\", \"every 15m\", \"every 2h\" or \"every 1d\""
        case .atSyntax: "write at as \"at YYYY-MM-DD HH:MM\""
        case .notDateTime(let text): "\"\(text)\" is not a date and time as YYYY-MM-DD HH:MM"
        case .notInterval(let text): "\"\(text)\" is not an interval such as 30s, 15m, 2h or 1d"
        case .longerThanAYear(let text): "\"\(text)\" is longer than a year"
        case .tooShort(let seconds): "the shortest interval is \(seconds)s"
        case .passed: "that time has passed already"
        }
    }
}

/// A cron expression's field, as errors name it.
public enum CronFieldName: String, Sendable, Equatable, CustomStringConvertible {
    case minute, hour, dayOfMonth, month, dayOfWeek

    public var description: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day of month"
        case .month: "month"
        case .dayOfWeek: "day of week"
        }
    }
}
