import Foundation
import HjemtagCore
import HjemtagStore

/// One person's results in the integration window, and what the ledger shows as received.
public struct ResultGrantPerson: Sendable {
    public var cpr: CPR
    public var programStart: Day
    public var assessments: [GrantAssessment]
    /// Resultattilskud received on the person: income on function 5.46.60 (sign turned).
    public var claimed: Money
    public var windowEnd: Day { programStart.adding(years: 5).adding(days: -1) }
    public var earned: Money { assessments.filter { $0.outcome == .earned }.reduce(.zero) { $0 + $1.amount } }
    /// Earned and not found in the ledger.
    public var unclaimed: Money { max(.zero, earned - claimed) }
    /// Danish messages naming the rates to enter before these results can be valued.
    public var missingRates: [String] { Array(Set(assessments.compactMap(\.missingRate))).sorted() }
}

/// Resultattilskud: assesses every person's jobs, educations and exams, compares with the grants
/// booked in the ledger, and stores findings.
public struct ResultGrantService: Sendable {
    /// STAR konteringsregler: resultattilskud is booked on 5.46.60.
    public static let grantFunction = AccountFunction(main: 5, group: 46, function: 60)
    let store: any Store
    public init(store: any Store) { self.store = store }

    public func analyse(today: Day = .today) async throws -> [ResultGrantPerson] {
        let parameters = try await store.parameterSet()
        var byCPR: [CPR: [IntegrationRow]] = [:]
        for r in try await store.integrationRows() { byCPR[r.cpr, default: []].append(r) }
        // Resultattilskud received: income on 5.46.60, its sign turned.
        let received = MoneySums<CPR>()
        let citizens = Set(byCPR.keys)
        try await store.forEachPosting(.citizens(citizens)) { p in
            if p.function == Self.grantFunction, let cpr = p.cpr, citizens.contains(cpr) { received.add(cpr, -p.amount) }
        }
        let claimed = received.all
        var out: [ResultGrantPerson] = []
        for (cpr, rows) in byCPR.sorted(by: { $0.key < $1.key }) {
            let start = rows.map(\.programStart).min()!
            let events = rows.compactMap(\.event).map { e -> IntegrationEvent in
                var e = e
                e.programStart = start
                return e
            }
            let assessments = ResultGrantRules.assessAll(events, today: today, parameters: parameters)
            out.append(ResultGrantPerson(cpr: cpr, programStart: start, assessments: assessments, claimed: claimed[cpr] ?? .zero))
        }
        return out
    }

    @discardableResult
    public func run(by user: String, today: Day = .today) async throws -> [ResultGrantPerson] {
        let inputs = try await ComputationLedger(store: store).inputs(.resultGrant)
        let persons = try await analyse(today: today)
        var findings: [Int: [Finding]] = [:]
        for p in persons {
            // Received grants cover the earliest earned results first.
            var cover = p.claimed
            for a in p.assessments.filter({ $0.outcome == .earned }).sorted(by: { ($0.earnedOn ?? $0.start) < ($1.earnedOn ?? $1.start) }) {
                let covered = min(cover, a.amount)
                cover = cover - covered
                let missing = a.amount - covered
                guard missing != .zero, let on = a.earnedOn else { continue }
                findings[on.year, default: []].append(
                    Finding(
                        scheme: Scheme.resultGrant, year: on.year, kind: FindingKind.grantNotClaimed.rawValue, subjectKey: a.key, cprs: [p.cpr],
                        amount: missing, direction: .claim, text: "\(a.kind.danishName): \(a.reason); ikke fundet i regnskabet (5.46.60)"))
            }
            for a in p.assessments where a.outcome == .pending {
                let y = a.earnedOn?.year ?? today.year
                findings[y, default: []].append(
                    Finding(
                        scheme: Scheme.resultGrant, year: y, kind: FindingKind.grantPending.rawValue, subjectKey: a.key, cprs: [p.cpr],
                        amount: a.amount,
                        direction: .check, text: "\(a.kind.danishName): \(a.reason)"))
            }
            let hasResult = p.assessments.contains { $0.outcome != .lost }
            if !hasResult, p.windowEnd >= today, p.windowEnd - today <= 180 {
                findings[p.windowEnd.year, default: []].append(
                    Finding(
                        scheme: Scheme.resultGrant, year: p.windowEnd.year, kind: FindingKind.grantWindowEnds.rawValue,
                        subjectKey: "\(p.cpr.digits):vindue",
                        cprs: [p.cpr], amount: .zero, direction: .check,
                        text: "femårsvinduet slutter \(p.windowEnd.danish) uden et resultat; et job eller en uddannelse skal påbegyndes før"))
            }
        }
        let years = Set(findings.keys).union(
            try await store.findings(scheme: Scheme.resultGrant, year: nil, includeInactive: false).map(\.finding.year))
        for y in years.sorted() { try await store.replaceFindings(scheme: Scheme.resultGrant, year: y, findings[y] ?? []) }
        try await ComputationLedger(store: store).record(.resultGrant, year: nil, by: user, from: inputs)
        try await store.appendAudit(
            username: user, action: .computation, page: Scheme.resultGrant.rawValue,
            purpose:
                "\(Scheme.resultGrant.title): \(DanishFormat.count(persons.count, "person", "personer")), \(DanishFormat.count(findings.values.reduce(0) { $0 + $1.count }, "fund", "fund"))"
        )
        return persons
    }
}
