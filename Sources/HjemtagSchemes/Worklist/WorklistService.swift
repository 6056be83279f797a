import Foundation
import HjemtagCore
import HjemtagStore

/// The day's work in one place (the start page, `hjemtag arbejdsliste`): money to claim and to
/// pay back per scheme, what the last robot pass found or changed, claims running against their
/// deadline and what is already lost, results whose inputs changed, missing parameters, the
/// settlement dates ahead, and the robot's last pass. Field names are Danish, as `--json` prints.
public struct Worklist: Sendable, Codable, Hashable {
    public struct SchemeMoney: Sendable, Codable, Hashable {
        public var ordning: String
        public var titel: String
        public var kan_hjemtages: Money
        public var skal_betales_tilbage: Money
        public var fund: Int
    }
    public struct FindingLine: Sendable, Codable, Hashable {
        public var id: Int
        public var ordning: String
        public var aar: Int
        public var beloeb: Money
        public var tekst: String
        /// `ny` or `ændret` since the last pass.
        public var hvad: String
    }
    /// A claim of ours with a deadline within 90 days, for the list that leads to it.
    public struct ClaimDue: Sendable, Codable, Hashable {
        public var id: Int
        public var modpart: Int
        public var frist: Day
        public var kan_kraeves: Money
    }
    public struct Claims: Sendable, Codable, Hashable {
        /// The claims within 90 days, the nearest deadline first.
        public var snart: [ClaimDue] = []
        public var inden_30_dage: Int
        public var inden_30_dage_beloeb: Money
        public var inden_90_dage: Int
        public var inden_90_dage_beloeb: Money
        public var foraeldet: Money
    }
    public struct Deadline: Sendable, Codable, Hashable {
        public var dato: Day
        public var tekst: String
    }

    public var dato: Day
    public var ordninger: [SchemeMoney]
    public var siden_sidste_koersel: [FindingLine]
    public var krav: Claims
    public var foraeldede_resultater: [String]
    public var manglende_parametre: [String]
    public var frister: [Deadline]
    public var robot: String?
    public var afviste_filer: [String]
    /// Years a claim may still need whose OS2bos report is not in the store.
    public var manglende_filer: [String] = []
}

public struct WorklistService: Sendable {
    let store: any Store
    /// The findings the last pass found or changed that the worklist lists.
    static let recentCount = 20
    public init(store: any Store) { self.store = store }

    /// The worklist on `today` for a viewer who sees the citizens `persons` (a caseworker: their
    /// departments'; nil: everyone): their findings, those that name no citizen, and the claims
    /// about them. `stale`: the stale results when the caller has read them already (the page's
    /// banner needs them too).
    public func worklist(today: Day, persons: Set<CPR>? = nil, stale known: [Staleness]? = nil) async throws -> Worklist {
        // The store sums and sorts: a Copenhagen-sized night leaves 132.155 findings, and reading
        // them all on every view of the start page took most of a second. A caseworker's own
        // findings are read once and summed here.
        var mine: [Scheme: [StoredFinding]]?
        if let persons {
            var query = FindingQuery()
            query.persons = persons
            mine = Dictionary(grouping: try await store.findingPage(query, limit: .max), by: \.finding.scheme)
        }
        var schemes: [Worklist.SchemeMoney] = []
        let all = mine == nil ? try await store.findingTotalsPerScheme() : [:]
        for scheme in Scheme.withFindings {
            let totals = mine.map { FindingTotals(summing: $0[scheme] ?? []) } ?? all[scheme] ?? FindingTotals()
            schemes.append(
                .init(
                    ordning: scheme.rawValue, titel: scheme.title, kan_hjemtages: totals.claim, skal_betales_tilbage: totals.payBack,
                    fund: totals.count))
        }
        // What the last finished pass found new or changed, the largest first.
        let lastPass = try await store.robotRuns(limit: 5).first { $0.finishedAt != nil }
        var recent: [Worklist.FindingLine] = []
        if let since = lastPass?.startedAt {
            var query = FindingQuery()
            query.persons = persons
            query.updatedSince = since
            recent = try await store.findingPage(query, limit: Self.recentCount).map { f in
                .init(
                    id: f.id, ordning: f.finding.scheme.rawValue, aar: f.finding.year, beloeb: f.finding.amount, tekst: f.finding.text,
                    hvad: f.createdAt >= since ? "ny" : "ændret")
            }
        }
        let sees: (CPR) -> Bool = { persons?.contains($0) ?? true }
        // Our claims nobody has sent yet, by their next deadline; and what is lost already.
        var claimYears = Set<Int>()
        var claims = Worklist.Claims(
            inden_30_dage: 0, inden_30_dage_beloeb: .zero, inden_90_dage: 0, inden_90_dage_beloeb: .zero, foraeldet: .zero)
        // Valued by the store once a day and claims' version: copying and valuing every claim on
        // every view was a sixth of the page under load at Copenhagen's size (issue 22 § 4).
        let valued = try await store.valuedClaims(on: today)
        for i in valued.outgoing where sees(valued.claims[i].draft.cpr) {
            let value = valued.values[i]
            if value.claimable != .zero { claimYears.insert(valued.claims[i].draft.from.year) }
            claims.foraeldet = claims.foraeldet + value.timeBarred
            guard let next = valued.nextOpenDeadline(i) else { continue }
            if next - today <= ClaimRules.firstWarningDays {
                claims.snart.append(
                    .init(id: valued.claims[i].id, modpart: valued.claims[i].draft.counterpart, frist: next, kan_kraeves: value.claimable))
            }
            if next - today <= ClaimRules.secondWarningDays {
                claims.inden_30_dage += 1
                claims.inden_30_dage_beloeb = claims.inden_30_dage_beloeb + value.claimable
            } else if next - today <= ClaimRules.firstWarningDays {
                claims.inden_90_dage += 1
                claims.inden_90_dage_beloeb = claims.inden_90_dage_beloeb + value.claimable
            }
        }
        claims.snart.sort { ($0.frist, $0.id) < ($1.frist, $1.id) }
        var results = known
        if results == nil { results = try await ComputationLedger(store: store).stale() }
        let stale = (results ?? []).map { s in
            s.computation.scheme.title + (s.computation.year.map { " \($0)" } ?? "") + ": " + s.changes.joined(separator: "; ")
        }
        let missing = try await store.parameterCheck(today: today).filter { $0.kind != .unchecked }.map(\.text)
        // The settlement dates in the next 120 days (last year's refund is settled this spring).
        let deadlines = [today.year - 1, today.year].flatMap { Settlement.deadlines(forYear: $0).map { ($0, $0.day) } }
            .filter { $0.1 >= today && $0.1 - today <= 120 }
            .map { Worklist.Deadline(dato: $0.1, tekst: "\(Scheme.sde.title) \($0.1.year - 1): \($0.0.text)") }
        let refused = (lastPass?.report?.filer ?? []).filter { $0.status == "afvist" }.map { f in
            let first = f.fejl.first ?? ""
            return first.hasPrefix(f.fil) ? first : "\(f.fil): \(first)"
        }
        var worklist = Worklist(
            dato: today, ordninger: schemes, siden_sidste_koersel: recent, krav: claims, foraeldede_resultater: stale,
            manglende_parametre: missing, frister: deadlines, robot: lastPass.map(Self.robotLine), afviste_filer: refused)
        worklist.manglende_filer = try await missingReports(today: today, claimYears: claimYears)
        return worklist
    }

    /// OS2bos's payment report covers the current year and the two before: a year still within
    /// reach of a claim (SDE computed for it, or a § 9 c claim with help in it, from three years
    /// back) that no stored report covers needs a report made while it was covered.
    func missingReports(today: Day, claimYears: Set<Int>) async throws -> [String] {
        guard let text = try await store.setting(PaymentMatchService.yearsSetting) else { return [] }
        let covered = Set(text.split(separator: ",").compactMap { Int($0) })
        let computed = Set(try await store.computations().filter { $0.scheme == .sde }.compactMap(\.year))
        let needed = computed.union(claimYears).union([today.year]).filter { $0 >= today.year - 3 && $0 <= today.year }
        return needed.subtracting(covered).sorted().map { year in
            "Ingen OS2bos-betalinger for \(year) i de importerede betalingsrapporter, som dækker indeværende år og de to foregående"
                + (year < today.year - 2
                    ? "; kun en rapport dannet senest i \(year + 2) dækker året"
                    : "; en rapport dannet i år dækker året: importér den nyeste granted_payments")
        }
    }

    /// "02.12.2026 02:00: 3 filer importeret, 1 afvist; 6 beregninger, 1 ordning med fejl."
    public static func robotLine(_ run: RobotRun) -> String {
        guard let report = run.report, run.finishedAt != nil else { return "kører nu (startet \(DanishFormat.timestamp(run.startedAt)))" }
        let taken = report.filer.filter { $0.status == "importeret" }.count
        let refused = report.filer.filter { $0.status == "afvist" }.count
        let failed = report.ordninger.filter { $0.status == "fejl" }.count
        return "\(DanishFormat.timestamp(run.startedAt)): \(DanishFormat.count(taken, "fil", "filer")) importeret, \(refused) afvist; "
            + DanishFormat.count(report.ordninger.filter { $0.status == "beregnet" }.count, "beregning", "beregninger")
            + (failed == 0 ? "." : ", \(DanishFormat.count(failed, "ordning", "ordninger")) med fejl.")
    }
}
