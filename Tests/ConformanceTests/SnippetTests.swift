import Foundation
import Testing

/// Each snippet of both published pages, run verbatim inside `detection-host python`, does what
/// the page says, statement by statement (`Fixtures/snippets/walkthrough.py` runs them and
/// reports each statement's value and the cache after it).
@Suite struct SnippetTests {
    static let john = "john@example.com"

    static func handle(_ namespace: String, ttl: Int = 3600) -> String {
        "\"RemoteCache('\(namespace)', ttl=\(ttl))\""
    }

    static func stringSet(_ members: [String]) -> String {
        "{\"set\": [\(members.map { "\"\($0)\"" }.joined(separator: ", "))], \"type\": \"StringSet\"}"
    }

    static func cache(_ namespace: String, _ value: String) -> String {
        "{\"\(namespace)\": {\"\(john)\": \(value)}}"
    }

    static func step(_ line: Int, _ value: String, _ cache: String = "{}") -> String {
        "{\"line\": \(line), \"value\": \(value), \"cache\": \(cache)}"
    }

    /// What the page says each snippet does, one step per statement.
    static func expectedTrace(_ snippet: Fixtures.Snippet) -> [String] {
        let seeded = cache("UserIp", stringSet(["1.1.1.1"]))
        switch snippet {
        case .using:
            return [step(1, "null"), step(3, handle("UserIp"))]
        case .ttl:
            return [step(1, handle("UserIp", ttl: 86400))]
        case .adding:
            // set("1.1.1.1") is the set of its characters, as the page literally writes it.
            return [step(1, handle("UserIp")), step(2, "null", cache("UserIp", stringSet([".", "1"])))]
        case .getting:
            return [step(1, handle("UserIp"), seeded), step(2, stringSet(["1.1.1.1"]), seeded), step(3, stringSet(["1.1.1.1"]), seeded)]
        case .removing:
            return [step(1, handle("UserIp"), seeded), step(2, "null")]
        case .counter:
            return [step(1, handle("UserFailure")), step(3, "1", cache("UserFailure", "1")), step(4, "11", cache("UserFailure", "11")),
                    step(6, "10", cache("UserFailure", "10")), step(7, "0", cache("UserFailure", "0"))]
        case .stringSet:
            return [step(1, handle("UserIp")),
                    step(4, stringSet(["1.1.1.1"]), cache("UserIp", stringSet(["1.1.1.1"]))),
                    step(5, stringSet(["1.1.1.1", "8.8.8.8"]), cache("UserIp", stringSet(["1.1.1.1", "8.8.8.8"]))),
                    step(6, stringSet(["8.8.8.8"]), cache("UserIp", stringSet(["8.8.8.8"]))),
                    step(7, stringSet([]))]
        }
    }

    /// JSON text in one canonical form (sorted keys), for comparing documents.
    static func canonical(_ json: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
    }

    @Test(arguments: Fixtures.Page.allCases, Fixtures.Snippet.allCases)
    func eachSnippetDoesWhatThePageSays(page: Fixtures.Page, snippet: Fixtures.Snippet) throws {
        var arguments = ["python", Fixtures.walkthrough.path]
        if snippet == .getting || snippet == .removing { arguments.append("--seed") }
        // The later snippets use the name the page's first snippet imported.
        if snippet != .using { arguments.append(page.snippet(.using).path) }
        arguments.append(page.snippet(snippet).path)
        let result = try HostProcess.run(arguments)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors.isEmpty, "\(result.errors)")
        let expected = "[" + Self.expectedTrace(snippet).joined(separator: ", ") + "]"
        #expect(try Self.canonical(result.output) == Self.canonical(expected))
    }

    @Test(arguments: Fixtures.Page.allCases)
    func theFirstSnippetRunsOnItsOwnAsAScript(page: Fixtures.Page) throws {
        let result = try HostProcess.run(["python", page.snippet(.using).path])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.isEmpty && result.errors.isEmpty, "\(result.output)\(result.errors)")
    }

    @Test(arguments: Fixtures.Page.allCases)
    func theExampleDetectionsImportAsScripts(page: Fixtures.Page) throws {
        for detection in page.detections {
            let result = try HostProcess.run(["python", detection])
            #expect(result.status == 0, "\(detection): \(result.errors)")
        }
    }
}
