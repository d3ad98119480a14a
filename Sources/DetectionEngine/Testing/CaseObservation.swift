import CacheCore

/// What happened while one case ran: read back from what `run` would have written (the match
/// rows and the error rows), plus what the detection printed and the cache afterwards.
struct CaseObservation {
    /// A match as its output row says it.
    struct Match {
        let position: Int
        let row: CaseNode
        var alertID: String { row["alert_id"]?.string ?? "" }
    }

    /// A detection function that raised.
    struct Failure {
        let position: Int
        let function: String
        let exception: String
        let message: String
        let traceback: String
    }

    var matched: [Bool] = []
    var matches: [Match] = []
    var failures: [Failure] = []
    var printed = ""
    /// The cache after the case, for each key `expect.cache` names.
    var cacheAfter: [Expectation.CacheCheck] = []
    /// Why the case could not run its records (a mock that would not apply, a seed refused).
    var setupError: String?
    /// Ctrl-C arrived during a detection call: the test run stops.
    var interrupted = false

    /// Each alert the case opened, in order of opening, as its last match left it.
    var alerts: [CaseNode] {
        var order: [String] = []
        var last: [String: CaseNode] = [:]
        for match in matches {
            if last[match.alertID] == nil { order.append(match.alertID) }
            last[match.alertID] = match.row
        }
        return order.compactMap { last[$0] }
    }
}
