import Foundation
import Testing

/// Every case of `detection-host test` runs alone (DESIGN §8): the cache, the alerts and the
/// mocks of one case never reach the next.
@Suite final class TestCommandIsolationTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
        try workspace.write("detections/counting/detect.py", """
            from detection import remote_cache

            counts = remote_cache("counts")
            calls = []

            def source():
                return "real"

            def detect(record):
                counts.increment_counter("n")
                return True

            def alert_context(record):
                return {"n": counts["n"], "source": source()}
            """)
    }

    @Test func aCaseThatFillsTheCacheDoesNotLeakIntoTheNext() throws {
        try workspace.write("detections/counting/tests/cases.yml", """
            - name: first fills
              records: [{a: 1}, {a: 2}, {a: 3}]
              cache:
                other: {left: over}
              expect:
                alert_context: {n: 3, source: real}
                cache: {counts: {n: 3}}
            - name: second starts empty
              record: {a: 1}
              expect:
                alert_context: {n: 1, source: real}
                cache: {counts: {n: 1}, other: {left: null}}
            """)
        let result = try workspace.host(["test", "detections"])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(result.output.hasSuffix("2 passed, 0 failed\n"))
    }

    @Test func alertingStartsAfreshInEachCase() throws {
        try workspace.write("detections/counting/tests/cases.yml", """
            - name: first
              records: [{a: 1, ts: 1700000000}, {a: 2, ts: 1700000001}]
              expect:
                alerts: [{dedupe: counting, activated: true, match_count: 2}]
            - name: second
              record: {a: 3, ts: 1700000002}
              expect:
                alerts: [{dedupe: counting, activated: true, match_count: 1}]
            """)
        let result = try workspace.host(["test", "detections"])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
    }

    @Test func aMockEndsWithItsCaseEvenWhenTheCaseFails() throws {
        try workspace.write("detections/counting/tests/cases.yml", """
            - name: mocked and failing
              record: {a: 1}
              mocks: {source: fake}
              expect: {alert_context: {n: 1, source: other}}
            - name: real again
              record: {a: 1}
              expect: {alert_context: {n: 1, source: real}}
            """)
        let result = try workspace.host(["test", "detections"])
        #expect(result.status == 1)
        #expect(result.output.contains("FAIL counting::mocked and failing"))
        #expect(result.output.contains("\"fake\""), "\(result.output)")
        #expect(!result.output.contains("FAIL counting::real again"), "\(result.output)")
    }
}
