import Foundation
import HjemtagCore
import HjemtagStore

/// Loads benefits, subsidised employment and YR rows, runs the staircase and the reconciliation.
public struct StaircaseService: Sendable {
    let store: any Store
    public init(store: any Store) { self.store = store }

    /// The whole history is read so that counts are right at `from` (§ 6 looks back three years).
    /// With `only`, the history of those citizens alone (a scenario's cases); with `knownBy`, only
    /// the payments whose period began by that day (a forecast's known part).
    public func calculator(from: Day, to: Day, only: Set<CPR>? = nil, knownBy: Day? = nil) async throws -> StaircaseCalculator {
        var calc = try StaircaseCalculator(from: from, to: to, parameters: try await store.parameterSet())
        let grants = GrantDates(try await store.pensionGrants())
        func wanted(_ cpr: CPR) -> Bool { only?.contains(cpr) ?? true }
        for var p in try await store.benefitPayments() where p.period.start <= min(to, knownBy ?? to) && wanted(p.cpr) {
            if p.benefit.grantedFrom != nil, p.grantedOn == nil { p.grantedOn = grants.grant(of: p.cpr, before: p.period.start) }
            calc.add(p)
        }
        for s in try await store.subsidisedPeriods() where s.period.start <= to && wanted(s.cpr) { calc.add(s) }
        // The counters kept where the retention rule deleted the history before them.
        for c in try await store.staircaseCarries() where wanted(c.cpr) { calc.add(c) }
        return calc
    }

    public func run(from: Day, to: Day) async throws -> StaircaseResult {
        try await calculator(from: from, to: to).result()
    }

    /// The reconciliation of a calendar year, as its page, its download and its findings read it.
    public func reconcile(year: Int) async throws -> (StaircaseResult, [YRReconciliation.Line], fleksbidrag: Money) {
        try await reconcile(from: Day(year: year, month: 1, day: 1)!, to: Day(year: year, month: 12, day: 31)!)
    }

    public func reconcile(from: Day, to: Day) async throws -> (StaircaseResult, [YRReconciliation.Line], fleksbidrag: Money) {
        let result = try await run(from: from, to: to)
        let yr = try await store.yrRows(from: from, to: to)
        let lines = YRReconciliation.reconcile(ours: result.weeks, yr: yr)
        let fleks = yr.filter(\.isFleksbidrag).reduce(Money.zero) { $0 + $1.computed }
        return (result, lines, fleks)
    }

    /// Stores one finding per person with differences, in the municipality's favour or against it.
    public func storeFindings(_ lines: [YRReconciliation.Line], year: Int, by user: String) async throws -> [Finding] {
        let inputs = try await ComputationLedger(store: store).inputs(.staircase, year: year)
        var byPerson: [CPR: (Money, Int)] = [:]
        for l in lines where l.status != .agree {
            let e = byPerson[l.cpr] ?? (.zero, 0)
            byPerson[l.cpr] = (e.0 + l.atStake, e.1 + 1)
        }
        let findings = byPerson.sorted { $0.key < $1.key }.compactMap { cpr, v -> Finding? in
            guard v.0.magnitude.ore > 100 else { return nil }
            return Finding(
                scheme: Scheme.staircase, year: year, kind: FindingKind.yrDifference.rawValue, subjectKey: "cpr:" + cpr.digits, cprs: [cpr],
                amount: v.0.magnitude, direction: v.0.isNegative ? .payBack : .claim,
                text:
                    "\(DanishFormat.count(v.1, "uge/ydelse", "uger/ydelser")) afviger mellem egne data og Ydelsesrefusion; \(v.0.isNegative ? "kommunen har fået \(v.0.magnitude.danishKroner) for meget." : "kommunen mangler \(v.0.danishKroner) i refusion.")"
            )
        }
        try await store.replaceFindings(scheme: Scheme.staircase, year: year, findings)
        try await ComputationLedger(store: store).record(.staircase, year: year, by: user, from: inputs)
        try await store.appendAudit(
            username: user, action: .computation, page: "\(Scheme.staircase.rawValue) \(year)",
            purpose:
                "afstemning med Ydelsesrefusion \(year): \(DanishFormat.count(lines.count, "linje", "linjer")), \(DanishFormat.count(findings.count, "fund", "fund"))"
        )
        return findings
    }
}

/// The førtidspension grants by citizen: the grant a payment belongs to is the latest one made on
/// or before the payment's first day (a pension is paid from the grant on).
struct GrantDates {
    private var byCPR: [CPR: [Day]] = [:]

    init(_ grants: [PensionGrant]) {
        for g in grants { byCPR[g.cpr, default: []].append(g.grantedOn) }
        for k in byCPR.keys { byCPR[k]!.sort() }
    }

    func grant(of cpr: CPR, before day: Day) -> Day? { byCPR[cpr]?.last { $0 <= day } }
}
