import CacheCore
@testable import DetectionEngine
import Testing

/// Alerting kept in a shared store (`--cache dynamodb:`): the alerts of many workers are those of
/// one run, whatever order the matches arrive in, and a match seen again is counted once.
@Suite struct SharedAlertingTests {
    struct Match: Hashable {
        let dedupe: String
        let time: Double
        let id: String
    }

    /// Each alert's id with its final count, and how many matches reported activating it.
    struct Alerts: Equatable {
        var counts: [String: Int] = [:]
        var activations: [String: Int] = [:]
    }

    func run(_ matches: [Match], on store: any CacheStore, threshold: Int = 3) throws -> Alerts {
        let alerting = SharedAlerting(store: store)
        var alerts = Alerts()
        for match in matches {
            let outcome = try alerting.match(detection: "d", dedupe: match.dedupe, time: match.time, window: 3600,
                                             threshold: threshold, matchID: match.id)
            alerts.counts[outcome.alertID] = max(alerts.counts[outcome.alertID] ?? 0, outcome.matchCount)
            if outcome.activatedNow { alerts.activations[outcome.alertID, default: 0] += 1 }
        }
        return alerts
    }

    /// Matches for two users over three hours, some in the same window.
    let matches: [Match] = (0..<40).map { index in
        Match(dedupe: index % 3 == 0 ? "bob" : "alice", time: 1_700_000_000 + Double(index) * 300, id: "row-\(index)")
    }

    @Test func theOrderOfMatchesDoesNotChangeTheAlerts() throws {
        let inOrder = try run(matches, on: MemoryStore(clock: ManualClock()))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            let shuffled = try run(matches.shuffled(using: &generator), on: MemoryStore(clock: ManualClock()))
            #expect(shuffled == inOrder)
        }
        // Each window of each user is one alert, activated exactly once when it reached 3.
        #expect(inOrder.counts.values.reduce(0, +) == matches.count)
        #expect(inOrder.activations.values.allSatisfy { $0 == 1 })
        #expect(Set(inOrder.activations.keys) == Set(inOrder.counts.filter { $0.value >= 3 }.keys))
    }

    @Test func aMatchSeenAgainIsCountedOnce() throws {
        let store = MemoryStore(clock: ManualClock())
        let once = try run(matches, on: MemoryStore(clock: ManualClock()))
        // Two workers, the second retrying half of what the first did (a redelivered object).
        _ = try run(Array(matches[..<30]), on: store)
        let retried = try run(Array(matches[10...]), on: store)
        for (alert, count) in once.counts {
            let seen = retried.counts[alert] ?? 0
            #expect(seen <= count, "alert \(alert) counted \(seen) of \(count) matches")
        }
        let total = try store.entries(namespace: SharedAlerting.namespace).map { entry -> Int64 in
            if case let .counter(count) = entry.value { count } else { -1 }
        }.reduce(0, +)
        #expect(total == Int64(matches.count), "every match counted once across the retry")
    }

    @Test func alertIDsAreTheSameInEveryProcessAndDifferPerWindow() throws {
        let first = try SharedAlerting(store: MemoryStore()).match(
            detection: "d", dedupe: "alice", time: 1_700_000_000, window: 3600, threshold: 1, matchID: "a")
        let sameWindow = try SharedAlerting(store: MemoryStore()).match(
            detection: "d", dedupe: "alice", time: 1_700_000_000 + 100, window: 3600, threshold: 1, matchID: "b")
        let nextWindow = try SharedAlerting(store: MemoryStore()).match(
            detection: "d", dedupe: "alice", time: 1_700_000_000 + 3600, window: 3600, threshold: 1, matchID: "c")
        #expect(first.alertID == sameWindow.alertID)
        #expect(first.alertID != nextWindow.alertID)
        #expect(first.activatedNow && first.activated)
    }
}
