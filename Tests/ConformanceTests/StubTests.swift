import Foundation
import Testing

/// `stubs/detection.pyi`, the stubs editors read, against the module the host builds: every
/// public name, base class and documented parameter the same in both.
@Suite struct StubTests {
    @Test func theStubsMatchTheModule() throws {
        let script = HostProcess.packageRoot.appendingPathComponent("Tests/ConformanceTests/Fixtures/check_stubs.py").path
        let result = try HostProcess.run(["python", script, "stubs/detection.pyi"])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(result.output.contains(" 0 problems"), "\(result.output)")
    }
}
