import Foundation

/// Prints progress that redraws in place on a terminal and becomes plain lines in logs.
struct ProgressLine {
    private let isTerminal = isatty(STDOUT_FILENO) == 1

    /// Shows `text` as the current status.
    func update(_ text: String) {
        if isTerminal {
            print("\r\u{1B}[2K" + text, terminator: "")
        } else {
            print(text)
        }
        fflush(nil)
    }

    /// Ends the current status with a final line.
    func finish(_ text: String) {
        if isTerminal {
            print("\r\u{1B}[2K" + text)
        } else {
            print(text)
        }
        fflush(nil)
    }

    /// A text bar like `[######------]`.
    static func bar(_ fraction: Double, width: Int = 24) -> String {
        let filled = Int((fraction * Double(width)).rounded())
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: max(width - filled, 0)) + "]"
    }

    /// `1h02m`, `3m05s`, `42s`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        if s >= 3600 { return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60) }
        if s >= 60 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return "\(s)s"
    }

    static func percent(_ fraction: Double, digits: Int = 2) -> String {
        String(format: "%.\(digits)f%%", fraction * 100)
    }

    /// `1.234 ms`: benchmarks' per-request times.
    static func milliseconds(_ value: Double) -> String {
        String(format: "%.3f ms", value)
    }
}
