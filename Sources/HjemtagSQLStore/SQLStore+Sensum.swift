import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import SQLKit

/// EG Sensum's latest deliveries, and the residence episodes other systems give: the `ophold`
/// file wins for a citizen it covers; otherwise Sensum's cases and services (adults), otherwise
/// OS2bos's opholdskommune and handlekommune (children). Derived episodes get ids of their own
/// range, so a citizen's page can be found by any of their episodes.
extension SQLStore {
    static let sensumServiceEpisodes = 1_000_000_000_000
    static let sensumCaseEpisodes = 1_500_000_000_000
    static let os2bosEpisodes = 2_000_000_000_000

    /// The rows of the newest import of each Sensum kind, with their row ids.
    func sensumDelivery() async throws -> (delivery: Sensum.Delivery, serviceIDs: [Int], caseIDs: [Int]) {
        func newest(_ table: String) -> String { "FROM \(table) WHERE import_id = (SELECT MAX(import_id) FROM \(table)) ORDER BY id" }
        let citizens = try await positionalRows(["citizen_id", "cpr", "residence_municipality", "line"], newest("sensum_citizens")) { r in
            Sensum.Citizen(
                citizenID: try r.requiredText(0), cpr: try r.requiredCPR(1), residenceMunicipality: r.int(2).map(Int.init),
                line: Int(try r.requiredInt(3)))
        }
        let cases = try await positionalRows(
            ["id", "case_id", "citizen_id", "acting_municipality", "paying_municipality", "opened", "closed", "section", "department", "line"],
            newest("sensum_cases")
        ) { r in
            (
                Int(try r.requiredInt(0)),
                Sensum.Case(
                    caseID: try r.requiredText(1), citizenID: try r.requiredText(2), actingMunicipality: r.int(3).map(Int.init),
                    payingMunicipality: r.int(4).map(Int.init), opened: try r.optionalDay(5), closed: try r.optionalDay(6),
                    expectedSection: r.text(7),
                    department: r.text(8), line: Int(try r.requiredInt(9)))
            )
        }
        let services = try await positionalRows(
            [
                "id", "service_id", "case_id", "name", "section", "provider_id", "status", "valid_from", "valid_to", "account", "refund_account",
                "line",
            ],
            newest("sensum_services")
        ) { r in
            (
                Int(try r.requiredInt(0)),
                Sensum.Service(
                    serviceID: try r.requiredText(1), caseID: try r.requiredText(2), name: r.text(3), section: r.text(4), providerID: r.text(5),
                    status: r.text(6), start: try r.optionalDay(7), end: try r.optionalDay(8), account: r.text(9), refundAccount: r.text(10),
                    line: Int(try r.requiredInt(11)))
            )
        }
        let providers = try await positionalRows(["provider_id", "name", "cvr", "ownership", "own_offer", "line"], newest("sensum_providers")) { r in
            Sensum.Provider(
                providerID: try r.requiredText(0), name: r.text(1), cvr: r.text(2), ownership: r.text(3), ownOffer: r.int(4) == 1,
                line: Int(try r.requiredInt(5)))
        }
        return (
            Sensum.Delivery(citizens: citizens, cases: cases.map(\.1), services: services.map(\.1), providers: providers), services.map(\.0),
            cases.map(\.0)
        )
    }

    public func sensum() async throws -> Sensum.Delivery {
        try await requireMigrated()
        return try await sensumDelivery().delivery
    }

    /// Episodes from Sensum and OS2bos, with their ids, for the citizens the `ophold` file does not cover.
    func derivedEpisodes(excluding covered: Set<String>) async throws -> [StoredEpisode] {
        let (delivery, serviceIDs, caseIDs) = try await sensumDelivery()
        var out: [StoredEpisode] = []
        for (origin, e) in Sensum.episodes(delivery) where !covered.contains(e.cpr.digits) {
            switch origin {
            case .service(let i): out.append(StoredEpisode(id: Self.sensumServiceEpisodes + serviceIDs[i], episode: e))
            case .caseOpening(let i): out.append(StoredEpisode(id: Self.sensumCaseEpisodes + caseIDs[i], episode: e))
            }
        }
        let bySensum = covered.union(out.map(\.episode.cpr.digits))
        let outcomes = try await paymentMatches(cpr: nil)
        let payments = try await os2bosPayments().filter {
            outcomes[$0.id] != .superseded && !bySensum.contains($0.payment.posting.cpr?.digits ?? "")
        }
        for (id, e) in OS2bosPayment.residenceEpisodes(payments.map { (id: $0.id, payment: $0.payment) }) {
            out.append(StoredEpisode(id: Self.os2bosEpisodes + Int(id), episode: e))
        }
        return out
    }
}
