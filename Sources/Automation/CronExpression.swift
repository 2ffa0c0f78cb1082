import Foundation

/// A five-field cron expression (`minute hour day-of-month month day-of-week`) with ranges, lists, steps and
/// month and weekday names. As in every cron, when both day fields are restricted a day matching either counts.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    let minutes: CronField
    let hours: CronField
    let daysOfMonth: CronField
    let months: CronField
    let daysOfWeek: CronField
    public let description: String

    public init(_ text: String) throws(ScheduleError) {
        let fields = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 5 else {
            throw .cronFieldCount(text, count: fields.count)
        }
        minutes = try CronField(fields[0], kind: .minute)
        hours = try CronField(fields[1], kind: .hour)
        daysOfMonth = try CronField(fields[2], kind: .dayOfMonth)
        months = try CronField(fields[3], kind: .month)
        daysOfWeek = try CronField(fields[4], kind: .dayOfWeek)
        guard Self.someDayExists(daysOfMonth.values, months.values) || !daysOfWeek.isWildcard && !daysOfMonth.isWildcard else {
            throw .noSuchDay(text, days: daysOfMonth.values.sorted().map(String.init).joined(separator: ","),
                             months: months.values.sorted().map(String.init).joined(separator: ","))
        }
        description = fields.joined(separator: " ")
    }

    /// The first minute after `date` that matches, in `zone`. A local time a DST change skips does not run that
    /// day; a local time it repeats runs once. Nil only when nothing matches within five years.
    public func next(after date: Date, in zone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let hours = self.hours.values.sorted()
        let minutes = self.minutes.values.sorted()
        guard var day = calendar.dateInterval(of: .day, for: date)?.start else { return nil }
        for _ in 0..<(366 * 5) {
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            if let year = parts.year, let month = parts.month, let dayOfMonth = parts.day, let weekday = parts.weekday,
               matchesDay(month: month, day: dayOfMonth, weekday: weekday - 1) {
                for hour in hours {
                    for minute in minutes {
                        let wanted = DateComponents(year: year, month: month, day: dayOfMonth, hour: hour, minute: minute)
                        guard let candidate = calendar.date(from: wanted), candidate > date else { continue }
                        // A time the clocks jumped over comes back as another time: not this one.
                        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: candidate)
                        guard back.year == year, back.month == month, back.day == dayOfMonth, back.hour == hour, back.minute == minute else { continue }
                        // A repeated time (clocks going back) counts once, at its first occurrence, whichever of the
                        // two the calendar handed back.
                        if let earlier = calendar.date(byAdding: .hour, value: -1, to: candidate) {
                            let local = calendar.dateComponents([.day, .hour, .minute], from: earlier)
                            if local.day == dayOfMonth, local.hour == hour, local.minute == minute {
                                if earlier > date { return earlier }
                                continue
                            }
                        }
                        return candidate
                    }
                }
            }
            guard let following = calendar.date(byAdding: .day, value: 1, to: day) else { return nil }
            day = following
        }
        return nil
    }

    private func matchesDay(month: Int, day: Int, weekday: Int) -> Bool {
        guard months.values.contains(month) else { return false }
        let byDate = daysOfMonth.values.contains(day)
        let byWeekday = daysOfWeek.values.contains(weekday)
        if daysOfMonth.isWildcard || daysOfWeek.isWildcard { return byDate && byWeekday }
        return byDate || byWeekday
    }

    /// `0 0 31 2 *` would never run: at least one named day must exist in one named month (Feb 29 counts).
    private static func someDayExists(_ days: Set<Int>, _ months: Set<Int>) -> Bool {
        let lengths = [1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31]
        return months.contains { month in days.contains { $0 <= lengths[month, default: 31] } }
    }
}
