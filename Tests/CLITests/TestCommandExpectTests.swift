import Foundation
import Testing

/// `detection-host test` end to end: each `expect` key of DESIGN §8 passes when the detection
/// does what the case says, and fails, naming expected and actual, when it does not.
@Suite final class TestCommandExpectTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
        try workspace.write("detections/logins/detect.py", """
            from detection import remote_cache

            seen = remote_cache("logins")

            def detect(record):
                if record.get("crash"):
                    raise KeyError(record["crash"])
                seen.increment_counter(record.deepget("user.name"))
                return record.get("event") == "login"

            def title(record):
                return "login by " + record.deepget("user.name")

            def dedupe(record):
                return record.deepget("user.name")

            def severity(record):
                return "HIGH" if record.deepget("user.name") == "root" else "low"

            def description(record):
                return "someone logged in"

            def runbook(record):
                return "call them"

            def reference(record):
                return "https://example.com/logins"

            def destinations(record):
                return ["slack"]

            def alert_context(record):
                return {"user": record.deepget("user.name"), "ip": record.get("ip"), "n": 1}
            """)
    }

    /// Writes the cases and runs `test` on the detection.
    func run(_ cases: String, _ extra: [String] = []) throws -> Workspace.Outcome {
        try workspace.write("detections/logins/tests/cases.yml", cases)
        return try workspace.host(["test", "detections"] + extra)
    }

    let login = "{event: login, user: {name: alice}, ip: 10.0.0.1}"

    @Test func everyFieldPassesWhenItMatches() throws {
        let result = try run("""
            - name: all fields
              record: \(login)
              expect:
                match: true
                title: login by alice
                dedupe: alice
                severity: low
                description: someone logged in
                runbook: call them
                reference: https://example.com/logins
                destinations: [slack]
                alert_context: {user: alice, ip: 10.0.0.1, n: 1}
            """)
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(result.output.hasSuffix("1 passed, 0 failed\n"), "\(result.output)")
    }

    @Test func aDifferingFieldShowsExpectedAgainstActual() throws {
        let result = try run("""
            - name: wrong title
              record: \(login)
              expect: {title: login by bob, severity: high}
            """)
        #expect(result.status == 1)
        #expect(result.output.contains("FAIL logins::wrong title"), "\(result.output)")
        let titleLine = try #require(result.output.split(separator: "\n").first { $0.contains("title") && $0.contains("expected") == false && $0.contains("bob") })
        #expect(titleLine.contains("\"login by bob\"") && titleLine.contains("\"login by alice\""), "\(result.output)")
        #expect(result.output.contains("\"high\"") && result.output.contains("\"low\""), "\(result.output)")
        #expect(result.output.hasSuffix("0 passed, 1 failed\n"))
    }

    @Test func alertContextDiffNamesOnlyTheKeysThatDiffer() throws {
        let result = try run("""
            - name: context
              record: \(login)
              expect:
                alert_context: {user: alice, ip: 10.9.9.9, n: 1, extra: x}
            """)
        #expect(result.status == 1)
        #expect(result.output.contains("alert_context.ip"), "\(result.output)")
        #expect(result.output.contains("alert_context.extra"), "\(result.output)")
        #expect(!result.output.contains("alert_context.user"), "\(result.output)")
        #expect(!result.output.contains("alert_context.n "), "\(result.output)")
    }

    @Test func aBoolExpectationChecksTheMatch() throws {
        let result = try run("""
            - name: matches
              record: \(login)
              expect: true
            - name: does not match
              record: {event: logout, user: {name: alice}}
              expect: true
            """)
        #expect(result.status == 1)
        #expect(result.output.contains("FAIL logins::does not match"))
        #expect(!result.output.contains("FAIL logins::matches"))
        #expect(result.output.contains("no match"))
        #expect(result.output.hasSuffix("1 passed, 1 failed\n"))
    }

    @Test func aSequenceNamesThePositionThatDiffered() throws {
        let result = try run("""
            - name: sequence
              records:
                - \(login)
                - {event: logout, user: {name: alice}}
                - \(login)
              expect: [true, true, true]
            """)
        #expect(result.status == 1)
        #expect(result.output.contains("record 2"), "\(result.output)")
        #expect(!result.output.contains("record 1 "), "\(result.output)")
        #expect(!result.output.contains("record 3"), "\(result.output)")
    }

    @Test func matchesInAMappingAndTheFieldsOfTheLastMatch() throws {
        let result = try run("""
            - name: last match
              records:
                - {event: login, user: {name: alice}}
                - {event: login, user: {name: root}}
                - {event: logout, user: {name: bob}}
              expect:
                matches: [true, true, false]
                title: login by root
                severity: high
            """)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func raisesPassesOnlyForTheNamedException() throws {
        let result = try run("""
            - name: raises KeyError
              record: {crash: boom}
              expect: {raises: KeyError}
            - name: raises nothing
              record: \(login)
              expect: {raises: KeyError}
            - name: raises another
              record: {crash: boom}
              expect: {raises: ValueError}
            """)
        #expect(result.status == 1)
        #expect(!result.output.contains("FAIL logins::raises KeyError"))
        #expect(result.output.contains("FAIL logins::raises nothing"))
        #expect(result.output.contains("nothing raised"))
        #expect(result.output.contains("FAIL logins::raises another"))
        #expect(result.output.hasSuffix("1 passed, 2 failed\n"), "\(result.output)")
    }

    @Test func anUnexpectedExceptionShowsItsTracebackIntoTheDetectionsFile() throws {
        let result = try run("""
            - name: crash
              record: {crash: boom}
              expect: false
            """)
        #expect(result.status == 1)
        #expect(result.output.contains("detect() raised KeyError"), "\(result.output)")
        #expect(result.output.contains("detections/logins/detect.py\", line 7"), "\(result.output)")
    }

    @Test func anOptionalFunctionThatRaisesFailsTheCase() throws {
        let result = try run("""
            - name: no user
              record: {event: login}
              expect: true
            """)
        #expect(result.status == 1)
        #expect(result.output.contains("record 1: title() raised TypeError"), "\(result.output)")
        #expect(result.output.contains("detections/logins/detect.py\", line 12, in title"), "\(result.output)")
    }

    @Test func alertsAreTheFinalStateOfEachAlertOpened() throws {
        try workspace.write("detections/logins/detection.yml", "alert:\n  threshold: 2\n")
        let passing = try run("""
            - name: alerts
              records:
                - {event: login, user: {name: alice}, ts: 1700000000}
                - {event: login, user: {name: bob}, ts: 1700000010}
                - {event: login, user: {name: alice}, ts: 1700000020}
              expect:
                alerts:
                  - {dedupe: alice, activated: true, match_count: 2, title: login by alice, severity: low}
                  - {dedupe: bob, activated: false, match_count: 1}
            """)
        #expect(passing.status == 0, "\(passing.output)")
        let failing = try run("""
            - name: alerts
              records:
                - {event: login, user: {name: alice}, ts: 1700000000}
                - {event: login, user: {name: alice}, ts: 1700009000}
              expect:
                alerts:
                  - {dedupe: alice, activated: true, match_count: 2}
            """)
        #expect(failing.status == 1)
        #expect(failing.output.contains("alerts[1].match_count"), "\(failing.output)")
        #expect(failing.output.contains("alerts[2]"), "\(failing.output)")
    }

    @Test func cacheSeedsAndAfterStateOfEveryKind() throws {
        try workspace.write("detections/kinds/detect.py", """
            from detection import remote_cache

            c = remote_cache("kinds")

            def detect(record):
                c["counter"] = c["counter"] + 1
                c["text"] = c["text"] + "!"
                c["flag"] = not c["flag"]
                c.add_to_string_set("set", "c")
                del c["gone"]
                return True
            """)
        try workspace.write("detections/kinds/tests/kinds.json", """
            {
            \t"name": "kinds",
            \t"cache": {"kinds": {"counter": 41, "text": "hi", "flag": true, "set": ["a", "b"], "gone": "x"}},
            \t"record": {"n": 1},
            \t"expect": {"match": true, "cache": {"kinds": {"counter": 42, "text": "hi!", "flag": false, "set": ["c", "b", "a"], "gone": null}}}
            }
            """)
        let passing = try workspace.host(["test", "detections", "--filter", "kinds::"])
        #expect(passing.status == 0, "\(passing.output)\(passing.errors)")
        try workspace.write("detections/kinds/tests/kinds.json", """
            {"name": "kinds", "record": {"n": 1},
             "cache": {"kinds": {"counter": 1, "text": "", "flag": false, "set": ["a"]}},
             "expect": {"cache": {"kinds": {"counter": 3, "set": ["a"], "never": 1}}}}
            """)
        let failing = try workspace.host(["test", "detections", "--filter", "kinds::"])
        #expect(failing.status == 1)
        #expect(failing.output.contains("cache kinds.counter"), "\(failing.output)")
        #expect(failing.output.contains("[\"a\",\"c\"]"), "\(failing.output)")
        #expect(failing.output.contains("cache kinds.never"), "\(failing.output)")
        #expect(failing.output.contains("(absent)"), "\(failing.output)")
    }

    @Test func nowSetsTheClockAndTsMovesIt() throws {
        try workspace.write("detections/clock/detect.py", """
            from detection import remote_cache

            window = remote_cache("window", ttl=60)

            def detect(record):
                return window.increment_counter("n") == 1
            """)
        try workspace.write("detections/clock/tests/clock.yml", """
            - name: a record past the ttl starts a new window
              now: 2024-05-01T12:00:00Z
              records:
                - {a: 1}
                - {a: 2, ts: 2024-05-01T12:00:30Z}
                - {a: 3, ts: 1714564861}
                - {a: 4}
              expect: [true, false, true, false]
            - name: now as epoch seconds
              now: 1714564800
              cache:
                window: {n: 5}
              record: {a: 1}
              expect: false
            """)
        let result = try workspace.host(["test", "detections", "--filter", "clock::"])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(result.output.hasSuffix("2 passed, 0 failed\n"), "\(result.output)")
    }

    @Test func mocksReplaceGlobalsAndAttributesAndAreUndone() throws {
        try workspace.write("detections/mocked/detect.py", """
            import string

            LIMIT = 3

            def lookup(user):
                return "unknown"

            class Directory:
                def owner(self):
                    return "nobody"

            directory = Directory()

            def detect(record):
                return True

            def alert_context(record):
                return {"role": lookup(record["user"]), "limit": LIMIT, "owner": directory.owner(), "digits": string.digits}
            """)
        try workspace.write("detections/mocked/tests/mocks.yml", """
            - name: mocked
              record: {user: bob}
              mocks: {lookup: admin, LIMIT: 10, directory.owner: alice, string.digits: "!"}
              expect:
                alert_context: {role: admin, limit: 10, owner: alice, digits: "!"}
            - name: undone
              record: {user: bob}
              expect:
                alert_context: {role: unknown, limit: 3, owner: nobody, digits: "0123456789"}
            """)
        let result = try workspace.host(["test", "detections/mocked"])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(result.output.hasSuffix("2 passed, 0 failed\n"), "\(result.output)")
    }
}
