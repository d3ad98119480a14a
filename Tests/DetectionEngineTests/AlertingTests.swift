@testable import DetectionEngine
import Testing

/// Matano's alerting (DESIGN §4): matches grouped by (detection, dedupe); the first opens an
/// alert for the window, later ones inside it join it, and it activates at the threshold.
@Suite struct AlertingTests {
    /// Alerting with ids `alert-1`, `alert-2`, … in the order alerts open.
    func alerting() -> Alerting {
        let counter = IDCounter()
        return Alerting(makeID: { counter.next() })
    }

    @Test func theThresholdReachedInsideTheWindowActivatesTheAlert() {
        var alerting = alerting()
        let outcomes = [0.0, 10, 20, 59].map {
            alerting.match(detection: "d", dedupe: "alice", time: 1_700_000_000 + $0, window: 60, threshold: 3)
        }
        #expect(outcomes == [
            Alerting.Outcome(alertID: "alert-1", matchCount: 1, activated: false, activatedNow: false),
            Alerting.Outcome(alertID: "alert-1", matchCount: 2, activated: false, activatedNow: false),
            Alerting.Outcome(alertID: "alert-1", matchCount: 3, activated: true, activatedNow: true),
            Alerting.Outcome(alertID: "alert-1", matchCount: 4, activated: true, activatedNow: false),
        ])
    }

    @Test func theDefaultThresholdOfOneActivatesOnTheFirstMatch() {
        var alerting = alerting()
        let first = alerting.match(detection: "d", dedupe: "x", time: 0, window: 3600, threshold: 1)
        #expect(first == Alerting.Outcome(alertID: "alert-1", matchCount: 1, activated: true, activatedNow: true))
    }

    @Test func aMatchAfterTheWindowStartsANewAlert() {
        var alerting = alerting()
        let start = 1_700_000_000.0
        let first = alerting.match(detection: "d", dedupe: "alice", time: start, window: 60, threshold: 2)
        let late = alerting.match(detection: "d", dedupe: "alice", time: start + 61, window: 60, threshold: 2)
        let joins = alerting.match(detection: "d", dedupe: "alice", time: start + 100, window: 60, threshold: 2)
        #expect(first == Alerting.Outcome(alertID: "alert-1", matchCount: 1, activated: false, activatedNow: false))
        // The first alert never reached its threshold; the late match opens a second one.
        #expect(late == Alerting.Outcome(alertID: "alert-2", matchCount: 1, activated: false, activatedNow: false))
        #expect(joins == Alerting.Outcome(alertID: "alert-2", matchCount: 2, activated: true, activatedNow: true))
    }

    @Test func theWindowIsFixedFromTheFirstMatchNotSliding() {
        var alerting = alerting()
        let ids = [0.0, 50, 100, 140].map {
            alerting.match(detection: "d", dedupe: "k", time: $0, window: 60, threshold: 10).alertID
        }
        #expect(ids == ["alert-1", "alert-1", "alert-2", "alert-2"])
    }

    @Test func interleavedDedupeGroupsKeepSeparateCounts() {
        var alerting = alerting()
        var outcomes: [String: [Alerting.Outcome]] = [:]
        for (index, user) in ["alice", "bob", "alice", "bob", "alice", "carol", "bob"].enumerated() {
            outcomes[user, default: []].append(
                alerting.match(detection: "d", dedupe: user, time: Double(index), window: 3600, threshold: 3))
        }
        #expect(outcomes["alice"]?.map(\.matchCount) == [1, 2, 3])
        #expect(outcomes["alice"]?.map(\.activatedNow) == [false, false, true])
        #expect(outcomes["bob"]?.map(\.matchCount) == [1, 2, 3])
        #expect(outcomes["bob"]?.map(\.activated) == [false, false, true])
        #expect(outcomes["carol"]?.map(\.matchCount) == [1])
        #expect(Set(outcomes["alice"]!.map(\.alertID)) == ["alert-1"])
        #expect(Set(outcomes["bob"]!.map(\.alertID)) == ["alert-2"])
        #expect(Set(outcomes["carol"]!.map(\.alertID)) == ["alert-3"])
    }

    @Test func theSameDedupeInTwoDetectionsIsTwoGroups() {
        var alerting = alerting()
        let a = alerting.match(detection: "first", dedupe: "alice", time: 0, window: 60, threshold: 2)
        let b = alerting.match(detection: "second", dedupe: "alice", time: 1, window: 60, threshold: 2)
        let a2 = alerting.match(detection: "first", dedupe: "alice", time: 2, window: 60, threshold: 2)
        #expect(a.alertID != b.alertID)
        #expect(b.matchCount == 1 && !b.activated)
        #expect(a2 == Alerting.Outcome(alertID: a.alertID, matchCount: 2, activated: true, activatedNow: true))
    }

    @Test func closingExpiredAlertsKeepsOpenOnesCounting() {
        var alerting = alerting()
        _ = alerting.match(detection: "d", dedupe: "old", time: 0, window: 60, threshold: 5)
        _ = alerting.match(detection: "d", dedupe: "new", time: 50, window: 60, threshold: 5)
        alerting.closeExpired(before: 70)
        #expect(alerting.match(detection: "d", dedupe: "new", time: 80, window: 60, threshold: 5).matchCount == 2)
        #expect(alerting.match(detection: "d", dedupe: "old", time: 80, window: 60, threshold: 5).matchCount == 1)
    }

    @Test func aMonthOfDistinctDedupeValuesKeepsOnlyOpenWindowsInMemory() {
        var alerting = alerting()
        // 500,000 matches over 30 days, each with a dedupe value never seen again, in
        // one-hour windows: about 700 windows are open at any time.
        let matches = 500_000
        var most = 0
        for index in 0..<matches {
            let time = Double(index) * (30 * 86_400) / Double(matches)
            _ = alerting.match(detection: "d", dedupe: "user-\(index)", time: time, window: 3600, threshold: 1)
            most = max(most, alerting.openCount)
        }
        #expect(most < 5_000, "open alerts peaked at \(most)")
        // An alert still inside its window keeps counting after the sweeps.
        let last = Double(matches - 1) * (30 * 86_400) / Double(matches)
        #expect(alerting.match(detection: "d", dedupe: "user-\(matches - 1)", time: last + 1, window: 3600, threshold: 1).matchCount == 2)
    }

    @Test func withoutAnInjectedMakerIdsAreUnique() {
        var alerting = Alerting()
        let ids = (0..<50).map { alerting.match(detection: "d", dedupe: "\($0)", time: 0, window: 60, threshold: 1).alertID }
        #expect(Set(ids).count == 50)
    }
}

/// Deterministic alert ids for one test.
final class IDCounter {
    private var issued = 0

    func next() -> String {
        issued += 1
        return "alert-\(issued)"
    }
}
