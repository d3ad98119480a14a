import Foundation
import Synchronization

/// SIGTERM, as a worker's supervisor (systemd, ECS, Kubernetes) sends it: the worker finishes the
/// object at hand, leaves every other message to the queue, and exits 0.
enum TerminationRequest {
    private static let requested = Atomic<Bool>(false)

    static var isRequested: Bool { requested.load(ordering: .relaxed) }

    /// Replaces SIGTERM's default action (ending the process at once) with setting the flag.
    static func install() {
        signal(SIGTERM) { _ in TerminationRequest.requested.store(true, ordering: .relaxed) }
    }
}
