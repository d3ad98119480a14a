import Foundation
import Testing

/// The fixtures and `detections/` are the published examples verbatim: the Markdown source's
/// code blocks exactly, the page text's code with only its lost indentation restored.
@Suite struct PublishedTextTests {
    /// The ```python blocks of the Markdown source, in order.
    static func markdownBlocks() throws -> [String] {
        let parts = try Fixtures.text(Fixtures.Page.markdown.published).components(separatedBy: "```python\n")
        return parts.dropFirst().map { $0.components(separatedBy: "```")[0] }
    }

    @Test func everyMarkdownCodeBlockIsAFixtureOrADetectionVerbatim() throws {
        let blocks = try Self.markdownBlocks()
        var expected = try Fixtures.Snippet.allCases.map { try Fixtures.text(Fixtures.Page.markdown.snippet($0)) }
        expected += try Fixtures.Page.markdown.detections.map { try Fixtures.text(HostProcess.packageRoot.appendingPathComponent($0)) }
        expected.append(try Fixtures.text(Fixtures.markdownStringSet.appendingPathComponent("detect.py")))
        #expect(blocks.count == expected.count)
        for (block, fixture) in zip(blocks, expected) {
            #expect(block == fixture)
        }
    }

    @Test func everyPageExampleIsAFixtureOrADetectionWithOnlyItsIndentationRestored() throws {
        let pageLines = try Fixtures.text(Fixtures.Page.page.published).components(separatedBy: "\n")
        var files = Fixtures.Snippet.allCases.map { Fixtures.Page.page.snippet($0) }
        files += Fixtures.Page.page.detections.map { HostProcess.packageRoot.appendingPathComponent($0) }
        var searchFrom = 0
        for file in files {
            let text = try Fixtures.text(file)
            #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"), "\(file.lastPathComponent)")
            let lines = text.dropLast().components(separatedBy: "\n")
            let unindented = lines.map { String($0.drop { $0 == " " }) }
            let start = (searchFrom...max(searchFrom, pageLines.count - lines.count)).first {
                Array(pageLines[$0..<min($0 + lines.count, pageLines.count)]) == unindented
            }
            #expect(start != nil, "\(file.path) is not on the page, in order, but for indentation")
            searchFrom = (start ?? searchFrom) + lines.count
        }
    }

    @Test func thePageIsTheMarkdownWithTheNewSpellingForTheSnippets() throws {
        for snippet in Fixtures.Snippet.allCases {
            let markdown = try Fixtures.text(Fixtures.Page.markdown.snippet(snippet))
            let page = try Fixtures.text(Fixtures.Page.page.snippet(snippet))
            #expect(markdown.replacingOccurrences(of: "remote_cache", with: "remotecache") == page, "\(snippet)")
        }
    }
}
