import Crypto
import Hummingbird

/// The administrator's bearer token, which the administration routes require.
///
/// Without one (`--admin-token` and `$DIGIT_READER_ADMIN_TOKEN` unset) those routes are not
/// registered at all. The comparison takes the same time whatever the token sent, so timing
/// cannot reveal how much of it was right: both sides are hashed to 32 bytes first, so not even
/// the length shows.
public struct AdminToken: Sendable {
    private let digest: [UInt8]

    /// `nil` for a missing or empty token.
    public init?(_ token: String?) {
        guard let token, !token.isEmpty else { return nil }
        digest = Array(SHA256.hash(data: Array(token.utf8)))
    }

    /// Passes when `request` carries `Authorization: Bearer <the token>`; 401 without
    /// credentials, 403 with wrong ones.
    public func authorize(_ request: Request) throws(APIError) {
        guard let header = request.headers[.authorization] else { throw .unauthorized }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw .unauthorized }
        guard matches(String(parts[1]).trimmingSpaces()) else { throw .forbidden }
    }

    /// Constant-time comparison of the digests.
    func matches(_ candidate: String) -> Bool {
        let other = Array(SHA256.hash(data: Array(candidate.utf8)))
        var difference: UInt8 = 0
        for index in digest.indices { difference |= digest[index] ^ other[index] }
        return difference == 0
    }
}
