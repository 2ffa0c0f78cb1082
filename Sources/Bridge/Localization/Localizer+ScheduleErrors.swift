import Automation

/// Why a schedule (`!cron`, `!heartbeat`) does not read, in the chat's language; what the person wrote stays as written.
extension Localizer {
    func schedule(_ error: ScheduleError) -> String {
        switch error {
        case .cronFieldCount(let text, let count): self(.schedFieldCount, ["text": text, "fields": String(count)])
        case .noSuchDay(let text, let days, let months): self(.schedNoSuchDay, ["text": text, "days": days, "months": months])
        case .emptyListItem(let field, let text): self(.schedEmptyItem, ["field": self.field(field), "text": text])
        case .moreThanOneSlash(let field, let item): self(.schedSlashes, ["field": self.field(field), "item": item])
        case .badStep(let field, let step): self(.schedBadStep, ["field": self.field(field), "step": step])
        case .notValueOrRange(let field, let text): self(.schedNotValueOrRange, ["field": self.field(field), "text": text])
        case .backwardsRange(let field, let range): self(.schedBackwards, ["field": self.field(field), "range": range])
        case .outOfRange(let field, let value, let low, let high):
            self(.schedOutOfRange, ["field": self.field(field), "value": String(value), "low": String(low), "high": String(high)])
        case .notNumberOrName(let field, let text, let names):
            names.isEmpty
                ? self(.schedNotNumberOrName, ["field": self.field(field), "text": text])
                : self(.schedNotNumberOrNameNames, ["field": self.field(field), "text": text, "names": names.joined(separator: ", ")])
        case .quietHoursRange: self(.schedQuietRange)
        case .quietAllDayOrNever(let start, let end): self(.schedQuietAllDay, ["start": String(start), "end": String(end)])
        case .notHourRange(let text): self(.schedNotHourRange, ["text": text])
        case .quietHoursSyntax: self(.schedQuietSyntax)
        case .unknownTimeZone(let name): self(.schedTimeZone, ["name": name])
        case .noSchedule: self(.schedNone)
        case .everySyntax: self(.schedEverySyntax)
        case .atSyntax: self(.schedAtSyntax)
        case .notDateTime(let text): self(.schedNotDateTime, ["text": text])
        case .notInterval(let text): self(.schedNotInterval, ["text": text])
        case .longerThanAYear(let text): self(.schedTooLong, ["text": text])
        case .tooShort(let seconds): self(.schedTooShort, ["seconds": String(seconds)])
        case .passed: self(.schedPassed)
        }
    }

    private func field(_ field: CronFieldName) -> String {
        switch field {
        case .minute: self(.fieldMinute)
        case .hour: self(.fieldHour)
        case .dayOfMonth: self(.fieldDayOfMonth)
        case .month: self(.fieldMonth)
        case .dayOfWeek: self(.fieldDayOfWeek)
        }
    }
}
