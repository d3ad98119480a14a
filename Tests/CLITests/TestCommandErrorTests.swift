import Foundation
import Testing

/// `detection-host test` refuses to start (exit 2) on what keeps it from running, and names the
/// file and line (DESIGN §8).
@Suite final class TestCommandErrorTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
        try workspace.write("detections/simple/detect.py", """
            HELPER = 1

            def detect(record):
                return True
            """)
    }

    func run(_ cases: String, file: String = "tests/cases.yml") throws -> Workspace.Outcome {
        try workspace.write("detections/simple/\(file)", cases)
        return try workspace.host(["test", "detections"])
    }

    @Test func aTestFileThatDoesNotParse() throws {
        let result = try run("- name: one\n  record: {a: 1\n  expect: true\n")
        #expect(result.status == 2)
        #expect(result.errors.contains("detections/simple/tests/cases.yml:3: not valid YAML"), "\(result.errors)")
        #expect(result.output.isEmpty)
    }

    @Test func aJSONFileThatDoesNotParse() throws {
        let result = try run("{\n  \"name\": \"one\",\n  \"record\": {\"a\": 1},,\n}\n", file: "tests/cases.json")
        #expect(result.status == 2)
        #expect(result.errors.contains("detections/simple/tests/cases.json:3: not valid JSON"), "\(result.errors)")
    }

    @Test func anUnknownKey() throws {
        let result = try run("- name: one\n  record: {a: 1}\n  expcet: true\n")
        #expect(result.status == 2)
        #expect(result.errors.contains("cases.yml:3: unknown key 'expcet'"), "\(result.errors)")
        let inExpect = try run("- name: one\n  record: {a: 1}\n  expect:\n    matched: true\n")
        #expect(inExpect.status == 2)
        #expect(inExpect.errors.contains("cases.yml:4: unknown key 'matched' in 'expect'"), "\(inExpect.errors)")
    }

    @Test func aDuplicateKey() throws {
        let result = try run("- name: one\n  record: {a: 1}\n  record: {a: 2}\n")
        #expect(result.status == 2)
        #expect(result.errors.contains("cases.yml:2: duplicate key 'record'"), "\(result.errors)")
    }

    @Test func bothOrNeitherRecordAndRecords() throws {
        let both = try run("- name: both\n  record: {a: 1}\n  records: [{a: 1}]\n")
        #expect(both.status == 2)
        #expect(both.errors.contains("cases.yml:1: case 'both' has both 'record' and 'records'"), "\(both.errors)")
        let neither = try run("- name: one\n  record: {a: 1}\n- name: neither\n  expect: true\n")
        #expect(neither.status == 2)
        #expect(neither.errors.contains("cases.yml:3: case 'neither' has neither 'record' nor 'records'"), "\(neither.errors)")
    }

    @Test func aMockNamingNothing() throws {
        let result = try run("- name: one\n  record: {a: 1}\n  mocks:\n    HELPER.missing: 2\n    missing_name: 1\n")
        #expect(result.status == 2)
        #expect(result.errors.contains("cases.yml:4: mock 'HELPER.missing' names nothing"), "\(result.errors)")
        #expect(result.errors.contains("cases.yml:5: mock 'missing_name' names nothing"), "\(result.errors)")
    }

    @Test func aDuplicateCaseName() throws {
        try workspace.write("detections/simple/detection.yml", "tests:\n  - name: twice\n    record: {a: 1}\n")
        let result = try run("\n- name: twice\n  record: {a: 2}\n")
        #expect(result.status == 2)
        #expect(result.errors.contains("tests/cases.yml:2: duplicate case name 'twice' (first at "), "\(result.errors)")
        #expect(result.errors.contains("detection.yml:2)"), "\(result.errors)")
    }

    @Test func aMalformedValue() throws {
        let result = try run("- name: one\n  record: {a: 1}\n  expect:\n    matches: [true]\n")
        #expect(result.status == 2)
        #expect(result.errors.contains("cases.yml:4: 'matches' is for 'records'"), "\(result.errors)")
        let seed = try run("- name: one\n  record: {a: 1}\n  cache:\n    ns: {k: {nested: 1}}\n")
        #expect(seed.status == 2)
        #expect(seed.errors.contains("cases.yml:4: 'cache.ns.k'"), "\(seed.errors)")
    }

    @Test func noDetectionFound() throws {
        let result = try workspace.host(["test", "nowhere"])
        #expect(result.status == 2)
        #expect(result.errors.contains("nowhere: no such file or directory"), "\(result.errors)")
    }

    @Test func aDetectionThatDoesNotLoad() throws {
        try workspace.write("detections/broken/detect.py", "def detect(record):\n    return (\n")
        let result = try workspace.host(["test", "detections"])
        #expect(result.status == 2)
        #expect(result.errors.contains("detections/broken/detect.py:"), "\(result.errors)")
        #expect(result.errors.contains("SyntaxError"), "\(result.errors)")
    }
}
