import Foundation
import HjemtagCore

/// Momsrefusion's inputs beside the ledger.
public protocol VATStore: Sendable {
    /// Each year's positive list, from the newest import that has that year.
    func positiveList() async throws -> [PositiveListEntry]
    /// The VAT-registered suppliers with their periods.
    func vatRegistrations() async throws -> [VATRegistration]
}
