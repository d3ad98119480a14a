/// A small panther-analysis checkout of our own, written into a workspace: a global helper, a
/// data model with a path and a method mapping, a rule with mocks, a caching rule, a policy, a
/// scheduled rule, a disabled rule, a correlation rule (skipped) and a template (left out).
enum PantherFixture {
    static func write(into workspace: Workspace, root: String = "checkout") throws {
        let files: [(String, String)] = [
            ("global_helpers/acme_helpers.yml", """
                AnalysisType: global
                GlobalID: acme_helpers
                Filename: acme_helpers.py
                """),
            ("global_helpers/acme_helpers.py", """
                def is_admin(name):
                    return name in ("root", "admin")
                """),
            ("data_models/acme_data_model.yml", """
                AnalysisType: datamodel
                DataModelID: Standard.Acme.Audit
                Filename: acme_data_model.py
                LogTypes:
                  - Acme.Audit
                Mappings:
                  - Name: actor_user
                    Path: $.actor.name
                  - Name: source_ip
                    Method: get_source_ip
                """),
            ("data_models/acme_data_model.py", """
                def get_source_ip(event):
                    return event.deep_get("client", "address", default="0.0.0.0")
                """),
            ("rules/acme_rules/acme_admin_login.yml", """
                AnalysisType: rule
                RuleID: Acme.Admin.Login
                Filename: acme_admin_login.py
                Enabled: true
                Severity: Medium
                DedupPeriodMinutes: 30
                Threshold: 1
                LogTypes:
                  - Acme.Audit
                Tests:
                  - Name: admin logs in
                    ExpectedResult: true
                    ExpectedTitle: admin logged in from 10.1.1.1
                    ExpectedDedup: admin
                    ExpectedSeverity: HIGH
                    ExpectedAlertContext: {ip: 10.1.1.1, user: admin}
                    Log: {p_log_type: Acme.Audit, Action: login, actor: {name: admin}, client: {address: 10.1.1.1}}
                  - Name: guest does not match
                    ExpectedResult: false
                    Log: {p_log_type: Acme.Audit, action: login, actor: {name: guest}}
                  - Name: wrong expectation
                    ExpectedResult: true
                    Log: {p_log_type: Acme.Audit, action: logout, actor: {name: admin}}
                  - Name: allowlist mocked
                    ExpectedResult: false
                    Mocks:
                      - objectName: ALLOWED
                        returnValue: "admin"
                    Log: {p_log_type: Acme.Audit, action: login, actor: {name: admin}}
                  - Name: mock of a missing global
                    ExpectedResult: false
                    Mocks:
                      - objectName: NOT_THERE
                        returnValue: "x"
                    Log: {p_log_type: Acme.Audit, action: login, actor: {name: guest}}
                """),
            ("rules/acme_rules/acme_admin_login.py", """
                from unittest.mock import MagicMock

                from acme_helpers import is_admin

                ALLOWED = ""


                def rule(event):
                    allowed = ALLOWED() if isinstance(ALLOWED, MagicMock) else ALLOWED
                    user = event.udm("actor_user")
                    return event.get("action") == "login" and is_admin(user) and user != allowed


                def title(event):
                    return f"{event.udm('actor_user')} logged in from {event.udm('source_ip')}"


                def dedup(event):
                    return event.deep_get("actor", "name")


                def severity(event):
                    return "HIGH"


                def alert_context(event):
                    return {"user": event.udm("actor_user"), "ip": event.udm("source_ip")}
                """),
            ("rules/acme_rules/acme_event_checks.yml", """
                AnalysisType: rule
                RuleID: Acme.Event.Checks
                Filename: acme_event_checks.py
                Severity: Low
                LogTypes: [Acme.Checks]
                Tests:
                  - Name: event quirks
                    ExpectedResult: true
                    Log: {p_log_type: Acme.Audit, Outer: {Inner: null, list: [{a: 1}, {a: 2}]}, actor: {name: x}}
                """),
            ("rules/acme_rules/acme_event_checks.py", """
                from collections.abc import Mapping, Sequence


                def rule(event):
                    outer = event["outer"]  # case-insensitive fallback
                    try:
                        outer["new"] = 1
                        return False
                    except TypeError:
                        pass
                    assert isinstance(outer, Mapping) and not isinstance(outer, dict)
                    assert isinstance(outer["list"], Sequence) and not isinstance(outer["list"], list)
                    assert event.deep_get("Outer", "Inner", default="none") == "none"
                    assert event.deep_walk("Outer", "list", "a") == [1, 2]
                    assert event.deepget("Outer.list.1.a") == 2
                    assert event.udm_path("actor_user") == "actor.name"
                    assert event.udm_path("source_ip") == "get_source_ip"
                    return True
                """),
            ("rules/acme_rules/acme_repeated_failures.yml", """
                AnalysisType: rule
                RuleID: Acme.Repeated.Failures
                Filename: acme_repeated_failures.py
                Severity: High
                LogTypes: [Acme.Audit]
                Tests:
                  - Name: third failure in one case
                    ExpectedResult: true
                    Log: {p_log_type: Acme.Audit, action: fail, actor: {name: bob}, repeat: 3}
                  - Name: a fresh cache for each case
                    ExpectedResult: false
                    Log: {p_log_type: Acme.Audit, action: fail, actor: {name: bob}, repeat: 1}
                """),
            ("rules/acme_rules/acme_repeated_failures.py", """
                from panther_detection_helpers.caching import add_to_string_set, get_counter, increment_counter


                def rule(event):
                    key = "failures-" + event.deep_get("actor", "name")
                    for _ in range(event.get("repeat", 1)):
                        count = increment_counter(key)
                    add_to_string_set("seen", event.deep_get("actor", "name"))
                    return count >= 3 and get_counter(key) == count
                """),
            ("rules/acme_rules/tests/acme_repeated_failures.yml", """
                - name: three failures in a row
                  records:
                    - {action: fail, actor: {name: carol}}
                    - {action: fail, actor: {name: carol}}
                    - {action: fail, actor: {name: carol}}
                  expect:
                    matches: [false, false, true]
                    dedupe: defaultDedupString:Acme.Repeated.Failures
                    cache: {panther: {failures-carol: 3, seen: [carol]}}
                - name: a seeded counter
                  cache: {panther: {failures-dave: 2}}
                  record: {action: fail, actor: {name: dave}}
                  expect: true
                - name: get_counter mocked
                  mocks: {get_counter: 0}
                  records:
                    - {action: fail, actor: {name: erin}, repeat: 3}
                  expect: [false]
                """),
            ("policies/acme_bucket_policy.yml", """
                AnalysisType: policy
                PolicyID: Acme.Bucket.Private
                Filename: acme_bucket_policy.py
                Severity: Critical
                ResourceTypes: [Acme.Bucket]
                Tests:
                  - Name: private bucket is compliant
                    ExpectedResult: true
                    Resource: {public: false}
                  - Name: public bucket is not
                    ExpectedResult: false
                    Resource: {public: true}
                """),
            ("policies/acme_bucket_policy.py", """
                def policy(resource):
                    return not resource["public"]
                """),
            ("rules/acme_rules/acme_disabled.yml", """
                AnalysisType: rule
                RuleID: Acme.Disabled
                Filename: acme_disabled.py
                Enabled: false
                Severity: Info
                LogTypes: [Acme.Audit]
                Tests:
                  - Name: still tested
                    ExpectedResult: true
                    Log: {anything: 1}
                """),
            ("rules/acme_rules/acme_disabled.py", "def rule(event):\n    return True\n"),
            ("correlation_rules/acme_chain.yml", """
                AnalysisType: correlation_rule
                RuleID: Acme.Chain
                Severity: High
                Detection:
                  - Sequence: []
                """),
            ("templates/example_rule.yml", """
                AnalysisType: rule
                RuleID: Template.Rule
                Filename: example_rule.py
                Tests:
                  - Name: never run
                    ExpectedResult: true
                    Log: {}
                """),
            ("templates/example_rule.py", "def rule(event):\n    return False\n"),
        ]
        for (path, text) in files {
            try workspace.write("\(root)/\(path)", text + "\n")
        }
    }
}
