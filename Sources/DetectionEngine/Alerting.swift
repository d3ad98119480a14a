import Foundation

/// Matano's alerting (DESIGN §4): matches are grouped by (detection, dedupe string); the first
/// match of a group opens an alert for the deduplication window, later matches inside the
/// window join it, and the alert activates when its matches reach the threshold.
struct Alerting {
    struct Key: Hashable {
        let detection: String
        let dedupe: String
    }

    struct OpenAlert {
        let id: String
        let openedAt: Double
        var matchCount: Int
    }

    struct Outcome: Equatable {
        let alertID: String
        let matchCount: Int
        let activated: Bool
        /// True for the one match that made the alert reach its threshold.
        let activatedNow: Bool
    }

    private var open: [Key: OpenAlert] = [:]
    private var makeID: () -> String

    init(makeID: @escaping () -> String = { UUID().uuidString.lowercased() }) {
        self.makeID = makeID
    }

    /// Records one match at `time` (epoch seconds) and says which alert it belongs to.
    mutating func match(detection: String, dedupe: String, time: Double, window: Int, threshold: Int) -> Outcome {
        let key = Key(detection: detection, dedupe: dedupe)
        var alert: OpenAlert
        if let current = open[key], time >= current.openedAt, time < current.openedAt + Double(window) {
            alert = current
            alert.matchCount += 1
        } else {
            alert = OpenAlert(id: makeID(), openedAt: time, matchCount: 1)
        }
        open[key] = alert
        return Outcome(alertID: alert.id, matchCount: alert.matchCount,
                       activated: alert.matchCount >= threshold, activatedNow: alert.matchCount == threshold)
    }

    /// Forgets alerts whose window ended before `time`, so memory stays bounded on long runs.
    mutating func closeExpired(before time: Double, longestWindow: Int) {
        open = open.filter { time < $0.value.openedAt + Double(longestWindow) }
    }
}
