import ArgumentParser
import Foundation

// Written out instead of `@main` so that a usage error exits with 2 (DESIGN §5), not
// ArgumentParser's 64, and help goes to standard output while errors go to standard error.
// Start with no signal blocked: a parent (a test runner's worker thread, a service manager) may
// hand down a mask that blocks SIGINT and SIGTERM, and Ctrl-C must stop a run cleanly.
var unblocked = sigset_t()
sigemptyset(&unblocked)
sigprocmask(SIG_SETMASK, &unblocked, nil)

do {
    var command = try DetectionHost.parseAsRoot()
    try command.run()
} catch {
    let code = DetectionHost.exitCode(for: error)
    let message = DetectionHost.fullMessage(for: error)
    if code == .success {
        if !message.isEmpty { print(message) }
        exit(0)
    }
    if !message.isEmpty {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
    exit(code == .validationFailure ? 2 : code.rawValue)
}
