import ArgumentParser
import DetectionEngine

// Written out instead of `@main` so that a usage error exits with 2 (DESIGN §5), not
// ArgumentParser's 64, and help goes to standard output while errors go to standard error.
// How the process starts and ends belongs to `HostProcess`.
HostProcess.prepare()

do {
    var command = try DetectionHost.parseAsRoot()
    try command.run()
    HostProcess.exit(0)
} catch let status as ExitCode {
    // A status the command chose (`python`'s script, `run`'s outcome): passed on as it is, even
    // when it happens to equal ArgumentParser's usage status (64).
    HostProcess.exit(status.rawValue)
} catch {
    let code = DetectionHost.exitCode(for: error)
    let message = DetectionHost.fullMessage(for: error)
    if code == .success {
        if !message.isEmpty { print(message) }
        HostProcess.exit(0)
    }
    if !message.isEmpty { HostProcess.printError(message) }
    HostProcess.exit(code == .validationFailure ? HostProcess.usageErrorStatus : code.rawValue)
}
