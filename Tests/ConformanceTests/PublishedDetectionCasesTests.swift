import Testing

/// The published examples' own test cases (`detections/*/tests/`), as CI runs them.
@Suite struct PublishedDetectionCasesTests {
    @Test func everyPublishedExamplePassesItsCases() throws {
        let result = try HostProcess.run(["test", "detections", "--require-tests"])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        let last = result.output.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("17 passed, 0 failed"), "\(result.output)")
    }
}
