import Foundation
import Testing
@testable import Automation

@Suite struct QuietHoursTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    private func date(_ text: String, _ zone: TimeZone) -> Date { Schedule.localFormatter(zone).date(from: text)! }

    @Test func aRangeOverMidnightIsQuietOnBothSides() throws {
        let quiet = try QuietHours(parsing: "22-07")
        #expect(quiet.contains(date("2026-12-03 22:00", berlin), in: berlin))
        #expect(quiet.contains(date("2026-12-04 03:30", berlin), in: berlin))
        #expect(quiet.contains(date("2026-12-04 06:59", berlin), in: berlin))
        #expect(!quiet.contains(date("2026-12-04 07:00", berlin), in: berlin))
        #expect(!quiet.contains(date("2026-12-04 21:59", berlin), in: berlin))
        #expect(quiet.description == "22-07")
    }

    @Test func aRangeInsideADayAndTheZoneOfItsClock() throws {
        let quiet = try QuietHours(parsing: "9-17")
        let noonInBerlin = date("2026-12-04 12:00", berlin)
        #expect(quiet.contains(noonInBerlin, in: berlin))
        // The same instant is 06:00 in New York, outside the hours there.
        #expect(!quiet.contains(noonInBerlin, in: TimeZone(identifier: "America/New_York")!))
    }

    @Test func badRangesAreNamed() {
        for (text, words) in [("22", "range of hours"), ("25-07", "0 to 24"), ("7-7", "all day"), ("a-b", "range of hours"), ("0-24", "all day")] {
            #expect {
                try QuietHours(parsing: text)
            } throws: { error in
                "\(error)".contains(words)
            }
        }
    }
}
