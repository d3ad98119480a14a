import Foundation
import Testing

/// `detection-host test` on a panther-analysis checkout (DESIGN §9): Panther's verdicts per
/// `RuleID::test name`, through the §8 report.
@Suite final class PantherTestCommandTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
        try PantherFixture.write(into: workspace)
    }

    func results(_ extra: [String] = []) throws -> (Workspace.Outcome, [String: [String: Any]]) {
        let outcome = try workspace.host(["test", "checkout", "--json"] + extra)
        var byName: [String: [String: Any]] = [:]
        for row in try outcome.rows() {
            byName["\(row["detection"] ?? "")::\(row["name"] ?? "")"] = row
        }
        return (outcome, byName)
    }

    /// A rule of Acme.Audit logs in the fixture's rules folder: `tests` are the YAML lines of its
    /// `Tests:` list, `python` its file.
    func writeRule(_ id: String, file: String, tests: String, python: String) throws {
        try workspace.write("checkout/rules/acme_rules/\(file).yml", """
            AnalysisType: rule
            RuleID: \(id)
            Filename: \(file).py
            Severity: Low
            LogTypes: [Acme.Audit]
            Tests:
            \(tests)
            """)
        try workspace.write("checkout/rules/acme_rules/\(file).py", python)
    }

    func passed(_ rows: [String: [String: Any]], _ key: String) -> Bool? {
        rows[key].map { ($0["outcome"] as? String) == "passed" }
    }

    @Test func verdictsAreThoseOfPanthersTool() throws {
        let (outcome, rows) = try results()
        #expect(outcome.status == 1, "one case is written to fail")
        #expect(passed(rows, "Acme.Admin.Login::admin logs in") == true, "\(rows["Acme.Admin.Login::admin logs in"] ?? [:])")
        #expect(passed(rows, "Acme.Admin.Login::guest does not match") == true)
        #expect(passed(rows, "Acme.Admin.Login::wrong expectation") == false)
        #expect(passed(rows, "Acme.Bucket.Private::private bucket is compliant") == true)
        #expect(passed(rows, "Acme.Bucket.Private::public bucket is not") == true)
        #expect(passed(rows, "Acme.Disabled::still tested") == true, "Panther's tool tests disabled rules too")
        #expect(rows.keys.allSatisfy { !$0.hasPrefix("Template.") }, "templates/ is left out")
        #expect(outcome.errors.contains("correlation rule"))
        #expect(outcome.errors.contains("Acme.Chain"))
    }

    @Test func aFailingExpectedResultIsReportedWithTheRuleAndCaseName() throws {
        let outcome = try workspace.host(["test", "checkout"])
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("FAIL Acme.Admin.Login::wrong expectation"))
        #expect(outcome.output.contains("rule()"))
        #expect(outcome.output.contains("acme_admin_login.yml"))
        let last = outcome.output.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasSuffix("passed, 1 failed") || last.contains("passed, 2 failed"), "\(last)")
    }

    @Test func mocksAreMagicMocksAndAMissingNameFailsTheCase() throws {
        let (_, rows) = try results()
        #expect(passed(rows, "Acme.Admin.Login::allowlist mocked") == true)
        #expect(passed(rows, "Acme.Admin.Login::mock of a missing global") == false)
        let message = rows["Acme.Admin.Login::mock of a missing global"]?["message"] as? String ?? ""
        #expect(message.contains("NOT_THERE"))
    }

    @Test func theEventKeepsPanthersQuirks() throws {
        // Case-insensitive lookup, immutability, deep_get's default on None, deep_walk,
        // deepget and udm_path: the rule asserts each and returns True only if all hold.
        let (_, rows) = try results()
        #expect(passed(rows, "Acme.Event.Checks::event quirks") == true, "\(rows["Acme.Event.Checks::event quirks"] ?? [:])")
    }

    @Test func udmByPathAndMethodAndTheExpectedValues() throws {
        // ExpectedTitle uses udm by path (actor_user) and by method (source_ip).
        let (_, rows) = try results(["--filter", "admin logs in"])
        #expect(passed(rows, "Acme.Admin.Login::admin logs in") == true, "\(rows)")
        #expect(rows.count == 1)
    }

    @Test func aWrongExpectedTitleFails() throws {
        let spec = workspace.path("checkout/rules/acme_rules/acme_admin_login.yml")
        let text = try String(contentsOfFile: spec, encoding: .utf8)
        try workspace.write("checkout/rules/acme_rules/acme_admin_login.yml",
                            text.replacingOccurrences(of: "ExpectedTitle: admin logged in from 10.1.1.1", with: "ExpectedTitle: someone else"))
        let outcome = try workspace.host(["test", "checkout", "--filter", "admin logs in"])
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("title()"))
        #expect(outcome.output.contains("someone else"))
    }

    @Test func cachingRulesRunOnAFreshCacheInEachCase() throws {
        let (_, rows) = try results(["--filter", "Acme.Repeated"])
        #expect(passed(rows, "Acme.Repeated.Failures::third failure in one case") == true, "\(rows)")
        #expect(passed(rows, "Acme.Repeated.Failures::a fresh cache for each case") == true, "\(rows)")
    }

    @Test func hostCasesBesideARuleRunRecordSequencesOnASeededCache() throws {
        // tests/<rule file stem>.yml beside a Panther rule: DESIGN §8 cases, run as `run` runs it.
        let (outcome, rows) = try results(["--filter", "Acme.Repeated"])
        #expect(passed(rows, "Acme.Repeated.Failures::three failures in a row") == true, "\(rows)")
        #expect(passed(rows, "Acme.Repeated.Failures::a seeded counter") == true, "\(rows)")
        #expect(passed(rows, "Acme.Repeated.Failures::get_counter mocked") == true, "\(rows)")
        #expect(outcome.status == 0, "\(outcome.errors)")
    }

    @Test func theCachingFunctionsKeepPanthersSignaturesAndResults() throws {
        try writeRule("Acme.Caching.API", file: "acme_caching_api", tests: """
              - Name: every function
                ExpectedResult: true
                Log: {user: zoe}
            """, python: """
            import time

            from panther_detection_helpers import caching


            def rule(event):
                user = event.get("user")
                assert caching.get_counter(user) == 0
                assert caching.increment_counter(user, 2) == 2
                assert caching.increment_counter(user, val=3, epoch_seconds=3600) == 5
                caching.reset_counter(user)
                assert caching.get_counter(user) == 0
                assert caching.add_to_string_set("ips", "1.1.1.1") == {"1.1.1.1"}
                assert caching.add_to_string_set("ips", ["2.2.2.2"], epoch_seconds=int(time.time()) + 60) == {"1.1.1.1", "2.2.2.2"}
                assert caching.remove_from_string_set("ips", "1.1.1.1") == {"2.2.2.2"}
                assert type(caching.get_string_set("ips")) is set
                caching.reset_string_set("ips")
                assert caching.get_string_set("ips") == set()
                caching.put_string_set("ips", ["3.3.3.3"])
                assert caching.check_account_age("ips") and not caching.check_account_age("")
                caching.put_dictionary("profile", {"city": "Oslo", "seen": [1, 2]})
                assert caching.get_dictionary("profile") == {"city": "Oslo", "seen": [1, 2]}
                assert caching.get_dictionary("missing") == {}
                assert [caching.evaluate_threshold("burst", threshold=3) for _ in range(4)] == [False, False, True, False]
                assert not caching.ttl_expired({"Item": {"expiresAt": time.time() + 60}})
                assert caching.ttl_expired({"Item": {"expiresAt": time.time() - 60}})
                return True
            """)
        let (_, rows) = try results(["--filter", "Acme.Caching.API"])
        #expect(passed(rows, "Acme.Caching.API::every function") == true, "\(rows)")
    }

    @Test func junitNamesTheRule() throws {
        let outcome = try workspace.host(["test", "checkout", "--junit", "report.xml"])
        #expect(outcome.status == 1)
        let xml = try String(contentsOfFile: workspace.path("report.xml"), encoding: .utf8)
        #expect(xml.contains("Acme.Admin.Login"))
        #expect(xml.contains("wrong expectation"))
    }

    @Test func aMissingPackageNamesTheModuleTheRuleAndTheFix() throws {
        try writeRule("Acme.Needs.Package", file: "acme_needs_package", tests: """
              - Name: any
                ExpectedResult: false
                Log: {}
            """, python: "import no_such_package_here\n\ndef rule(event):\n    return False\n")
        let outcome = try workspace.host(["test", "checkout", "--filter", "Acme.Needs"])
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("no_such_package_here"))
        #expect(outcome.output.contains("Acme.Needs.Package"))
        #expect(outcome.output.contains("pip install"))
    }
}
