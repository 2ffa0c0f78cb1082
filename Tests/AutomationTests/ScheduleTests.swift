import Foundation
import Testing
@testable import Automation

private let utc = TimeZone(identifier: "UTC")!
private let berlin = TimeZone(identifier: "Europe/Berlin")!
private let newYork = TimeZone(identifier: "America/New_York")!

/// An instant written as a local time in `zone`.
private func at(_ text: String, _ zone: TimeZone = utc) -> Date {
    Schedule.localFormatter(zone).date(from: text)!
}

private func local(_ date: Date?, _ zone: TimeZone = utc) -> String? {
    date.map { Schedule.localFormatter(zone).string(from: $0) }
}

@Suite struct CronExpressionTests {
    @Test func weekdaysAtNineSkipTheWeekend() throws {
        let cron = try CronExpression("0 9 * * 1-5")
        // 2026-12-04 is a Friday.
        #expect(local(cron.next(after: at("2026-12-04 08:59"), in: utc)) == "2026-12-04 09:00")
        #expect(local(cron.next(after: at("2026-12-04 09:00"), in: utc)) == "2026-12-07 09:00")
    }

    @Test func listsStepsRangesAndNames() throws {
        #expect(try CronExpression("*/15 * * * *").minutes.values == [0, 15, 30, 45])
        #expect(try CronExpression("10-40/10 * * * *").minutes.values == [10, 20, 30, 40])
        #expect(try CronExpression("0 8,12,18 * * *").hours.values == [8, 12, 18])
        #expect(try CronExpression("0 0 1 jan,JUL *").months.values == [1, 7])
        #expect(try CronExpression("0 0 * * mon-fri").daysOfWeek.values == [1, 2, 3, 4, 5])
        // 7 is Sunday too.
        #expect(try CronExpression("0 0 * * 7").daysOfWeek.values == [0])
        #expect(try CronExpression("5/20 * * * *").minutes.values == [5, 25, 45])
    }

    @Test func restrictedDayOfMonthAndWeekdayMatchEither() throws {
        // The 13th, and every Friday.
        let cron = try CronExpression("0 12 13 * 5")
        #expect(local(cron.next(after: at("2026-12-04 12:00"), in: utc)) == "2026-12-11 12:00")
        #expect(local(cron.next(after: at("2026-12-11 12:00"), in: utc)) == "2026-12-13 12:00")
    }

    @Test func theTimeIsLocalToTheZone() throws {
        let cron = try CronExpression("0 9 * * *")
        // 09:00 in Berlin is 08:00 UTC in winter.
        #expect(local(cron.next(after: at("2026-12-04 00:00"), in: berlin)) == "2026-12-04 08:00")
    }

    @Test func aTimeTheClocksSkipDoesNotRunThatDay() throws {
        // Berlin jumps from 02:00 to 03:00 on 2027-03-28.
        let cron = try CronExpression("30 2 * * *")
        #expect(local(cron.next(after: at("2027-03-27 03:00", berlin), in: berlin), berlin) == "2027-03-29 02:30")
    }

    @Test func aTimeTheClocksRepeatRunsOnce() throws {
        // New York repeats 01:00–01:59 on 2026-11-01.
        let cron = try CronExpression("30 1 * * *")
        let first = try #require(cron.next(after: at("2026-11-01 00:00", newYork), in: newYork))
        #expect(local(first, utc) == "2026-11-01 05:30")  // 01:30 EDT
        let second = try #require(cron.next(after: first, in: newYork))
        #expect(local(second, newYork) == "2026-11-02 01:30")
    }

    @Test func leapDaysAreFound() throws {
        let cron = try CronExpression("0 0 29 2 *")
        #expect(local(cron.next(after: at("2026-12-04 00:00"), in: utc)) == "2028-02-29 00:00")
    }

    @Test func invalidExpressionsSayWhatIsWrong() {
        let cases: [(String, String)] = [
            ("* * * *", "5 fields"),
            ("61 * * * *", "minute: 61 is out of range 0-59"),
            ("0 24 * * *", "hour: 24 is out of range 0-23"),
            ("0 0 0 * *", "day of month: 0 is out of range 1-31"),
            ("0 0 * foo *", "month: \"foo\" is neither a number nor a name"),
            ("0 0 * * 1-9", "day of week: 9 is out of range 0-7"),
            ("*/0 * * * *", "step \"0\" is not a positive number"),
            ("5-1 * * * *", "runs backwards"),
            ("1,,2 * * * *", "empty list item"),
            ("0 0 31 2 *", "names no day that exists"),
        ]
        for (text, message) in cases {
            #expect(throws: ScheduleError.self, "\(text)") { try CronExpression(text) }
            do {
                _ = try CronExpression(text)
            } catch {
                #expect(error.description.contains(message), "\(text): \(error)")
            }
        }
    }
}

@Suite struct ScheduleParsingTests {
    @Test func everyKeepsItsPhaseFromCreation() throws {
        let schedule = try Schedule.parse("every 15m", defaultZone: utc)
        let created = at("2026-12-04 10:07")
        #expect(local(schedule.next(after: created, anchor: created)) == "2026-12-04 10:22")
        // After a long pause (Troupe was down) the next run is the next one on the grid, not a burst of missed ones.
        #expect(local(schedule.next(after: at("2026-12-04 13:00"), anchor: created)) == "2026-12-04 13:07")
        #expect(schedule.description == "every 15m")
    }

    @Test func atRunsOnceInTheGivenZone() throws {
        let schedule = try Schedule.parse("at 2026-12-24 18:00 tz=Europe/Berlin", defaultZone: utc)
        let run = schedule.next(after: at("2026-12-04 00:00"), anchor: at("2026-12-04 00:00"))
        #expect(local(run) == "2026-12-24 17:00")
        #expect(schedule.next(after: try #require(run), anchor: at("2026-12-04 00:00")) == nil)
        #expect(schedule.description == "at 2026-12-24 18:00 (Europe/Berlin)")
    }

    @Test func cronTakesTheDefaultZoneOrItsOwn() throws {
        #expect(try Schedule.parse("0 9 * * 1-5", defaultZone: berlin).zone == berlin)
        #expect(try Schedule.parse("tz=America/New_York 0 9 * * 1-5", defaultZone: berlin).zone == newYork)
        #expect(try Schedule.parse("0 9 * * 1-5", defaultZone: berlin).description == "0 9 * * 1-5 (Europe/Berlin)")
    }

    @Test func badSchedulesSayWhatIsWrong() {
        let cases: [(String, String)] = [
            ("every 5s", "shortest interval is 10s"),
            ("every 10x", "not an interval"),
            ("every", "write every as"),
            ("every 99999999999999d", "longer than a year"),
            ("at 2026-13-01 10:00", "not a date and time"),
            ("at tomorrow", "write at as"),
            ("0 9 * * * tz=Mars/Olympus", "unknown time zone"),
            ("", "no schedule given"),
        ]
        for (text, message) in cases {
            do {
                _ = try Schedule.parse(text, defaultZone: utc)
                Issue.record("\(text) was accepted")
            } catch {
                #expect(error.description.contains(message), "\(text): \(error)")
            }
        }
    }
}

@Suite struct MissedRunsTests {
    let policy = MissedRuns(grace: 600)

    @Test func aRunThatIsDueRunsAndTheNextIsScheduled() throws {
        let schedule = try Schedule.parse("every 1h", defaultZone: utc)
        let anchor = at("2026-12-04 08:00")
        let plan = policy.plan(schedule, anchor: anchor, due: at("2026-12-04 09:00"), now: at("2026-12-04 09:00"))
        #expect(plan == .init(runNow: true, skipped: 0, nextDue: at("2026-12-04 10:00")))
    }

    @Test func manyMissedRunsBecomeOneWhenTheLatestIsWithinGrace() throws {
        let schedule = try Schedule.parse("every 1h", defaultZone: utc)
        // Down from 08:30 to 12:05: 09, 10, 11 and 12 were missed; 12:00 is within ten minutes.
        let plan = policy.plan(schedule, anchor: at("2026-12-04 08:00"), due: at("2026-12-04 09:00"), now: at("2026-12-04 12:05"))
        #expect(plan == .init(runNow: true, skipped: 3, nextDue: at("2026-12-04 13:00")))
    }

    @Test func runsMissedLongerAgoThanTheGraceAreSkipped() throws {
        let schedule = try Schedule.parse("0 9 * * *", defaultZone: utc)
        let plan = policy.plan(schedule, anchor: at("2026-12-01 00:00"), due: at("2026-12-04 09:00"), now: at("2026-12-04 11:00"))
        #expect(plan == .init(runNow: false, skipped: 1, nextDue: at("2026-12-05 09:00")))
    }

    @Test func aRunDueWhileThePreviousIsStillGoingIsSkipped() throws {
        let schedule = try Schedule.parse("every 10s", defaultZone: utc)
        let anchor = at("2026-12-04 09:00")
        let due = anchor.addingTimeInterval(10)
        let plan = policy.plan(schedule, anchor: anchor, due: due, now: due, running: true)
        #expect(plan == .init(runNow: false, skipped: 1, nextDue: anchor.addingTimeInterval(20)))
    }

    @Test func aOneOffJobEndsAfterItsRun() throws {
        let schedule = try Schedule.parse("at 2026-12-24 18:00", defaultZone: utc)
        let plan = policy.plan(schedule, anchor: at("2026-12-04 00:00"), due: at("2026-12-24 18:00"), now: at("2026-12-24 18:03"))
        #expect(plan == .init(runNow: true, skipped: 0, nextDue: nil))
    }

    @Test func aJobNotDueYetWaits() throws {
        let schedule = try Schedule.parse("0 9 * * *", defaultZone: utc)
        let plan = policy.plan(schedule, anchor: at("2026-12-01 00:00"), due: at("2026-12-05 09:00"), now: at("2026-12-04 11:00"))
        #expect(plan == .init(runNow: false, skipped: 0, nextDue: at("2026-12-05 09:00")))
    }
}
