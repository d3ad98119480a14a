import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `detection-host test` options (DESIGN §8): `--filter`, `--json`, `--junit`, `--verbose`,
/// `--require-tests`, and the exit statuses they lead to.
@Suite final class TestCommandOptionsTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
        try workspace.write("detections/admin/detect.py", """
            def detect(record):
                print("looking at", record["user"])
                return record["user"] == "admin"
            """)
        try workspace.write("detections/admin/detection.yml", """
            name: admin_login
            tests:
              - name: admin matches
                record: {user: admin}
                expect: true
            """)
        try workspace.write("detections/admin/tests/more.yaml", """
            - name: guest does not match
              record: {user: guest}
              expect: false
            - name: Broken <case> & "quotes"
              record: {user: guest}
              expect: true
            """)
        try workspace.write("detections/admin/tests/README.md", "Not a case file.\n")
        try workspace.write("detections/untested/detect.py", "def detect(record):\n    return False\n")
    }

    @Test func casesComeFromDetectionYmlAndTheTestsFolder() throws {
        let result = try workspace.host(["test", "detections", "--verbose"])
        #expect(result.status == 1)
        #expect(result.output.contains("PASS admin_login::admin matches"), "\(result.output)")
        #expect(result.output.contains("PASS admin_login::guest does not match"), "\(result.output)")
        #expect(result.output.contains("FAIL admin_login::Broken <case> & \"quotes\""), "\(result.output)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.last == "2 passed, 1 failed", "\(result.output)")
        #expect(lines.contains("detections without test cases: untested"), "\(result.output)")
    }

    @Test func passesAreOneSummaryLineWithoutVerbose() throws {
        let result = try workspace.host(["test", "detections"])
        #expect(!result.output.contains("PASS"), "\(result.output)")
        #expect(!result.output.contains("\u{1B}["), "no colour when standard output is not a terminal")
    }

    @Test func whatTheDetectionPrintedIsShownWithItsFailure() throws {
        let result = try workspace.host(["test", "detections"])
        #expect(result.output.contains("| looking at guest"), "\(result.output)")
        #expect(result.output.components(separatedBy: "looking at").count == 2, "only the failed case's output: \(result.output)")
    }

    @Test func filterKeepsMatchingCasesAndCountsTheRestSkipped() throws {
        let result = try workspace.host(["test", "detections", "--filter", "ADMIN_LOGIN::GUEST"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.split(separator: "\n").last == "1 passed, 0 failed, 2 skipped", "\(result.output)")
    }

    @Test func requireTestsFailsADetectionWithoutCases() throws {
        let result = try workspace.host(["test", "detections", "--filter", "admin matches", "--require-tests"])
        #expect(result.status == 0, "the filter leaves the detection without cases out: \(result.output)")
        let required = try workspace.host(["test", "detections/untested", "--require-tests"])
        #expect(required.status == 1)
        #expect(required.output.contains("FAIL untested"), "\(required.output)")
        #expect(required.output.split(separator: "\n").last == "0 passed, 1 failed", "\(required.output)")
        let lenient = try workspace.host(["test", "detections/untested"])
        #expect(lenient.status == 0)
        #expect(lenient.output.split(separator: "\n").last == "0 passed, 0 failed", "\(lenient.output)")
    }

    @Test func jsonIsOneObjectPerCase() throws {
        let result = try workspace.host(["test", "detections", "--json"])
        #expect(result.status == 1)
        let rows = try result.rows()
        #expect(rows.count == 3)
        #expect(rows.map { $0["name"] as? String } == ["admin matches", "guest does not match", "Broken <case> & \"quotes\""])
        #expect(rows.map { $0["outcome"] as? String } == ["passed", "passed", "failed"])
        #expect(rows.allSatisfy { $0["detection"] as? String == "admin_login" && $0["duration_ms"] is NSNumber })
        #expect((rows[0]["file"] as? String)?.hasSuffix("detections/admin/detection.yml") == true)
        #expect((rows[2]["file"] as? String)?.hasSuffix("detections/admin/tests/more.yaml") == true)
        #expect(rows[0]["message"] is NSNull)
        #expect((rows[2]["message"] as? String)?.contains("no match") == true)
        #expect(result.errors.contains("2 passed, 1 failed"))
    }

    @Test func junitIsXMLThatCIReads() throws {
        let result = try workspace.host(["test", "detections", "--junit", "report.xml"])
        #expect(result.status == 1)
        let data = try #require(FileManager.default.contents(atPath: workspace.path("report.xml")))
        let reader = JUnitReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        #expect(parser.parse(), "\(String(decoding: data, as: UTF8.self))")
        #expect(reader.suites.count == 1)
        let suite = try #require(reader.suites.first)
        #expect(suite["name"] == "admin_login" && suite["tests"] == "3" && suite["failures"] == "1", "\(suite)")
        #expect(reader.cases.map { $0["name"] } == ["admin matches", "guest does not match", "Broken <case> & \"quotes\""])
        #expect(reader.cases.allSatisfy { $0["classname"] == "admin_login" && $0["time"] != nil })
        #expect(reader.failures.count == 1)
        #expect(reader.failures.first?.contains("no match") == true)
    }
}

/// Collects the elements of a JUnit file.
final class JUnitReader: NSObject, XMLParserDelegate {
    var suites: [[String: String]] = []
    var cases: [[String: String]] = []
    var failures: [String] = []

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch element {
        case "testsuite": suites.append(attributes)
        case "testcase": cases.append(attributes)
        case "failure": failures.append(attributes["message"] ?? "")
        default: break
        }
    }
}
