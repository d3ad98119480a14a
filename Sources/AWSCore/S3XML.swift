import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The few XML documents S3 answers with, read with `XMLParser`: the text of each element,
/// keyed by its path (`ListBucketResult/Contents/Key`), in document order.
final class S3XML: NSObject, XMLParserDelegate {
    private(set) var elements: [(path: String, text: String)] = []
    private var path: [String] = []
    private var text = ""

    /// Parses `bytes`; nil when they are not XML.
    static func parse(_ bytes: [UInt8]) -> S3XML? {
        let document = S3XML()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = document
        return parser.parse() ? document : nil
    }

    /// The text of the first element at `path`.
    func first(_ path: String) -> String? {
        elements.first { $0.path == path }?.text
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        path.append(name)
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        elements.append((path.joined(separator: "/"), text))
        path.removeLast()
        text = ""
    }

    /// S3's error document: `<Error><Code>NoSuchKey</Code><Message>…</Message></Error>`. A HEAD
    /// answer has no body: its status is all there is.
    static func parseError(_ status: Int, _ body: [UInt8]) -> (code: String?, message: String?) {
        if let document = parse(body), let code = document.first("Error/Code") {
            return (code, document.first("Error/Message"))
        }
        switch status {
        case 404: return ("NotFound", "not found")
        case 403: return ("AccessDenied", "access denied")
        default: return (nil, nil)
        }
    }
}
