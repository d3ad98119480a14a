import Foundation
import Testing

/// `detection-host run` on a panther-analysis checkout (DESIGN §9): `--log-type` picks the rules
/// and gives raw records their `p_log_type` (and so their data model); caching rules keep state
/// across records; disabled rules and policies do not run.
@Suite final class PantherRunCommandTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
        try PantherFixture.write(into: workspace)
    }

    let records = """
        {"action": "login", "actor": {"name": "admin"}, "client": {"address": "10.1.1.1"}}
        {"action": "fail", "actor": {"name": "bob"}}
        {"action": "fail", "actor": {"name": "bob"}}
        {"action": "fail", "actor": {"name": "bob"}}

        """

    @Test func logTypeSelectsRulesAndGivesRecordsTheirDataModel() throws {
        let outcome = try workspace.host(["run", "checkout", "--log-type", "Acme.Audit"], input: records)
        #expect(outcome.status == 0, "\(outcome.errors)")
        let rows = try outcome.rows()
        let admin = try #require(rows.first { $0["detection"] as? String == "Acme.Admin.Login" }, "\(rows)")
        #expect(admin["title"] as? String == "admin logged in from 10.1.1.1")
        #expect(admin["dedupe"] as? String == "admin")
        #expect(admin["severity"] as? String == "high")
        #expect(admin["line"] as? Int == 1)
        #expect(!rows.contains { $0["detection"] as? String == "Acme.Disabled" }, "a disabled rule does not run")
        #expect(!rows.contains { $0["detection"] as? String == "Acme.Bucket.Private" }, "a policy does not run on logs")
        #expect(outcome.errors.contains("1 disabled"))
    }

    @Test func aLogTypeNoRuleListsStopsTheRunNamingTheKnownOnes() throws {
        let outcome = try workspace.host(["run", "checkout", "--log-type", "Acme.Adit"], input: records)
        #expect(outcome.status == 2, "\(outcome.errors)")
        #expect(outcome.errors.contains("--log-type Acme.Adit: no enabled rule lists it"), "\(outcome.errors)")
        #expect(outcome.errors.contains("Acme.Audit"), "the log types the rules do list are named")
        #expect(outcome.output.isEmpty)
    }

    @Test func cachingRulesCountAcrossRecordsOnEveryLocalStore() throws {
        for cache in ["memory:", "sqlite:\(workspace.path("kv.db"))"] {
            let outcome = try workspace.host(["run", "checkout", "--log-type", "Acme.Audit", "--cache", cache], input: records)
            #expect(outcome.status == 0, "\(outcome.errors)")
            let failures = try outcome.rows().filter { $0["detection"] as? String == "Acme.Repeated.Failures" }
            #expect(failures.map { $0["line"] as? Int } == [4], "\(cache): \(failures)")
            #expect(failures.first?["dedupe"] as? String == "defaultDedupString:Acme.Repeated.Failures")
            try? FileManager.default.removeItem(atPath: workspace.path("kv.db"))
        }
    }

    @Test func alertContextHoldsTheEventsValuesAsJSON() throws {
        try workspace.write("checkout/rules/acme_rules/acme_context.yml", """
            AnalysisType: rule
            RuleID: Acme.Context
            Filename: acme_context.py
            Severity: Low
            LogTypes: [Acme.Audit]
            """)
        try workspace.write("checkout/rules/acme_rules/acme_context.py", """
            def rule(event):
                return event.get("action") == "context"

            def alert_context(event):
                return {"actor": event.get("actor"), "tags": event.get("tags")}
            """)
        let outcome = try workspace.host(["run", "checkout", "--log-type", "Acme.Audit"],
                                         input: #"{"action": "context", "actor": {"name": "a"}, "tags": ["x", "y"]}"# + "\n")
        let row = try #require(try outcome.rows().first { $0["detection"] as? String == "Acme.Context" }, "\(outcome.errors)")
        let context = try #require(row["alert_context"] as? [String: Any])
        #expect((context["actor"] as? [String: Any])?["name"] as? String == "a")
        #expect(context["tags"] as? [String] == ["x", "y"])
    }

    @Test func theDedupPeriodFollowsTheEventsOwnTime() throws {
        // DedupPeriodMinutes: 30 on Acme.Admin.Login: the second login joins the first alert,
        // the third, two hours later by p_event_time (no zone: UTC, as Panther writes it), opens another.
        let logins = ["2024-05-01 10:00:00.000", "2024-05-01 10:10:00.000", "2024-05-01 12:10:00.000"].map {
            #"{"action": "login", "actor": {"name": "admin"}, "p_event_time": "\#($0)"}"#
        }.joined(separator: "\n") + "\n"
        let outcome = try workspace.host(["run", "checkout", "--log-type", "Acme.Audit"], input: logins)
        let rows = try outcome.rows().filter { $0["detection"] as? String == "Acme.Admin.Login" }
        #expect(rows.count == 3, "\(outcome.errors)")
        #expect(rows.map { $0["match_count"] as? Int } == [1, 2, 1])
        #expect(Set(rows.compactMap { $0["alert_id"] as? String }).count == 2)
    }
}
