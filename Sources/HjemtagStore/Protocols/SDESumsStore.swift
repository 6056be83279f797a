import Foundation
import HjemtagCore

/// SDE's stored sums (`SDECostSums`): kept up to date from the stored postings and read a year at
/// a time, so a computation reads a row per person instead of every posting (issue 22).
public protocol SDESumsStore: Sendable {
    /// Brings the sums up to date for `configuration`: adds the postings of the imports stored
    /// since, or sums every posting again when the configuration changed or postings were deleted
    /// (retention). Says which.
    func refreshSDESums(configuration: SDEConfiguration) async throws -> SDESumsRefresh
    /// The year's sums per person and department, and every other year's row holding the month
    /// before someone's 67th birthday (BEK § 6), with the year's data-quality counts.
    func sdeSums(year: Int, _ row: @escaping @Sendable (CPR, _ year: Int, _ department: String, SDECostSums.Row) -> Void) async throws
        -> SDEDataQuality
    /// The OS2bos parent links found in the summed postings.
    func sdeParentLinks() async throws -> [SDECostSums.ParentLink]
    /// Every stored posting whose count depends on the cost view (`CostView`): OS2bos payments
    /// and the ledger postings matched to a payment or a Sensum service, each as the sums hold
    /// it (nil for a payment, which they leave out) and as it counts (nil when it does not);
    /// then the tariff-based costs, which are not stored postings at all.
    func forEachViewedPosting(_ body: @escaping @Sendable (_ summed: Posting?, _ counted: Posting?) -> Void) async throws
}

/// What bringing the sums up to date did.
public enum SDESumsRefresh: Sendable, Equatable {
    case current
    case added(imports: Int, postings: Int)
    case rebuilt(postings: Int)
}
