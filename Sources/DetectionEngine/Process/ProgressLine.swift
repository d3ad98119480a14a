import Foundation

/// A one-line progress display on standard error while a long run goes on, shown only when
/// standard error is a terminal (so logs and pipes stay clean).
struct ProgressLine {
    private let started = DispatchTime.now().uptimeNanoseconds
    private var lastShown: UInt64 = 0
    private var shown = false
    private let enabled: Bool

    /// Shown only on a terminal, and only when `enabled` (`consume` has a status line of its own).
    init(enabled: Bool = true) {
        self.enabled = enabled && isatty(2) == 1
    }

    mutating func update(records: Int, bytesRead: Int64, totalBytes: Int64?) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastShown >= 500_000_000 else { return }
        lastShown = now
        shown = true
        let seconds = Double(now - started) / 1e9
        let rate = seconds > 0 ? Int(Double(records) / seconds) : 0
        var text = "\r\u{1B}[K\(records) records, \(rate) records/s, \(megabytes(bytesRead))"
        if let totalBytes, totalBytes > 0 {
            text += " of \(megabytes(totalBytes)) (\(Int(Double(bytesRead) * 100 / Double(totalBytes)))%)"
        }
        Diagnostics.write(text)
    }

    /// Clears the line before the summary is printed.
    mutating func clear() {
        guard enabled, shown else { return }
        Diagnostics.write("\r\u{1B}[K")
        shown = false
    }

    private func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}
