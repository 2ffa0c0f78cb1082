import Retry
import Testing
@testable import Agents

@Suite struct DeliveryScheduleTests {
    @Test func doublesFromDeliveryBackoffToTenMinutes() {
        let schedule = RunSettings(deliveryAttempts: 8, deliveryBackoff: 2).deliverySchedule
        #expect((1...10).map { schedule.delay(afterAttempt: $0) } == [2, 4, 8, 16, 32, 64, 128, 256, 512, 600].map { .seconds($0) })
        #expect(schedule.allowsRetry(afterAttempt: 7))
        #expect(!schedule.allowsRetry(afterAttempt: 8))
    }

    @Test func anInfiniteBackoffWaitsTheCapInsteadOfTrapping() {
        // Validation refuses negatives and NaN but lets `.inf` through; Duration.seconds(.infinity) would trap.
        #expect(RunSettings(deliveryBackoff: .infinity).deliverySchedule.delay(afterAttempt: 1) == .seconds(600))
    }
}
