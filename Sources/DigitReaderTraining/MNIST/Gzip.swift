import DigitReaderCore
import CZlib

/// Decompresses gzip data in memory with zlib.
enum Gzip {
    /// The decompressed bytes, or a zlib message when the data is not complete, valid gzip.
    static func decompress(_ input: [UInt8]) throws(GzipFailure) -> [UInt8] {
        var stream = z_stream()
        // 16 + MAX_WBITS asks zlib for a gzip (not raw zlib) wrapper.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw GzipFailure(reason: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        output.reserveCapacity(input.count * 4)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var status: Int32 = Z_OK
        input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    output.append(contentsOf: buffer[0..<(buffer.count - Int(stream.avail_out))])
                }
            } while status == Z_OK
        }
        guard status == Z_STREAM_END else {
            if status == Z_BUF_ERROR { throw GzipFailure(reason: "the data ends before the end of the compressed stream") }
            let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
            throw GzipFailure(reason: message)
        }
        return output
    }
}

struct GzipFailure: Error {
    let reason: String
}
