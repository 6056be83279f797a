import Foundation
import HjemtagCore

/// The ledger's postings: the record of money paid.
public protocol LedgerStore: Sendable {
    /// How many postings are stored (kept as a count, not counted per call).
    func postingCount() async throws -> Int
    /// Internal offers' tariffs (the newest `takster` file).
    func tariffs() async throws -> [Tariff]
    /// Citizens' use of internal offers (the newest `interne-ydelser` file), all or one citizen's.
    func internalUses(cpr: CPR?) async throws -> [InternalUse]
    /// The latest posting date in the newest import of postings: how far the ledger is known
    /// (read through the import's index, not a scan of every posting). Nil without postings.
    func latestPostingDate() async throws -> Day?
    /// One citizen's postings, by posting date.
    func postings(cpr: CPR) async throws -> [Posting]
    /// One citizen's postings as they count, each with the import it came from.
    func postingsWithImport(cpr: CPR) async throws -> [(posting: Posting, importID: Int)]
    /// Streams the selected postings as they count, in storage order, without holding them all
    /// in memory. A stored posting that cannot be read is an error naming its row, never skipped.
    func forEachPosting(_ selection: PostingSelection, _ body: @escaping @Sendable (Posting) -> Void) async throws

    /// The newest OS2bos forecast (`expected_payments`): the forecast's input, never a cost.
    func os2bosForecast() async throws -> [Posting]
    /// Every stored OS2bos payment, with its row id.
    func os2bosPayments() async throws -> [PaymentMatching.Payment]
    /// Ledger postings (not OS2bos payments) on one of `functions` or one of `cprs`: what an
    /// OS2bos payment can be matched to.
    /// (`accounts`: the Sensum services' accounts, for postings without CPR.)
    func matchCandidates(functions: Set<AccountFunction>, cprs: Set<CPR>, accounts: Set<String>) async throws -> [PaymentMatching.LedgerPosting]
    /// Replaces every stored match of a ledger posting to a Sensum service.
    func replaceServiceMatches(_ outcomes: [Int64: ServiceMatching.Outcome]) async throws
    /// The stored Sensum matches by ledger posting id, all or one citizen's.
    func serviceMatches(cpr: CPR?) async throws -> [Int64: ServiceMatching.Outcome]
    /// Replaces every stored outcome; `cprs` gives each payment's citizen (for one citizen's reads).
    func replacePaymentMatches(_ outcomes: [Int64: PaymentMatching.Outcome], cprs: [Int64: CPR]) async throws
    /// The stored outcomes by payment row id, all or one citizen's.
    func paymentMatches(cpr: CPR?) async throws -> [Int64: PaymentMatching.Outcome]
    /// A person's answers to ambiguous matches, by OS2bos payment id: the posting, or nil for none.
    func paymentDecisions() async throws -> [String: Int64?]
    /// Records which posting pays an OS2bos payment (nil: none of the candidates), with the audit line.
    func decidePayment(_ paymentID: String, ledger: Int64?, by user: String, note: String?, cpr: CPR?, page: String) async throws
    /// Postings by row id (the candidates of an ambiguous match), as stored.
    func postings(ids: [Int64]) async throws -> [(id: Int64, posting: Posting)]
}

/// Which postings `forEachPosting` streams.
public enum PostingSelection: Sendable {
    case all
    /// A superset of the postings the VAT screening (`VATScreening.screen`) can act on, chosen by
    /// the database: the screening reads 10 M postings at Copenhagen's size and acts on a few
    /// dozen (issue 22 § 2). Chosen by what the cost view never changes (amount, art, VAT), and
    /// by the CVR and the file's own columns, which a ledger posting may take from the OS2bos
    /// payment it is matched to: every negative amount with columns of its own (V10, a
    /// foundation's grant, names its grantor in one), every posting with an art that carries VAT
    /// (V1-V5) or is a purchase with a CVR (V6-V8), and every posting matched to a payment.
    case vatCandidates
    /// A superset of these citizens' postings as they count: theirs, the postings without CPR
    /// matched to a payment or a Sensum service of theirs, and the tariffs' costs; the caller
    /// keeps those whose `cpr` is one of them. One read for many citizens, where
    /// `postings(cpr:)` is one per citizen (resultattilskud's 812 were 0,3 s of waiting, issue 22 § 2).
    case citizens(Set<CPR>)
}

extension LedgerStore {
    /// Every posting as it counts.
    public func forEachPosting(_ body: @escaping @Sendable (Posting) -> Void) async throws {
        try await forEachPosting(.all, body)
    }
}
