/// The versions of the feedback tables, oldest first; each store migrates to `latest` on opening.
///
/// Both databases carry the same versions under the same names, so one list says what a store of
/// either kind holds.
public enum FeedbackSchemaVersion: String, CaseIterable, Sendable, Comparable {
    /// The `feedback` table: drawing, input, label, answers, time.
    case v1 = "v1-feedback"
    /// Idempotency keys: a unique, optional column, so a retried request stores nothing twice.
    case v2 = "v2-idempotency-keys"

    public static let latest = allCases.last!

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
