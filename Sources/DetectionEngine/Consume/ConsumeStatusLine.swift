import Foundation

/// The worker's status on standard error: objects done, records per second, and the queue's depth
/// when it can tell. On a terminal one line rewritten in place; otherwise (a log) a line at most
/// every ten seconds, and only when something changed.
struct ConsumeStatusLine {
    private let started = DispatchTime.now().uptimeNanoseconds
    private let onTerminal = isatty(2) == 1
    private var lastShown: UInt64 = 0
    private var lastText = ""
    private var shown = false
    /// The queue's depth, asked at most every ten seconds (it is a request to the queue).
    private var depth: Int?
    private var depthAsked: UInt64 = 0

    mutating func show(_ counts: ConsumeCounts, records: Int, queue: any WorkQueue) {
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastShown >= (onTerminal ? 1_000_000_000 : 10_000_000_000) else { return }
        lastShown = now
        let seconds = Double(now - started) / 1e9
        let rate = seconds > 0 ? Int(Double(records) / seconds) : 0
        var text = "\(counts.objects) objects done, \(records) records (\(rate) records/s)"
        if counts.failedMessages > 0 { text += ", \(counts.failedMessages) messages failed" }
        if depthAsked == 0 || now - depthAsked >= 10_000_000_000 {
            depth = queue.approximateDepth()
            depthAsked = now
        }
        if let depth { text += ", about \(depth) messages waiting" }
        guard text != lastText else { return }
        lastText = text
        if onTerminal {
            Diagnostics.write("\r\u{1B}[K" + text)
            shown = true
        } else {
            Diagnostics.print("detection-host: " + text)
        }
    }

    /// Clears the terminal line before the summary.
    mutating func clear() {
        guard onTerminal, shown else { return }
        Diagnostics.write("\r\u{1B}[K")
        shown = false
    }
}
