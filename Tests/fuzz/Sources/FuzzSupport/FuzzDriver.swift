import CFuzzerDriver

/// Hands a fuzz target to libFuzzer, which then takes over the process and its arguments
/// (`-max_total_time=20`, corpus folders, ...; see `run.sh`).
public enum FuzzDriver {
    /// One input's test: the bytes, their count; answers 0 (libFuzzer's "input processed").
    public typealias Test = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Runs libFuzzer on `test` and returns its exit status.
    public static func run(_ test: Test) -> CInt {
        dr_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv, test)
    }
}
