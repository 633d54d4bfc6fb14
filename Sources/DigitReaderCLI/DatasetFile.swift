import ArgumentParser
import Foundation

/// The one rule for finding and loading a handwriting data file named by an option.
enum DatasetFile {
    /// `$variable`, which may name the file or the folder holding it, else the shared copy.
    static func path(variable: String, folder: String, file: String) -> String {
        guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
            return "../shared/datasets/\(folder)/\(file)"
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: value, isDirectory: &isFolder), isFolder.boolValue {
            return URL(fileURLWithPath: value).appendingPathComponent(file).path
        }
        return value
    }

    /// `body`'s reading of `file`: nil when the file is `none` or, with `required` false,
    /// missing; a clear usage error when it is required and missing or cannot be read.
    static func load<T>(
        _ file: String, what: String, option: String, variable: String, required: Bool, _ body: (URL) throws -> T
    ) throws -> T? {
        guard file != "none" else { return nil }
        let url = URL(fileURLWithPath: file)
        guard FileManager.default.fileExists(atPath: url.path) else {
            if required { throw ValidationError("no \(what) at \(url.standardizedFileURL.path); pass \(option) FILE or set $\(variable)") }
            return nil
        }
        do {
            return try body(url)
        } catch {
            throw ValidationError("cannot load \(what): \(error)")
        }
    }
}
