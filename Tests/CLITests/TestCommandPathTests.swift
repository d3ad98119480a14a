import Foundation
import Testing

/// Which detections `detection-host test` looks at: PATH as for `run` (DESIGN §8).
@Suite final class TestCommandPathTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
        try workspace.write("one/first/detect.py", "def detect(record):\n    return True\n")
        try workspace.write("one/first/tests/a.yml", "name: matches\nrecord: {a: 1}\nexpect: true\n")
        try workspace.write("two/second/detect.py", "def detect(record):\n    return False\n")
        try workspace.write("two/second/detection.yml", "enabled: false\ntests:\n  - {name: quiet, record: {a: 1}, expect: false}\n")
        try workspace.write("lone.py", "def detect(record):\n    return True\n")
    }

    @Test func everyPathGivenAndDisabledDetectionsToo() throws {
        let result = try workspace.host(["test", "one", "two", "lone.py", "--verbose"])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(result.output.contains("PASS first::matches"))
        #expect(result.output.contains("PASS second::quiet"), "a disabled detection is tested: \(result.output)")
        #expect(result.output.contains("detections without test cases: lone"), "\(result.output)")
        #expect(result.output.hasSuffix("2 passed, 0 failed\n"))
    }

    @Test func theDefaultPathIsDetections() throws {
        try workspace.write("detections/third/detect.py", "def detect(record):\n    return True\n")
        try workspace.write("detections/third/tests/a.json", #"[{"name": "j", "record": {"a": 1}, "expect": true}]"#)
        let result = try workspace.host(["test"])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(result.output.hasSuffix("1 passed, 0 failed\n"))
    }

    @Test func requireTestsInJSONIsAnObjectWithoutName() throws {
        let result = try workspace.host(["test", "lone.py", "--require-tests", "--json"])
        #expect(result.status == 1)
        let rows = try result.rows()
        #expect(rows.count == 1)
        #expect(rows.first?["detection"] as? String == "lone")
        #expect(rows.first?["name"] is NSNull)
        #expect(rows.first?["outcome"] as? String == "failed")
    }

    @Test func testsInDetectionYmlMustBeAList() throws {
        try workspace.write("two/second/detection.yml", "tests:\n  name: not a list\n")
        let result = try workspace.host(["test", "two"])
        #expect(result.status == 2)
        #expect(result.errors.contains("two/second/detection.yml:2: 'tests' must be a list"), "\(result.errors)")
    }
}
