/// Matano's alerting (DESIGN §4): matches are grouped by (detection, dedupe string); the first
/// match of a group opens an alert for the deduplication window, later matches inside the
/// window join it, and the alert activates when its matches reach the threshold.
struct Alerting {
    struct Key: Hashable {
        let detection: String
        let dedupe: String

        /// The dedupe string and only the length of the detection's name: one string hashed per
        /// match, not two (equality still compares both, and a run's names share storage, so
        /// comparing them is a pointer check).
        func hash(into hasher: inout Hasher) {
            hasher.combine(dedupe)
            hasher.combine(detection.utf8.count)
        }
    }

    struct OpenAlert {
        let id: String
        let openedAt: Double
        /// When its deduplication window ends: a match from then on opens a new alert.
        let closesAt: Double
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
    /// The test's id maker, or nil for random ids from `ids`.
    private let makeID: (() -> String)?
    private var ids = AlertIDGenerator()
    /// The latest event time seen: alerts whose window ended before it are closed.
    private var newest = -Double.infinity
    /// The number of open alerts at which they are next swept. Doubling it after each sweep
    /// keeps the sweeps' cost amortised constant per match.
    private var nextSweep = Self.smallestSweep
    private static let smallestSweep = 1024

    init(makeID: (() -> String)? = nil) {
        self.makeID = makeID
    }

    /// How many alerts are open (for tests of memory over long runs).
    var openCount: Int { open.count }

    /// Records one match at `time` (epoch seconds) and says which alert it belongs to.
    mutating func match(detection: String, dedupe: String, time: Double, window: Int, threshold: Int) -> Outcome {
        let key = Key(detection: detection, dedupe: dedupe)
        var alert: OpenAlert
        if let current = open[key], time >= current.openedAt, time < current.closesAt {
            alert = current
            alert.matchCount += 1
        } else {
            let id = if let makeID { makeID() } else { ids.next() }
            alert = OpenAlert(id: id, openedAt: time, closesAt: time + Double(window), matchCount: 1)
        }
        open[key] = alert
        newest = max(newest, time)
        if open.count >= nextSweep {
            closeExpired(before: newest)
            nextSweep = max(Self.smallestSweep, open.count * 2)
        }
        return Outcome(alertID: alert.id, matchCount: alert.matchCount,
                       activated: alert.matchCount >= threshold, activatedNow: alert.matchCount == threshold)
    }

    /// Forgets alerts whose window ended at or before `time`: no match at `time` or later can
    /// join them, so memory stays bounded on long runs. (A record older than that, arriving out
    /// of order, opens an alert of its own, as it would after any window.)
    mutating func closeExpired(before time: Double) {
        open = open.filter { time < $0.value.closesAt }
    }
}
