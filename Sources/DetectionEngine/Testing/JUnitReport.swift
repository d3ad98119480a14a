import Foundation

/// `--junit FILE`: the JUnit XML that GitHub Actions, GitLab and Jenkins read: a `testsuite` per
/// detection, a `testcase` per case (`classname` the detection), a `failure` with the details.
enum JUnitReport {
    static func xml(_ results: [CaseResult]) -> String {
        var suites: [(String, [CaseResult])] = []
        for result in results {
            if let index = suites.firstIndex(where: { $0.0 == result.detection }) {
                suites[index].1.append(result)
            } else {
                suites.append((result.detection, [result]))
            }
        }
        let failures = results.filter { !$0.passed }.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"detection-host test\" tests=\"\(results.count)\" failures=\"\(failures)\" errors=\"0\" time=\"\(seconds(results))\">\n"
        for (detection, cases) in suites {
            xml += "  <testsuite name=\"\(escape(detection))\" tests=\"\(cases.count)\" failures=\"\(cases.filter { !$0.passed }.count)\" errors=\"0\" skipped=\"0\" time=\"\(seconds(cases))\">\n"
            for result in cases {
                xml += "    <testcase classname=\"\(escape(detection))\" name=\"\(escape(result.name ?? "(no test cases)"))\" file=\"\(escape(result.file))\""
                if result.line > 0 { xml += " line=\"\(result.line)\"" }
                xml += " time=\"\(String(format: "%.3f", result.seconds))\""
                if result.passed && result.printed.isEmpty {
                    xml += "/>\n"
                    continue
                }
                xml += ">\n"
                if !result.passed {
                    xml += "      <failure message=\"\(escape(result.headline))\" type=\"failure\">\(escape(result.details))</failure>\n"
                }
                if !result.printed.isEmpty {
                    xml += "      <system-out>\(escape(result.printed))</system-out>\n"
                }
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    private static func seconds(_ results: [CaseResult]) -> String {
        String(format: "%.3f", results.reduce(0) { $0 + $1.seconds })
    }

    /// Text for an attribute or element: markup characters as entities, line breaks and tabs as
    /// character references (so attributes keep them), and characters XML 1.0 cannot hold
    /// replaced by U+FFFD.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\n": escaped += "&#10;"
            case "\r": escaped += "&#13;"
            case "\t": escaped += "&#9;"
            default:
                let value = scalar.value
                let allowed = value >= 0x20 && value != 0xFFFE && value != 0xFFFF && !(0xD800...0xDFFF).contains(value)
                escaped.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return escaped
    }
}
