import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore

/// Keeps the stored matches of OS2bos payments to ledger postings current (`PaymentMatching`):
/// every reader of the postings (SDE, mellemkommunal, moms, budget) sees each krone once. The
/// matches are rebuilt when the postings, the estimate setting or the day has changed.
public struct PaymentMatchService: Sendable {
    /// "ja": a due planned payment without a ledger posting counts at its planned amount, as a
    /// flagged estimate. Off unless the municipality chooses it.
    public static let estimateSetting = "os2bos.planlagte_som_skoen"
    static let basisSetting = "os2bos.match_grundlag"
    /// The years the stored OS2bos payments are due in (`2024,2025,2026`), kept by each matching
    /// so the worklist can say which years lack a report without reading the payments.
    public static let yearsSetting = "os2bos.aar"
    /// Changed with every decision, so results computed before one are stale.
    public static let decisionsSetting = "os2bos.afgoerelser"

    let store: any Store
    let today: Day

    public init(store: any Store, today: Day) {
        self.store = store
        self.today = today
    }

    /// What the latest matching did, for the import's answer and the CLI.
    public struct Summary: Sendable, Equatable {
        public var counts: [String: Int] = [:]
        public var amounts: [String: Money] = [:]
        public var isEmpty: Bool { counts.isEmpty }

        /// `"OS2bos mod bogføringen: 41 matchet (…), 54 planlagt uden bogføring (2.636.750,00 kr.)"`.
        public var text: String {
            let order = [
                "matchet", "kun_os2bos", "skoen", "uden_bogfoering", "tvetydig", "planlagt", "erstattet", "sensum_matchet", "sensum_tvetydig",
            ]
            let names = [
                "matchet": "betalt gennem bogføringen", "kun_os2bos": "kun betalt i OS2bos", "skoen": "medregnet som skøn",
                "uden_bogfoering": "forfaldne uden bogføring (ikke medregnet)", "tvetydig": "tvetydige (afgøres af en person)",
                "planlagt": "planlagte, ikke forfaldne", "erstattet": "erstattet af en nyere rapport",
                "sensum_matchet": "posteringer uden CPR knyttet til en Sensum-indsats",
                "sensum_tvetydig": "posteringer på en konto flere borgeres indsatser deler",
            ]
            return "OS2bos-betalinger mod bogføringen: "
                + order.compactMap { k in
                    counts[k].map { "\($0) \(names[k]!)" + (amounts[k].map { " (\($0.danishKroner))" } ?? "") }
                }.joined(separator: ", ")
        }
    }

    public static func estimates(in store: any Store) async throws -> Bool {
        try await store.setting(estimateSetting) == "ja"
    }

    /// The name `hjemtag indstil` and the settings page use for the estimate choice.
    public static let estimateKey = "os2bos-planlagte-som-skoen"
    public static let estimateExplanation =
        "Forfaldne planlagte OS2bos-betalinger (fakturaer), som ingen postering i bogføringen betaler, medregnes som skøn til det planlagte beløb (OS2bos' egen værdi) og vises som skøn i hver forklaring. Slået fra: de er fund, ikke udgifter."

    /// Stores the choice and writes it to the audit log, for the CLI and the web alike.
    public static func setEstimates(_ on: Bool, in store: any Store, by user: String, page: String) async throws {
        try await store.setSetting(estimateSetting, on ? "ja" : "nej")
        try await store.appendAudit(username: user, action: .setting, cpr: nil, page: page, purpose: "\(estimateKey) = \(on ? "ja" : "nej")")
    }

    /// What the matches rest on: the imports of postings, the estimate choice and the day (a
    /// planned payment becomes due with the date).
    func basis() async throws -> String {
        let kinds = ImportKind.costKinds.union(ImportKind.sensum)
        let ids = try await store.imports().filter { ImportKind(rawValue: $0.kind).map(kinds.contains) == true }.map(\.id).sorted()
        let decisions = try await store.paymentDecisions().sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.map(String.init) ?? "-")" }
        return "import:\(ids.map(String.init).joined(separator: ","));skoen:\(try await Self.estimates(in: store));dag:\(today.iso)"
            + ";afgjort:\(decisions.joined(separator: ","))"
    }

    /// Rebuilds the matches if anything under them has changed.
    public func ensureCurrent() async throws {
        let now = try await basis()
        guard try await store.setting(Self.basisSetting) != now else { return }
        _ = try await refresh(basis: now)
    }

    /// Matches every stored OS2bos payment against the ledger and stores every outcome.
    @discardableResult
    public func refresh() async throws -> Summary { try await refresh(basis: try await basis()) }

    func refresh(basis: String) async throws -> Summary {
        let imports = try await store.imports()
        let hasPayments = imports.contains { $0.kind == ImportKind.os2bosPayments.rawValue }
        let hasServices = imports.contains { $0.kind == ImportKind.sensumServices.rawValue }
        var outcomes: [Int64: PaymentMatching.Outcome] = [:]
        var serviceOutcomes: [Int64: ServiceMatching.Outcome] = [:]
        var summary = Summary()
        var cprs: [Int64: CPR] = [:]
        let services = hasServices ? ServiceMatching.services(try await store.sensum()) : []
        let accounts = Set(services.map(\.account))
        var taken = Set<Int64>()
        var dueYears = Set<Int>()
        if hasPayments {
            let all = try await store.os2bosPayments()
            dueYears = Set(all.map(\.payment.dueDate.year))
            // A newer report repeats a payment (planned then, perhaps paid now): the latest row speaks for it.
            var latest: [String: PaymentMatching.Payment] = [:]
            for p in all where (latest[p.payment.paymentID]?.id ?? -1) < p.id { latest[p.payment.paymentID] = p }
            let current = Array(latest.values)
            let ledger = try await store.matchCandidates(
                functions: Set(current.map(\.payment.posting.function)).subtracting([OS2bosPaymentParser.unknownFunction]),
                cprs: Set(current.compactMap(\.payment.posting.cpr)), accounts: accounts)
            outcomes = PaymentMatching.match(
                payments: current, ledger: ledger, asOf: today, countPlannedAsEstimate: try await Self.estimates(in: store),
                decisions: try await store.paymentDecisions())
            let currentIDs = Set(current.map(\.id))
            for o in outcomes.values { if case .matched(let l, _) = o { taken.insert(l) } }
            // A posting an OS2bos payment explains is not offered to a Sensum service.
            if !services.isEmpty { serviceOutcomes = ServiceMatching.match(ledger: ledger.filter { !taken.contains($0.id) }, services: services) }
            for p in all {
                cprs[p.id] = p.payment.posting.cpr
                let code = currentIDs.contains(p.id) ? outcomes[p.id]!.code : "erstattet"
                if !currentIDs.contains(p.id) { outcomes[p.id] = .superseded }
                summary.counts[code, default: 0] += 1
                summary.amounts[code, default: .zero] = summary.amounts[code, default: .zero] + p.payment.value
            }
        }
        if !hasPayments && !services.isEmpty {
            serviceOutcomes = ServiceMatching.match(
                ledger: try await store.matchCandidates(functions: [], cprs: [], accounts: accounts), services: services)
        }
        for o in serviceOutcomes.values {
            let code = { if case .matched = o { return "sensum_matchet" } else { return "sensum_tvetydig" } }()
            summary.counts[code, default: 0] += 1
        }
        try await store.replacePaymentMatches(outcomes, cprs: cprs)
        try await store.replaceServiceMatches(serviceOutcomes)
        if hasPayments { try await store.setSetting(Self.yearsSetting, dueYears.sorted().map(String.init).joined(separator: ",")) }
        try await store.setSetting(Self.basisSetting, basis)
        return summary
    }

    /// A person's answer to an ambiguous match, applied at once: the matches are rebuilt, and the
    /// results computed before are stale (`basisSetting` is among the schemes' inputs).
    public func decide(paymentID: String, ledger: Int64?, by user: String, note: String?, page: String) async throws {
        let payment = try await store.os2bosPayments().last { $0.payment.paymentID == paymentID }
        guard let payment else { throw PaymentMatchError.unknownPayment(paymentID) }
        if let ledger {
            guard case .ambiguous(_, let candidates)? = try await store.paymentMatches(cpr: nil)[payment.id], candidates.contains(ledger) else {
                throw PaymentMatchError.notACandidate(paymentID, ledger)
            }
        }
        try await store.decidePayment(paymentID, ledger: ledger, by: user, note: note, cpr: payment.payment.posting.cpr, page: page)
        try await store.setSetting(Self.decisionsSetting, "\(Date().formatted(.iso8601)) \(paymentID)")
        _ = try await refresh()
    }

    /// The findings of a year's payments: planned payments due without a ledger posting (per
    /// plan), and payments more than one posting fits (each, for a person to decide).
    public func findings(year: Int) async throws -> [Finding] {
        var out: [Finding] = []
        let outcomes = try await store.paymentMatches(cpr: nil)
        if !outcomes.isEmpty {
            let payments = try await store.os2bosPayments().filter { $0.payment.dueDate.year == year }
            out += PaymentMatching.findings(payments: payments, outcomes: outcomes, year: year)
        }
        let contested = try await store.serviceMatches(cpr: nil).compactMap { id, o -> (Int64, [String])? in
            if case .ambiguous(let ids) = o { return (id, ids) } else { return nil }
        }
        let serviceIDs = Dictionary(contested, uniquingKeysWith: { a, _ in a })
        for p in try await store.postings(ids: contested.map(\.0).sorted()) where p.posting.date.year == year {
            let ids = serviceIDs[p.id] ?? []
            out.append(
                Finding(
                    scheme: .sde, year: year, kind: FindingKind.serviceAmbiguous.rawValue, subjectKey: "postering-\(p.id)", cprs: [],
                    amount: p.posting.amount, direction: .check,
                    text:
                        "Posteringen \(p.posting.date.danish) bilag \(p.posting.voucher ?? "–") på \(p.posting.amount.danishKroner) står på konto "
                        + "\(ServiceMatching.account(of: p.posting) ?? "?"), som \(ids.count) Sensum-indsatser (\(ids.joined(separator: ", "))) for forskellige borgere deler i måneden; "
                        + "den er ikke knyttet til nogen borger. Bogfør den på borgerens CPR-nummer."))
        }
        return out
    }
}

public enum PaymentMatchError: Error, Sendable, CustomStringConvertible, Equatable {
    case unknownPayment(String)
    case notACandidate(String, Int64)

    public var description: String {
        switch self {
        case .unknownPayment(let id): return "OS2bos-betaling \(id) findes ikke"
        case .notACandidate(let id, let posting): return "postering nr. \(posting) er ikke en af de mulige posteringer for OS2bos-betaling \(id)"
        }
    }
}
