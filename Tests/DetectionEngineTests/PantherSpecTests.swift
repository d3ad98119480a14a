@testable import DetectionEngine
import Foundation
import Testing

/// Reading Panther specs (DESIGN §9): YAML as Panther's tool reads it, the fields the host uses,
/// and the kinds it does not run named rather than dropped.
@Suite struct PantherSpecTests {
    func yaml(_ text: String) throws -> CaseNode {
        try #require(try CaseNode.parseYAML(text, path: "spec.yml", dialect: .yaml12))
    }

    @Test func scalarsReadAsYAML12() throws {
        let node = try yaml("""
            a: on
            b: off
            c: yes
            d: True
            e: 0644
            f: 1:30:00
            g: 2024-01-02 03:04:05
            h: 1.5
            i: ~
            j: "true"
            k: 0x1F
            l: 1e5
            m: -12
            n: 123456789012345678901234567890
            """)
        #expect(node["a"]?.string == "on")
        #expect(node["b"]?.string == "off")
        #expect(node["c"]?.string == "yes")
        #expect(node["d"]?.bool == true)
        #expect(node["e"]?.integer == 644)
        #expect(node["f"]?.string == "1:30:00")
        #expect(node["g"]?.string == "2024-01-02 03:04:05")
        #expect(node["h"]?.jsonText == "1.5")
        #expect(node["i"]?.isNull == true)
        #expect(node["j"]?.string == "true")
        #expect(node["k"]?.integer == 31)
        #expect(node["l"]?.string == "1e5", "PyYAML's floats need a dot")
        #expect(node["m"]?.integer == -12)
        #expect(node["n"]?.jsonText == "123456789012345678901234567890")
    }

    func read(_ text: String) throws -> PantherSpecReading {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("spec.yml")
        try Data(text.utf8).write(to: file)
        return try PantherSpec.read(file.path)
    }

    @Test func aRuleSpecGivesItsFields() throws {
        guard case let .spec(spec) = try read("""
            AnalysisType: scheduled_rule
            RuleID: Acme.Rule
            Filename: acme.py
            Enabled: false
            Severity: High
            DedupPeriodMinutes: 15
            Threshold: 5
            LogTypes: [Acme.Audit, Acme.Other]
            Tests:
              - Name: one
                ExpectedResult: true
                Log: {}
            """) else {
            Issue.record("not a spec")
            return
        }
        #expect(spec.kind == .scheduledRule)
        #expect(spec.id == "Acme.Rule")
        #expect(spec.scriptPath?.hasSuffix("/acme.py") == true)
        #expect(!spec.enabled)
        #expect(spec.severity == "High")
        #expect(spec.dedupPeriodMinutes == 15)
        #expect(spec.threshold == 5)
        #expect(spec.logTypes == ["Acme.Audit", "Acme.Other"])
        #expect(spec.tests?.items?.count == 1)
    }

    @Test func unsupportedKindsAreNamed() throws {
        guard case let .unsupported(kind, id, _) = try read("AnalysisType: correlation_rule\nRuleID: Acme.Chain\n") else {
            Issue.record("a correlation rule must be reported as unsupported")
            return
        }
        #expect(kind == "correlation rule")
        #expect(id == "Acme.Chain")
        guard case let .unsupported(yamlKind, _, _) = try read("AnalysisType: rule\nRuleID: Acme.Yaml\nDetection:\n  - Key: a\n") else {
            Issue.record("a YAML-only rule must be reported as unsupported")
            return
        }
        #expect(yamlKind.contains("Detection"))
        guard case .other = try read("AnalysisType: pack\nPackID: Acme.Pack\n") else {
            Issue.record("a pack is not a detection")
            return
        }
    }
}
