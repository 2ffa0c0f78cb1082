import Foundation

/// Hours of the day in which a heartbeat keeps still: `22-07` is from 22:00 to 06:59 the next morning, in the
/// heartbeat's time zone.
public struct QuietHours: Sendable, Hashable, CustomStringConvertible {
    public let start: Int
    public let end: Int

    public init(start: Int, end: Int) throws(ScheduleError) {
        guard (0...23).contains(start), (0...24).contains(end) else {
            throw .quietHoursRange
        }
        guard start != end % 24 else { throw .quietAllDayOrNever(start: start, end: end) }
        self.start = start
        self.end = end % 24
    }

    /// `22-07`, `0-6`.
    public init(parsing text: String) throws(ScheduleError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Int(parts[0]), let end = Int(parts[1]) else {
            throw .notHourRange(text)
        }
        try self.init(start: start, end: end)
    }

    /// Whether `date` falls in the quiet hours, on the clock of `zone`.
    public func contains(_ date: Date, in zone: TimeZone) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let hour = calendar.component(.hour, from: date)
        return start < end ? (start..<end).contains(hour) : hour >= start || hour < end
    }

    public var description: String { String(format: "%02d-%02d", start, end) }
}
