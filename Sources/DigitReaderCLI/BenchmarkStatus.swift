import Foundation

/// Progress for long benchmark runs: redrawn in place on a terminal, thinned out to a line every
/// few seconds in logs, and sent to standard error under `--json` so standard output stays JSON.
///
/// A class with a lock because the real-digit measurement reports from worker threads.
final class BenchmarkStatus: @unchecked Sendable {
    private let lock = NSLock()
    private let toStandardError: Bool
    private let isTerminal: Bool
    private let minimumInterval: Double
    private var lastUpdate = Date.distantPast
    private var pending = false

    /// - Parameter json: whether standard output is reserved for the JSON report.
    init(json: Bool) {
        toStandardError = json
        isTerminal = isatty(json ? STDERR_FILENO : STDOUT_FILENO) == 1
        minimumInterval = isTerminal ? 0.2 : 5
    }

    /// Shows `text` as the current status (skipped when the last update was very recent).
    func update(_ text: String) {
        lock.withLock {
            let now = Date()
            guard now.timeIntervalSince(lastUpdate) >= minimumInterval else { return }
            lastUpdate = now
            pending = isTerminal
            write(isTerminal ? "\r\u{1B}[2K" + text : text + "\n")
        }
    }

    /// Ends the current status with a permanent line (on standard error under `--json`).
    func finish(_ text: String) {
        lock.withLock {
            write((pending ? "\r\u{1B}[2K" : "") + text + "\n")
            pending = false
            lastUpdate = .distantPast
        }
    }

    // Standard output goes through `print` (then flushed) so status lines and the tables
    // printed elsewhere with `print` come out in order.
    private func write(_ text: String) {
        if toStandardError {
            FileHandle.standardError.write(Data(text.utf8))
        } else {
            print(text, terminator: "")
            fflush(nil)
        }
    }
}
