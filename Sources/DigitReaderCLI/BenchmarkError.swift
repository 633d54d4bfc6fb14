/// A benchmark that cannot run (missing data set, bad option combination), with a message
/// that says what to do; the command exits non-zero with it instead of crashing.
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
