import Foundation
import Testing

/// Where the conformance fixtures and the published examples live, found from this file.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The two published forms of the remote-cache page, as published.
    enum Page: String, CaseIterable, CustomTestStringConvertible {
        /// The Markdown source (`remote_cache`, `record.get(...)` chains).
        case markdown
        /// The page as readers see it (`remotecache`, `record.deepget`), indentation lost.
        case page

        var published: URL {
            directory.appendingPathComponent("published").appendingPathComponent(self == .markdown ? "remote-cache.md" : "remote-cache-page.txt")
        }

        func snippet(_ snippet: Snippet) -> URL {
            directory.appendingPathComponent("snippets").appendingPathComponent(rawValue).appendingPathComponent(snippet.rawValue + ".py")
        }

        /// The page's example detections that are valid Python, in page order, relative to the package.
        var detections: [String] {
            self == .markdown
                ? ["detections/access_denied_counter/detect.py"]
                : ["detections/access_denied_counter_deepget/detect.py", "detections/new_console_login_ip/detect.py"]
        }

        var testDescription: String { rawValue }
    }

    /// The snippets of the page's "Using the remote cache" section, in page order.
    enum Snippet: String, CaseIterable, CustomTestStringConvertible {
        case using, ttl, adding, getting, removing, counter
        case stringSet = "string_set"

        var testDescription: String { rawValue }
    }

    static let walkthrough = directory.appendingPathComponent("snippets").appendingPathComponent("walkthrough.py")
    /// The Markdown source's string-set example, kept verbatim: not valid Python as published.
    static let markdownStringSet = directory.appendingPathComponent("markdown_string_set")

    static func text(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }
}
