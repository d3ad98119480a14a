import Yams

/// What a detection's `detection.yml` says (Matano's format, DESIGN §4), validated on load.
public struct DetectionMetadata: Sendable, Equatable {
    public var name: String?
    public var displayName: String?
    public var description: String?
    public var enabled = true
    public var runbook: String?
    public var references: [String] = []
    public var falsePositives: [String] = []
    public var reports: [String] = []
    public var tags: [String] = []
    public var tables: [String] = []
    public var severity: String?
    public var threshold = 1
    /// Seconds; Matano's default window is 60 minutes.
    public var deduplicationWindow = 3600
    public var destinations: [String] = []

    public init() {}

    public static let severities = ["info", "notice", "low", "medium", "high", "critical"]
    static let knownKeys: Set<String> = [
        "name", "display_name", "description", "enabled", "runbook", "references", "false_positives",
        "reports", "tags", "tables", "alert",
        "tests",  // read by `detection-host test` (DESIGN §8)
    ]
    static let knownAlertKeys: Set<String> = [
        "severity", "threshold", "deduplication_window_minutes", "deduplication_window", "destinations",
    ]
}

/// A `detection.yml` that cannot be used; the message names the file and the key.
public struct MetadataError: Error, CustomStringConvertible {
    public let path: String
    public let message: String
    public var description: String { "\(path): \(message)" }
}

extension DetectionMetadata {
    /// Parses and validates YAML text. Unknown keys are returned as warnings, not errors.
    public static func parse(_ text: String, path: String) throws(MetadataError) -> (DetectionMetadata, warnings: [String]) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw MetadataError(path: path, message: "not valid YAML: \(error)")
        }
        var metadata = DetectionMetadata()
        guard let root else { return (metadata, []) }
        guard let mapping = root.mapping else { throw MetadataError(path: path, message: "the top level must be a mapping") }
        var reader = MetadataReader(path: path)
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? "\(keyNode)"
            switch key {
            case "name": metadata.name = try reader.string(value, key)
            case "display_name": metadata.displayName = try reader.string(value, key)
            case "description": metadata.description = try reader.string(value, key)
            case "enabled": metadata.enabled = try reader.bool(value, key)
            case "runbook": metadata.runbook = try reader.string(value, key)
            case "references": metadata.references = try reader.strings(value, key)
            case "false_positives": metadata.falsePositives = try reader.strings(value, key)
            case "reports": metadata.reports = try reader.strings(value, key)
            case "tags": metadata.tags = try reader.strings(value, key)
            case "tables": metadata.tables = try reader.strings(value, key)
            case "alert": try metadata.readAlert(value, &reader)
            case "tests": break  // test cases, read by `detection-host test`
            default: reader.warnings.append("\(path): unknown key '\(key)' ignored")
            }
        }
        return (metadata, reader.warnings)
    }

    private mutating func readAlert(_ node: Node, _ reader: inout MetadataReader) throws(MetadataError) {
        guard let mapping = node.mapping else { throw reader.error("alert", "must be a mapping") }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? "\(keyNode)"
            let qualified = "alert.\(key)"
            switch key {
            case "severity":
                let level = try reader.string(value, qualified).lowercased()
                guard Self.severities.contains(level) else {
                    throw reader.error(qualified, "'\(level)' is not a severity (one of \(Self.severities.joined(separator: ", ")))")
                }
                severity = level
            case "threshold":
                threshold = try reader.int(value, qualified, in: 1...Int.max)
            case "deduplication_window_minutes":
                deduplicationWindow = try reader.int(value, qualified, in: 0...1440) * 60
            case "deduplication_window":
                deduplicationWindow = try reader.int(value, qualified, in: 0...86400)
            case "destinations":
                destinations = try reader.strings(value, qualified)
            default:
                reader.warnings.append("\(reader.path): unknown key '\(qualified)' ignored")
            }
        }
    }
}

/// Typed reads of YAML nodes with errors that name the file and the key.
private struct MetadataReader {
    let path: String
    var warnings: [String] = []

    init(path: String) { self.path = path }

    func error(_ key: String, _ message: String) -> MetadataError {
        MetadataError(path: path, message: "'\(key)' \(message)")
    }

    func string(_ node: Node, _ key: String) throws(MetadataError) -> String {
        guard let scalar = node.scalar else { throw error(key, "must be a string") }
        return scalar.string
    }

    func bool(_ node: Node, _ key: String) throws(MetadataError) -> Bool {
        guard let value = node.bool else { throw error(key, "must be true or false") }
        return value
    }

    func int(_ node: Node, _ key: String, in range: ClosedRange<Int>) throws(MetadataError) -> Int {
        guard let value = node.int else { throw error(key, "must be a whole number") }
        guard range.contains(value) else {
            throw error(key, "must be between \(range.lowerBound) and \(range.upperBound == Int.max ? "any" : "\(range.upperBound)")")
        }
        return value
    }

    func strings(_ node: Node, _ key: String) throws(MetadataError) -> [String] {
        guard let sequence = node.sequence else { throw error(key, "must be a list of strings") }
        var result: [String] = []
        for item in sequence {
            guard let scalar = item.scalar else { throw error(key, "must be a list of strings") }
            result.append(scalar.string)
        }
        return result
    }
}
