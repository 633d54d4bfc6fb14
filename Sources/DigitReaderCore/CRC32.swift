import CZlib
import Foundation

/// The CRC-32 of zlib (the checksum of PNG chunks, gzip members, zip entries and weight files).
public enum CRC32 {
    /// The checksum of `bytes`.
    public static func checksum(_ bytes: some ContiguousBytes) -> UInt32 {
        bytes.withUnsafeBytes { buffer in
            UInt32(CZlib.crc32(0, buffer.bindMemory(to: UInt8.self).baseAddress, uInt(buffer.count)))
        }
    }
}
