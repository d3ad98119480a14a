import Foundation
import Testing

/// A record a detection keeps after `detect` returns (in a global) stays what `json.loads` of its
/// line gives while later records are decoded — the record parity battery's "kept across calls"
/// case, run through `detection-host run` itself, where records come from the reader thread's
/// tapes and one decoder's reused buffers and string memos.
@Suite final class RunKeptRecordTests {
    let workspace: Workspace

    /// The first two are kept (whole; in parts); the later ones share their keys and short
    /// values, so that the decoder's memos hand out the same strings again.
    static let lines = [
        #"{"user": {"name": "alice", "groups": ["admin", "ops"]}, "action": "login", "n": 1, "f": 2.5, "big": 123456789012345678901234567890}"#,
        #"{"nested": {"user": "alice", "deep": {"x": [1, {"y": null}]}}, "list": [{"action": "login", "tags": []}, "ops", -0.0], "action": "logout"}"#,
        #"{"user": {"name": "bob", "groups": ["ops"]}, "action": "login", "n": 2}"#,
        #"{"user": {"name": "al\u0069ce \"quoted\""}, "action": "log\/in", "nested": {"user": "alice"}}"#,
        #"{"list": [{"action": "login", "tags": ["x"]}], "n": NaN, "action": "logout"}"#,
        #"{"user": {"name": "alice", "groups": ["admin", "ops"]}, "action": "login", "n": 1, "f": 2.5, "big": 123456789012345678901234567890}"#,
    ]

    init() throws {
        workspace = try Workspace()
        try workspace.write("kept.jsonl", Self.lines.joined(separator: "\n") + "\n")
        try workspace.write("kept.py", #"""
            import collections, copy, json, pickle

            lines = open("kept.jsonl", "rb").read().splitlines()
            kept = {}
            calls = []

            # Not named `reference`: that is the optional function giving a match's reference.
            def loaded(name):
                """What json.loads gives for the kept object `name`, freshly."""
                first, second = json.loads(lines[0]), json.loads(lines[1])
                return {"whole": first, "nested": second["nested"], "list": second["list"],
                        "item": second["list"][0], "deep": second["nested"]["deep"]}[name]

            EXPRESSIONS = [
                "repr(r)", "json.dumps(r)", "json.dumps(r, sort_keys=True, indent=2)",
                "json.dumps(r, separators=(',', ':'))", "r == j", "j == r", "len(r)", "list(r)",
                "isinstance(r, dict)", "pickle.loads(pickle.dumps(r)) == j", "copy.deepcopy(r) == j",
                "copy.copy(r) == j", "(dict(r) if isinstance(r, dict) else list(r)) == j",
                "list(r.items()) if isinstance(r, dict) else r[:]",
                "dict(collections.ChainMap(r)) if isinstance(r, dict) else None",
            ]

            def outcome(expression, r, j):
                try:
                    return ("value", repr(eval(expression, {"collections": collections, "copy": copy,
                                                            "json": json, "pickle": pickle, "r": r, "j": j})))
                except Exception as error:
                    return ("raised", type(error).__name__, str(error))

            def detect(record):
                call = len(calls)
                calls.append(record["action"])
                if call == 0:
                    kept["whole"] = record
                elif call == 1:
                    kept["nested"] = record["nested"]
                    kept["list"] = record["list"]
                    kept["item"] = record["list"][0]
                    kept["deep"] = record["nested"]["deep"]
                else:
                    for name, r in kept.items():
                        for expression in EXPRESSIONS:
                            mine = outcome(expression, r, loaded(name))
                            theirs = outcome(expression, loaded(name), loaded(name))
                            if mine != theirs:
                                raise AssertionError(f"kept {name}, after call {call}: {expression}: {mine} != {theirs}")
                return True
            """#)
    }

    @Test func aRecordKeptInAGlobalStaysWhatJsonLoadsGives() throws {
        let result = try workspace.host(["run", "kept.py", "--input", "kept.jsonl"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(!result.errors.contains("AssertionError"), "\(result.errors)")
        // Counted as lines: one record holds NaN, which Foundation's JSON refuses.
        #expect(result.output.split(separator: "\n").count == Self.lines.count, "\(result.errors)")
    }
}
