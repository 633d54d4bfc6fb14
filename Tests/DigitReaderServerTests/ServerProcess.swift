import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A real `digit-reader serve` process on loopback, for tests that kill it.
///
/// The binary is `$DIGIT_READER_BIN` (what `Tests/run-all.sh` builds), else the package's
/// `.build/release/digit-reader`. (Unchecked Sendable: `Process` is only signalled and waited on.)
struct ServerProcess: @unchecked Sendable {
    let process: Process
    let port: Int

    static func binary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["DIGIT_READER_BIN"] { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let release = root.appendingPathComponent(".build/release/digit-reader")
        guard FileManager.default.isExecutableFile(atPath: release.path) else {
            throw BackendError("no digit-reader binary at \(release.path); build it with `swift build -c release` or set DIGIT_READER_BIN")
        }
        return release
    }

    /// A port nothing listens on now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw BackendError("could not find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts `digit-reader serve` with `arguments` on `port` and waits until it answers.
    static func start(port: Int, arguments: [String]) async throws -> ServerProcess {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", String(port)] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LOG_LEVEL"] = "warning"
        environment["OPENBLAS_NUM_THREADS"] = "1"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let server = ServerProcess(process: process, port: port)
        for _ in 0..<600 {
            guard process.isRunning else { throw BackendError("digit-reader serve exited with status \(process.terminationStatus)") }
            if let status = try? await server.get("/healthz"), status == .ok { return server }
            try await Task.sleep(for: .milliseconds(100))
        }
        server.kill()
        throw BackendError("digit-reader serve did not answer /healthz within 60 s")
    }

    func get(_ uri: String) async throws -> HTTPResponse.Status {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { try await $0.execute(.init(uri, method: .get)).status }
    }

    /// SIGKILL: no chance to finish anything.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM: finish the requests in flight and stop.
    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
