import Foundation
import HjemtagCore
import HjemtagSchemes
import HjemtagStore
import Hummingbird

/// An ambiguous OS2bos match (`tvetydig_betaling`) is decided on its finding's page: the postings
/// that fit are listed, and a person chooses the one that pays the payment, or none of them. The
/// choice is audit-logged, applied at once, and makes the results computed before it stale.
extension FindingDetailPage {
    struct Candidate: Sendable { let id: Int64, date: String, voucher: String, amount: String, function: String, text: String }

    /// The OS2bos payment id a finding is about, for the finding kinds that name one.
    static func paymentID(_ f: Finding) -> String? {
        guard f.kind == FindingKind.paymentAmbiguous.rawValue, f.subjectKey.hasPrefix("os2bos-") else { return nil }
        return String(f.subjectKey.dropFirst("os2bos-".count))
    }

    /// The postings an ambiguous payment still has to choose between (none once decided).
    func candidates(_ f: Finding) async throws -> [Candidate] {
        guard let paymentID = Self.paymentID(f) else { return [] }
        let matches = try await store.paymentMatches(cpr: f.cprs.first)
        guard let row = try await store.os2bosPayments().last(where: { $0.payment.paymentID == paymentID }),
            case .ambiguous(_, let ids)? = matches[row.id]
        else { return [] }
        return try await store.postings(ids: ids).map { c in
            Candidate(
                id: c.id, date: c.posting.date.danish, voucher: c.posting.voucher ?? "–", amount: c.posting.amount.danishKroner,
                function: c.posting.function.description, text: c.posting.text ?? "")
        }
    }

    struct PaymentForm: Decodable {
        var postering: String
        var note: String?
    }

    func decide(id: Int, form read: () async throws -> PaymentForm, by session: WebSession, pages: FindingPages) async throws -> Response {
        try await pages.requireChangeable([id], session)
        let f = try await load(id, session)
        guard let paymentID = Self.paymentID(f.finding) else { throw HTTPError(.badRequest, message: "Fundet handler ikke om en OS2bos-betaling.") }
        let form = try await read()
        let ledger: Int64?
        if form.postering == "ingen" {
            ledger = nil
        } else {
            guard let n = Int64(form.postering) else { throw HTTPError(.badRequest, message: "Vælg en postering eller »ingen af dem«.") }
            ledger = n
        }
        let note = form.note?.trimmingCharacters(in: .whitespaces)
        do {
            try await PaymentMatchService(store: store, today: .today).decide(
                paymentID: paymentID, ledger: ledger, by: session.username, note: note?.isEmpty == true ? nil : note, page: Route.finding.path(id))
        } catch let e as PaymentMatchError {
            throw HTTPError(.badRequest, message: "\(e.description). Intet er ændret.")
        }
        return Redirect.to(Route.finding.path(id))
    }
}
