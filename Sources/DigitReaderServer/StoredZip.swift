import DigitReaderCore
import Foundation

/// A zip archive of stored (uncompressed) entries, built in memory.
///
/// Enough for the correction export: the PNGs in it are deflated already, so compressing them
/// again would gain nothing. Without ZIP64 an archive holds at most 65,535 entries and 4 GiB,
/// which `append` checks.
struct StoredZip {
    private var body: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    /// Why an entry could not be added.
    enum Failure: Error, CustomStringConvertible {
        case tooLarge
        var description: String { "the archive would exceed 65,535 entries or 4 GiB, the most a zip without ZIP64 holds" }
    }

    /// Adds a file at `path` (forward slashes) last modified at `date`.
    mutating func append(_ data: some Collection<UInt8>, path: String, modified date: Date) throws(Failure) {
        let name = Array(path.utf8)
        let bytes = Array(data)
        guard count < 65_535, body.count + bytes.count + name.count + 30 < Int(UInt32.max), bytes.count < Int(UInt32.max) else { throw .tooLarge }
        let crc = CRC32.checksum(bytes)
        let (time, day) = Self.dosTimestamp(date)
        let offset = UInt32(body.count)
        // Local file header: version 2.0, UTF-8 names (flag bit 11), stored.
        body.append(le32: 0x0403_4B50)
        body.append(le16: 20); body.append(le16: 0x0800); body.append(le16: 0)
        body.append(le16: time); body.append(le16: day)
        body.append(le32: crc); body.append(le32: UInt32(bytes.count)); body.append(le32: UInt32(bytes.count))
        body.append(le16: UInt16(name.count)); body.append(le16: 0)
        body += name
        body += bytes
        // Central directory entry: made by Unix (3), version 2.0, a regular file readable by all.
        directory.append(le32: 0x0201_4B50)
        directory.append(le16: 0x031E); directory.append(le16: 20); directory.append(le16: 0x0800); directory.append(le16: 0)
        directory.append(le16: time); directory.append(le16: day)
        directory.append(le32: crc); directory.append(le32: UInt32(bytes.count)); directory.append(le32: UInt32(bytes.count))
        directory.append(le16: UInt16(name.count)); directory.append(le16: 0); directory.append(le16: 0)
        directory.append(le16: 0); directory.append(le16: 0); directory.append(le32: 0o100644 << 16)
        directory.append(le32: offset)
        directory += name
        count += 1
    }

    /// The finished archive.
    var data: Data {
        var archive = body + directory
        // End of central directory.
        archive.append(le32: 0x0605_4B50)
        archive.append(le16: 0); archive.append(le16: 0)
        archive.append(le16: UInt16(count)); archive.append(le16: UInt16(count))
        archive.append(le32: UInt32(directory.count)); archive.append(le32: UInt32(body.count))
        archive.append(le16: 0)
        return Data(archive)
    }

    /// MS-DOS time and date fields (UTC, two-second resolution, from 1980).
    static func dosTimestamp(_ date: Date) -> (time: UInt16, date: UInt16) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let year = min(max((parts.year ?? 1980) - 1980, 0), 127)
        let time = ((parts.hour ?? 0) << 11) | ((parts.minute ?? 0) << 5) | ((parts.second ?? 0) / 2)
        return (UInt16(time), UInt16((year << 9) | ((parts.month ?? 1) << 5) | (parts.day ?? 1)))
    }
}

extension [UInt8] {
    fileprivate mutating func append(le16 value: UInt16) {
        append(UInt8(value & 0xFF)); append(UInt8(value >> 8))
    }

    fileprivate mutating func append(le32 value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
}
