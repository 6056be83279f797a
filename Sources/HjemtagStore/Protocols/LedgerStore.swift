import Foundation
import HjemtagCore

/// The ledger's postings: the record of money paid.
public protocol LedgerStore: Sendable {
    /// How many postings are stored (kept as a count, not counted per call).
    func postingCount() async throws -> Int
    /// One citizen's postings, by posting date.
    func postings(cpr: CPR) async throws -> [Posting]
    /// Streams every posting, in storage order, without holding them all in memory. A stored
    /// posting that cannot be read is an error naming its row, never skipped.
    func forEachPosting(_ body: @escaping @Sendable (Posting) -> Void) async throws
}
