import Crypto
import DigitReaderCore
import Foundation

extension DataSource {
    /// A source describing `url`, hashing its bytes.
    public init(name: String, url: URL, digits: Int) throws(DatasetLoadingError) {
        let contents: Data
        do {
            contents = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
        let digest = SHA256.hash(data: contents).map { String(format: "%02x", $0) }.joined()
        self.init(name: name, path: url.path, sha256: digest, digits: digits)
    }
}
