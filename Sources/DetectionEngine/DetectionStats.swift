/// Per-detection counters for the summary at the end of a run.
struct DetectionStats {
    var records = 0
    var matches = 0
    var alerts = 0
    var activatedAlerts = 0
    var errors = 0
    var nanoseconds: UInt64 = 0
}

/// The summary a person reads on standard error when the run ends.
enum RunSummary {
    static func text(detections: [LoadedDetection], stats: [DetectionStats], records: Int,
                     invalidRecords: Int, seconds: Double, failures: [(String, Int)]) -> String {
        var lines = ["detection-host: \(records) records in \(String(format: "%.2f", seconds)) s"
            + (seconds > 0 ? " (\(Int(Double(records) / seconds)) records/s)" : "")
            + (invalidRecords > 0 ? ", \(invalidRecords) invalid records skipped" : "")]
        let width = max(9, detections.map(\.name.count).max() ?? 0)
        lines.append(pad("detection", width) + "   records  matches   alerts  activated   errors   time(ms)")
        for (detection, stat) in zip(detections, stats) {
            lines.append(pad(detection.name, width)
                + number(stat.records, 10) + number(stat.matches, 9) + number(stat.alerts, 9)
                + number(stat.activatedAlerts, 11) + number(stat.errors, 9)
                + number(Int(stat.nanoseconds / 1_000_000), 11))
        }
        if !failures.isEmpty {
            lines.append("errors by place:")
            for (place, count) in failures { lines.append("  \(count) × \(place)") }
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private static func number(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: " ", count: max(1, width - text.count)) + text
    }
}
