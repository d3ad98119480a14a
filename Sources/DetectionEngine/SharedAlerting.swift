import CacheCore
import Foundation

/// Alerting whose state lives in the cache store, so that every process on one store (workers
/// sharing a DynamoDB table) groups matches as one run would, whatever order they take the
/// input in.
///
/// Order cannot change the alerts: an alert's window is the one of fixed length, aligned on the
/// epoch, that holds the match's event time (not one opened by whichever match a worker happens
/// to see first), its id is a function of detection, dedupe string and window, and its count is
/// a store `tally` of match ids, so a match seen again after a retried object is counted once.
/// The count each row carries is the alert's count when that match was added; the one match
/// that brings it to the threshold activates the alert.
struct SharedAlerting {
    /// Where alert counts live; listed by `detection-host cache list` like any namespace.
    static let namespace = "detection-host.alerts"
    /// How long a window's state is kept past the window itself: a retried or late object (SQS
    /// keeps a message up to 14 days) still finds its alert's count.
    static let retention: Int64 = 14 * 86_400

    let store: any CacheStore

    func match(detection: String, dedupe: String, time: Double, window: Int, threshold: Int,
               matchID: String) throws(CacheError) -> Alerting.Outcome {
        let length = Double(max(window, 1))
        let windowStart = Int64((time / length).rounded(.down) * length)
        let alertID = NameBasedID.make("alert", detection, dedupe, String(windowStart))
        let tally = try store.tally(namespace: Self.namespace, key: alertID, member: matchID,
                                    ttl: Int64(window) + Self.retention)
        let count = Int(tally.count)
        return Alerting.Outcome(alertID: alertID, matchCount: count, activated: count >= threshold,
                                activatedNow: tally.added && count == threshold)
    }
}
