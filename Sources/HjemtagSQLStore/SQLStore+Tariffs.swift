import Foundation
import HjemtagCore
import HjemtagStore
import SQLKit

/// Internal offers priced by tariff (issue 21 § 3): the newest tariff file, the newest file of
/// uses, and EG Sensum's services whose provider is the municipality's own, turned into costs on
/// the citizen (`TariffCosts`) that every read of the ledger adds.
extension SQLStore {
    public func tariffs() async throws -> [Tariff] {
        try await requireMigrated()
        // Every citizen's drill-down reads them; kept at the inputs' version, which their import moves.
        return try await reading {
            try await keptInput(tariffsKept) {
                try await rows("SELECT * FROM tariffs WHERE import_id = (SELECT MAX(import_id) FROM tariffs) ORDER BY id", table: "tariffs") { r in
                    let unit = try r.text("unit")
                    let function = try r.text("function_code")
                    guard let u = Tariff.Unit(rawValue: unit) else { throw r.failure("unit", "'\(unit)' er ikke en enhed") }
                    guard let f = AccountFunction(parsing: function) else { throw r.failure("function_code", "'\(function)' er ikke en funktion") }
                    let from = try r.day("valid_from")
                    let to = try r.day("valid_to")
                    guard let period = DateRange.checked(from, to) else { throw r.failure("valid_to", "perioden slutter før den begynder") }
                    return Tariff(
                        offer: try r.text("offer"), unit: u, amount: try r.money("amount_ore"), period: period, basis: try r.text("basis"),
                        function: f,
                        paragraph: try r.optionalText("paragraph"), department: try r.optionalText("department"), line: try r.int("line"))
                }
            }
        }
    }

    /// The uses in the newest `interne-ydelser` file, all or one citizen's.
    public func internalUses(cpr: CPR? = nil) async throws -> [InternalUse] {
        try await requireMigrated()
        let name = try await reading {
            try await rows("SELECT file_name FROM imports WHERE id = (SELECT MAX(import_id) FROM internal_uses)").first?
                .decode(column: "file_name", as: String.self)
        }
        guard let name else { return [] }
        let filter: SQLQueryString = cpr.map { " AND cpr = \(bind: $0.digits)" } ?? ""
        return try await reading {
            try await rows(
                "SELECT * FROM internal_uses WHERE import_id = (SELECT MAX(import_id) FROM internal_uses)\(filter) ORDER BY id",
                table: "internal_uses"
            ) { r in
                let from = try r.day("valid_from")
                let to = try r.day("valid_to")
                guard let period = DateRange.checked(from, to) else { throw r.failure("valid_to", "perioden slutter før den begynder") }
                return InternalUse(
                    cpr: try r.cpr("cpr"), offer: try r.text("offer"), period: period, hours: try r.isNull("hours") ? nil : try r.rate("hours"),
                    source: "\(name) linje \(try r.int("line"))", importID: try r.int("import_id"))
            }
        }
    }

    /// Sensum services whose provider is the municipality's own (`LeverandørEgetAfMyndighed`), as
    /// uses of the offer the service names; an open service runs to `today`.
    func sensumInternalUses(cpr: CPR?, today: Day) async throws -> [InternalUse] {
        let delivery = try await sensum()
        let own = Set(delivery.providers.filter(\.ownOffer).map(\.providerID))
        guard !own.isEmpty else { return [] }
        let importID = try await reading {
            try await rows("SELECT MAX(import_id) AS i FROM sensum_services").first?.decode(column: "i", as: Int?.self) ?? 0
        }
        let cprs = Dictionary(delivery.citizens.map { ($0.citizenID, $0.cpr) }, uniquingKeysWith: { a, _ in a })
        let citizens = Dictionary(delivery.cases.map { ($0.caseID, $0.citizenID) }, uniquingKeysWith: { a, _ in a })
        return delivery.services.compactMap { s in
            guard let p = s.providerID, own.contains(p), let start = s.start, let citizen = citizens[s.caseID], let c = cprs[citizen],
                cpr == nil || cpr == c, let period = DateRange.checked(start, s.end ?? today), let offer = s.name ?? s.section
            else { return nil }
            return InternalUse(cpr: c, offer: offer, period: period, source: "EG Sensum indsats \(s.serviceID)", importID: importID)
        }
    }

    /// The tariff-based costs, all or one citizen's; none without tariffs.
    func tariffCosts(cpr: CPR? = nil) async throws -> [(posting: Posting, importID: Int)] {
        let tariffs = try await tariffs()
        guard !tariffs.isEmpty else { return [] }
        let uses = try await internalUses(cpr: cpr) + sensumInternalUses(cpr: cpr, today: .today)
        return TariffCosts.costs(uses, tariffs: tariffs).postings
    }
}
