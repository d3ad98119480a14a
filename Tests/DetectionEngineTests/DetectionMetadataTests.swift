@testable import DetectionEngine
import Testing

/// `detection.yml` (DESIGN §4, Matano's format): read into `DetectionMetadata`, a key of the
/// wrong type or an unknown severity refused with the key named, an unknown key only warned of.
@Suite struct DetectionMetadataTests {
    let path = "detections/example/detection.yml"

    @Test func aCompleteFileIsReadIntoEveryField() throws {
        let (metadata, warnings) = try DetectionMetadata.parse("""
            name: access_denied_counter
            display_name: Repeated AccessDenied errors
            description: Counts denials per user.
            enabled: false
            runbook: Call the user.
            references:
              - https://docs.aws.amazon.com/
            false_positives:
              - A broken script.
            reports:
              - report-1
            tags:
              - aws
              - iam
            tables:
              - aws_cloudtrail
            alert:
              severity: high
              threshold: 15
              deduplication_window_minutes: 30
              destinations:
                - slack
            """, path: path)
        #expect(warnings.isEmpty)
        var expected = DetectionMetadata()
        expected.name = "access_denied_counter"
        expected.displayName = "Repeated AccessDenied errors"
        expected.description = "Counts denials per user."
        expected.enabled = false
        expected.runbook = "Call the user."
        expected.references = ["https://docs.aws.amazon.com/"]
        expected.falsePositives = ["A broken script."]
        expected.reports = ["report-1"]
        expected.tags = ["aws", "iam"]
        expected.tables = ["aws_cloudtrail"]
        expected.severity = "high"
        expected.threshold = 15
        expected.deduplicationWindow = 1800
        expected.destinations = ["slack"]
        #expect(metadata == expected)
    }

    @Test func anEmptyFileGivesMatanosDefaults() throws {
        let (metadata, warnings) = try DetectionMetadata.parse("", path: path)
        #expect(warnings.isEmpty)
        #expect(metadata == DetectionMetadata())
        #expect(metadata.enabled && metadata.threshold == 1 && metadata.deduplicationWindow == 3600 && metadata.severity == nil)
    }

    @Test func theWindowMayBeGivenInSeconds() throws {
        let (metadata, _) = try DetectionMetadata.parse("alert:\n  deduplication_window: 86400\n", path: path)
        #expect(metadata.deduplicationWindow == 86400)
    }

    @Test func everySeverityMatanoKnowsIsAccepted() throws {
        for severity in ["info", "notice", "low", "medium", "high", "critical"] {
            let (metadata, _) = try DetectionMetadata.parse("alert:\n  severity: \(severity)\n", path: path)
            #expect(metadata.severity == severity)
        }
    }

    @Test(arguments: [
        ("name: [a, b]\n", "name"),
        ("display_name: {a: 1}\n", "display_name"),
        ("enabled: maybe\n", "enabled"),
        ("tags: aws\n", "tags"),
        ("references: {a: 1}\n", "references"),
        ("tables: [[a]]\n", "tables"),
        ("alert: high\n", "alert"),
        ("alert:\n  threshold: three\n", "alert.threshold"),
        ("alert:\n  threshold: 0\n", "alert.threshold"),
        ("alert:\n  severity: [high]\n", "alert.severity"),
        ("alert:\n  deduplication_window: 86401\n", "alert.deduplication_window"),
        ("alert:\n  deduplication_window_minutes: ten\n", "alert.deduplication_window_minutes"),
        ("alert:\n  destinations: slack\n", "alert.destinations"),
    ])
    func aKeyOfTheWrongTypeIsAnErrorNamingTheKeyAndTheFile(yaml: String, key: String) throws {
        do {
            _ = try DetectionMetadata.parse(yaml, path: path)
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.description.contains("'\(key)'"), "\(error)")
            #expect(error.description.hasPrefix(path), "\(error)")
        }
    }

    @Test(arguments: ["urgent", "sev1", "3"])
    func anUnknownSeverityIsAnError(severity: String) throws {
        do {
            _ = try DetectionMetadata.parse("alert:\n  severity: \(severity)\n", path: path)
            Issue.record("severity \(severity) accepted")
        } catch {
            #expect(error.description.contains("alert.severity"), "\(error)")
            #expect(error.description.contains(severity), "\(error)")
        }
    }

    @Test func unknownKeysAreWarningsNotErrors() throws {
        let (metadata, warnings) = try DetectionMetadata.parse("""
            name: x
            colour: blue
            alert:
              severity: low
              escalate: true
            """, path: path)
        #expect(metadata.name == "x" && metadata.severity == "low")
        #expect(warnings.count == 2)
        #expect(warnings.contains { $0.contains("colour") && $0.contains(path) }, "\(warnings)")
        #expect(warnings.contains { $0.contains("alert.escalate") }, "\(warnings)")
    }

    @Test(arguments: ["- a\n- b\n", "just text\n", "name: [unclosed\n"])
    func aFileThatIsNotAMappingIsAnError(yaml: String) throws {
        #expect(throws: MetadataError.self) { try DetectionMetadata.parse(yaml, path: path) }
    }
}
