import Testing
@testable import Bridge

@Suite struct ButtonMarkerTests {
    @Test func markersBecomeLabelsAndLeaveCleanText() {
        let extracted = ButtonMarkers.extract(from: "Which one?\n\n[button:Fix it]\n[button: Leave it ]\n")
        #expect(extracted.text == "Which one?")
        #expect(extracted.labels == ["Fix it", "Leave it"])
    }

    @Test func inlineMarkersAndDuplicates() {
        let extracted = ButtonMarkers.extract(from: "Pick [button:A] or [button:B] or [button:A].")
        #expect(extracted.labels == ["A", "B"])
        #expect(extracted.text == "Pick  or  or .")
    }

    @Test func unclosedMarkerIsLeftAlone() {
        let extracted = ButtonMarkers.extract(from: "oops [button:never closed")
        #expect(extracted.labels.isEmpty)
        #expect(extracted.text == "oops [button:never closed")
    }
}

@Suite struct MessageSplitterTests {
    @Test func shortTextIsOnePart() {
        #expect(MessageSplitter.split("hello") == ["hello"])
    }

    @Test func splitsAtParagraphsUnderTheLimit() {
        let paragraph = String(repeating: "word ", count: 40)
        let text = Array(repeating: paragraph, count: 10).joined(separator: "\n\n")
        let parts = MessageSplitter.split(text, limit: 500)
        #expect(parts.count > 1)
        #expect(parts.allSatisfy { $0.utf8.count <= 500 })
        #expect(parts.joined(separator: " ").filter { $0 == "w" }.count == 400)
    }

    @Test func openCodeFenceIsClosedAndReopened() {
        let code = (1...80).map { "let line\($0) = \($0)" }.joined(separator: "\n")
        let parts = MessageSplitter.split("```swift\n\(code)\n```", limit: 400)
        #expect(parts.count > 1)
        for part in parts {
            #expect(MessageSplitter.openFence(in: part) == nil, "every part closes its fences")
        }
        #expect(parts[1].hasPrefix("```swift\n"))
    }

    @Test func hugeUnbrokenWordStillSplits() {
        let parts = MessageSplitter.split(String(repeating: "x", count: 1000), limit: 300)
        #expect(parts.allSatisfy { $0.utf8.count <= 300 })
        #expect(parts.joined().count == 1000)
    }
}

@Suite struct EditThrottleTests {
    @Test func oneEditPerInterval() {
        var throttle = EditThrottle(interval: .seconds(1), maxEdits: 10)
        let start = ContinuousClock.now
        let first = throttle.shouldEdit(at: start)
        let tooSoon = throttle.shouldEdit(at: start + .milliseconds(500))
        #expect(first && !tooSoon)
        #expect(throttle.delayUntilNextEdit(at: start + .milliseconds(400)) == .milliseconds(600))
        let later = throttle.shouldEdit(at: start + .milliseconds(1000))
        #expect(later)
    }

    @Test func capsTheNumberOfEdits() {
        var throttle = EditThrottle(interval: .zero, maxEdits: 3)
        let now = ContinuousClock.now
        var allowed = 0
        for second in 0..<10 where throttle.shouldEdit(at: now + .seconds(second)) { allowed += 1 }
        #expect(allowed == 3)
    }
}
