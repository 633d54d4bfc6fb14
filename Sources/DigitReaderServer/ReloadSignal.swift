import Dispatch
import Foundation

/// Reloads the models on SIGHUP, the conventional "read your files again" signal.
///
/// The signal's default action (terminate) is turned off while this exists; each SIGHUP runs one
/// reload, whose outcome the reloader logs. (Unchecked Sendable: the dispatch source is set up
/// once in `init` and only cancelled afterwards, which dispatch allows from any thread.)
final class ReloadSignal: @unchecked Sendable {
    private let source: any DispatchSourceSignal

    init(reloader: ModelReloader) {
        signal(SIGHUP, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler {
            Task { _ = try? await reloader.reload() }
        }
        source.resume()
    }

    func cancel() {
        source.cancel()
    }
}
