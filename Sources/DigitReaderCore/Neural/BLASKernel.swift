import CBLAS
import Foundation

/// Makes sure OpenBLAS runs its fast kernels on this CPU.
///
/// OpenBLAS chooses its kernels from the CPU model when it loads. A CPU newer than the
/// installed OpenBLAS (for example a 2023 Xeon with Debian 12's OpenBLAS 0.3.21) is not
/// recognised and gets the generic SSE3 "Prescott" kernels, several times slower than the
/// AVX-512 or AVX2 ones the CPU supports. The choice can only be changed through the
/// `OPENBLAS_CORETYPE` environment variable before the library loads, so the program restarts
/// itself once with that variable set.
public enum BLASKernel {
    /// The kernel family OpenBLAS is using, e.g. `SkylakeX` or `Prescott`.
    public static var coreName: String {
        openblas_get_corename().map { String(cString: $0) } ?? "unknown"
    }

    /// If OpenBLAS fell back to generic kernels on a CPU with AVX-512 or AVX2, re-executes the
    /// current program with `OPENBLAS_CORETYPE` set. Returns normally when nothing needs doing
    /// (or the restart is impossible); otherwise does not return.
    public static func relaunchWithFastKernelsIfNeeded() {
        #if os(Linux) && arch(x86_64)
        let environment = ProcessInfo.processInfo.environment
        guard environment["OPENBLAS_CORETYPE"] == nil,
              ["prescott", "core2", "atom", "nehalem"].contains(coreName.lowercased()),
              let flags = cpuFlags()
        else { return }
        let coreType: String
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq"]) {
            coreType = "SkylakeX"
        } else if flags.isSuperset(of: ["avx2", "fma"]) {
            coreType = "Haswell"
        } else {
            return
        }
        setenv("OPENBLAS_CORETYPE", coreType, 1)
        let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", arguments)
        // execv only returns on failure: carry on with the generic kernels.
        unsetenv("OPENBLAS_CORETYPE")
        #endif
    }

    private static func cpuFlags() -> Set<String>? {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return nil }
        return Set(line.split(separator: " ").map(String.init))
    }
}
