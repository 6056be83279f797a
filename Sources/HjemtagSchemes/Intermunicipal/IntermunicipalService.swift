import Foundation
import HjemtagCore
import HjemtagStore

/// One citizen's reading: the payer of every episode and the pension refund spans.
public struct IntermunicipalPerson: Sendable, Codable {
    /// The id of the citizen's first stored episode: the key pages use instead of the CPR number.
    public var key: Int
    public var cpr: CPR
    public var periods: [PayerPeriod]
    public var pension: [PensionRefundSpan]

    /// Has a period where a municipality other than the opholdskommune pays.
    public var hasPayer: Bool { periods.contains { $0.payer != nil } || !pension.isEmpty }
    public var reviews: [String] { periods.compactMap(\.review) }
}

public struct IntermunicipalAnalysis: Sendable {
    public var own: Int
    public var today: Day
    public var persons: [IntermunicipalPerson]
    public var outgoing: [ClaimCandidate]
    public var incoming: [(claim: IncomingClaim, verdict: ClaimVerdict)]
    public var parameters: [ParameterReference]
}

/// Reads the residence history, decides payers, finds our claims and checks the claims we received.
public struct IntermunicipalService: Sendable {
    let store: any Store
    public init(store: any Store) { self.store = store }

    struct Settings: Equatable {
        var deadlineYears: Int
        var abroadDays: Int
        var pensionYears: Int
        var references: [ParameterReference]
    }

    func settings(_ today: Day) async throws -> Settings {
        let set = try await store.parameterSet()
        let (deadline, r1) = try set.count("mellemkommunal.kravfrist.aar", on: today)
        let (abroad, r2) = try set.count("mellemkommunal.udlandsophold.maks.dage", on: today)
        let (pension, r3) = try set.count("mellemkommunal.foertidspension.aar", on: today)
        return Settings(deadlineYears: deadline, abroadDays: abroad, pensionYears: pension, references: [r1, r2, r3])
    }

    func ownMunicipality() async throws -> Int {
        guard let own = try await store.ownMunicipality() else { throw StoreError.notMigrated }
        return own.code
    }

    func person(_ key: Int, _ cpr: CPR, _ episodes: [ResidenceEpisode], _ resolver: PayerResolver, _ grants: [PensionGrant], _ s: Settings)
        -> IntermunicipalPerson
    {
        let periods = resolver.resolve(episodes)
        let pension = grants.filter { $0.cpr == cpr }.flatMap { PensionRule.spans($0, periods: periods, years: s.pensionYears) }
        return IntermunicipalPerson(key: key, cpr: cpr, periods: periods, pension: pension)
    }

    /// Every citizen's payer periods and pension spans, without the claims: what the overview
    /// lists. The claims read each payer's citizens' postings, which the stored claims already hold.
    public func persons(today: Day = .today) async throws -> (own: Int, persons: [IntermunicipalPerson], parameters: [ParameterReference]) {
        let s = try await settings(today)
        return (try await ownMunicipality(), try await persons(s), s.references)
    }

    func persons(_ s: Settings) async throws -> [IntermunicipalPerson] {
        let inputs = ResolutionInputs(
            episodes: try await store.residenceEpisodes(), marks: try await store.passivityMarks(), grants: try await store.pensionGrants(),
            settings: s)
        return await Self.lastResolution.value(at: inputs) {
            let resolver = PayerResolver(abroadLimitDays: inputs.settings.abroadDays, passivity: inputs.marks)
            let grants = Dictionary(grouping: inputs.grants, by: \.cpr)
            var byCPR: [CPR: [StoredEpisode]] = [:]
            for e in inputs.episodes { byCPR[e.episode.cpr, default: []].append(e) }
            return byCPR.sorted(by: { $0.key < $1.key }).map { cpr, stored in
                person(stored.map(\.id).min() ?? 0, cpr, stored.map(\.episode), resolver, grants[cpr] ?? [], inputs.settings)
            }
        }
    }

    /// The last resolution of every citizen's payers, kept with everything it was made from and
    /// used only when all of it is equal: the overview shows it on every view, and resolving the
    /// residence histories was a fifth of the page under load (issue 22 § 4). Compared whole, so
    /// no write by any process, user or import can be missed; reading the inputs is not saved.
    static let lastResolution = KeptValue<ResolutionInputs, [IntermunicipalPerson]>()

    public func analyse(today: Day = .today) async throws -> IntermunicipalAnalysis {
        try await PaymentMatchService(store: store, today: today).ensureCurrent()
        let own = try await ownMunicipality()
        let s = try await settings(today)
        let persons = try await persons(s)
        var outgoing: [ClaimCandidate] = []
        for p in persons where p.periods.contains(where: { $0.payer != nil && $0.payer != own && $0.episode.municipality == own }) {
            outgoing += ClaimRules.candidates(
                cpr: p.cpr, periods: p.periods, postings: try await store.postings(cpr: p.cpr), own: own, deadlineYears: s.deadlineYears)
        }
        let periodsByCPR = Dictionary(uniqueKeysWithValues: persons.map { ($0.cpr, $0.periods) })
        let incoming = try await store.incomingClaims().map { c in
            (claim: c, verdict: IncomingClaimCheck.check(c, periods: periodsByCPR[c.cpr] ?? [], own: own, deadlineYears: s.deadlineYears))
        }
        return IntermunicipalAnalysis(own: own, today: today, persons: persons, outgoing: outgoing, incoming: incoming, parameters: s.references)
    }

    /// Who pays for a citizen's help period by period, and our own municipality's code.
    public func payerPeriods(cpr: CPR, today: Day = .today) async throws -> (own: Int, periods: [PayerPeriod]) {
        let s = try await settings(today)
        let stored = try await store.residenceEpisodes(cpr: cpr)
        guard !stored.isEmpty else { return (try await ownMunicipality(), []) }
        let resolver = PayerResolver(abroadLimitDays: s.abroadDays, passivity: try await store.passivityMarks())
        return (try await ownMunicipality(), resolver.resolve(stored.map(\.episode)))
    }

    /// Every citizen's payer periods (a forecast's "move that changes the payer").
    public func payerPeriodsByCPR(today: Day = .today) async throws -> [CPR: [PayerPeriod]] {
        let s = try await settings(today)
        let resolver = PayerResolver(abroadLimitDays: s.abroadDays, passivity: try await store.passivityMarks())
        var byCPR: [CPR: [ResidenceEpisode]] = [:]
        for e in try await store.residenceEpisodes() { byCPR[e.episode.cpr, default: []].append(e.episode) }
        return byCPR.mapValues { resolver.resolve($0) }
    }

    /// One citizen, found by the key of one of their episodes.
    public func person(key: Int, today: Day = .today) async throws -> IntermunicipalPerson? {
        guard let first = try await store.residenceEpisode(id: key) else { return nil }
        let s = try await settings(today)
        let stored = try await store.residenceEpisodes(cpr: first.episode.cpr)
        let resolver = PayerResolver(abroadLimitDays: s.abroadDays, passivity: try await store.passivityMarks())
        return person(stored.map(\.id).min() ?? key, first.episode.cpr, stored.map(\.episode), resolver, try await store.pensionGrants(), s)
    }

    /// Runs the analysis and saves its claims (keeping their status) and findings.
    @discardableResult
    public func run(by: String, today: Day = .today) async throws -> IntermunicipalAnalysis {
        let inputs = try await ComputationLedger(store: store).inputs(.intermunicipal)
        let a = try await analyse(today: today)
        var drafts: [ClaimDraft] = a.outgoing.map { c in
            ClaimDraft(
                direction: .outgoing, key: c.key, cpr: c.cpr, counterpart: c.payer, from: c.from, to: c.to, amount: c.amount,
                legalBasis: c.legalBasis, deadline: c.deadline,
                reasons: ["\(c.rule.rawValue): \(c.rule.danishText)", "Omfang: \(c.scope.danishText)"], lines: c.lines)
        }
        drafts += a.incoming.map { pair in
            let c = pair.claim
            return ClaimDraft(
                direction: .incoming, key: c.key, cpr: c.cpr, counterpart: c.fromMunicipality, from: c.period.start, to: c.period.end,
                amount: c.amount, accepted: pair.verdict.acceptedAmount, legalBasis: c.legalBasis ?? "ikke oplyst",
                deadline: c.receivedOn.adding(days: 28), receivedOn: c.receivedOn, reference: c.reference,
                verdict: pair.verdict.kind, reasons: pair.verdict.reasons)
        }
        try await store.mergeClaims(drafts, by: by)
        // Findings per year, so the cross-scheme list and the business case see this scheme too.
        var findings: [Int: [Finding]] = [:]
        // A claim is worth the help still within the three-year deadline; older help is a loss,
        // named apart, never income (Højesteret 18.4.2024). A claim already sent keeps the value
        // it had the day it was sent.
        let sent = Dictionary(
            try await store.claims(direction: .outgoing, includeInactive: true).compactMap { c in c.raisedOn.map { (c.draft.key, $0) } },
            uniquingKeysWith: { a, _ in a })
        for c in a.outgoing {
            let value = c.value(raisedOn: sent[c.key] ?? today)
            let payer = "\(ResidenceEpisode.name(c.payer)) Kommune"
            if value.claimable != .zero {
                findings[c.year, default: []].append(
                    Finding(
                        scheme: Scheme.intermunicipal, year: c.year, kind: FindingKind.claimOut.rawValue, subjectKey: c.key, cprs: [c.cpr],
                        amount: value.claimable,
                        direction: .claim,
                        text: "Krav mod \(payer) \(c.year) (\(c.legalBasis)); kan kræves \(value.claimable.danishKroner)"
                            + (value.timeBarred == .zero ? "" : ", forældet \(value.timeBarred.danishKroner)")
                            + "; frist \(ClaimRules.nextDeadline(c.lines, on: today)?.danish ?? c.deadline.danish)"))
            }
            if value.timeBarred != .zero {
                findings[c.year, default: []].append(
                    Finding(
                        scheme: Scheme.intermunicipal, year: c.year, kind: FindingKind.claimTimeBarred.rawValue, subjectKey: c.key + ":foraeldet",
                        cprs: [c.cpr],
                        amount: value.timeBarred, direction: .check,
                        text: "Hjælp ældre end tre år i kravet mod \(payer) \(c.year) er forældet: \(value.timeBarred.danishKroner) kan ikke kræves"))
            }
        }
        for (c, v) in a.incoming where v.kind != .accept {
            let excess = c.amount - v.acceptedAmount
            findings[c.period.start.year, default: []].append(
                Finding(
                    scheme: Scheme.intermunicipal, year: c.period.start.year, kind: FindingKind.incoming(v.kind.rawValue), subjectKey: c.key,
                    cprs: [c.cpr], amount: excess, direction: .check,
                    text:
                        "Krav \(c.reference) fra \(ResidenceEpisode.name(c.fromMunicipality)) Kommune: \(v.kind.danishText); \(excess.danishKroner) ikke godkendt"
                ))
        }
        for p in a.persons where !p.reviews.isEmpty {
            let year = p.periods.last?.from.year ?? today.year
            findings[year, default: []].append(
                Finding(
                    scheme: Scheme.intermunicipal, year: year, kind: FindingKind.referralUnknown.rawValue, subjectKey: "person:\(p.key)",
                    cprs: [p.cpr],
                    amount: .zero, direction: .check, text: p.reviews.joined(separator: "; ")))
        }
        let years = Set(findings.keys).union(
            try await store.findings(scheme: Scheme.intermunicipal, year: nil, includeInactive: false).map(\.finding.year))
        for y in years.sorted() { try await store.replaceFindings(scheme: Scheme.intermunicipal, year: y, findings[y] ?? []) }
        try await ComputationLedger(store: store).record(.intermunicipal, year: nil, by: by, from: inputs)
        try await store.appendAudit(
            username: by, action: .computation, page: Scheme.intermunicipal.rawValue,
            purpose:
                "\(Scheme.intermunicipal.title): \(DanishFormat.count(a.outgoing.count, "krav", "krav")) ud, \(DanishFormat.count(a.incoming.count, "krav", "krav")) ind"
        )
        return a
    }
}

/// Urgency of a stored claim: our claims by their deadline, received claims by the four weeks we
/// give ourselves to answer; finished claims last.
public enum ClaimUrgency {
    /// Only a claim nobody has acted on runs against a deadline: our identified claims (three years
    /// from the help, line by line) and received claims (the four weeks we give ourselves to answer).
    public static func urgency(_ c: StoredClaim, today: Day) -> DeadlineUrgency? {
        switch (c.draft.direction, c.status) {
        case (.outgoing, .identified):
            return ClaimRules.nextDeadline(c.draft.lines, on: today).map { ClaimRules.urgency(deadline: $0, today: today) }
        case (.incoming, .received):
            return c.draft.deadline.map { ClaimRules.urgency(deadline: $0, today: today) }
        default:
            return nil
        }
    }

    public static func sorted(_ list: [StoredClaim], today: Day) -> [StoredClaim] {
        // Each claim's urgency once, not once per comparison: a line-by-line deadline search for
        // each of 1.649 claims, twenty-odd times over, was a seventh of the mellemkommunal page.
        // The positions are sorted, not the claims: moving the claims themselves through the sort
        // was 7 % of the page under load.
        let keys = list.map { urgency($0, today: today)?.sortKey ?? Int.max }
        return list.indices.sorted { (keys[$0], list[$0].id) < (keys[$1], list[$1].id) }.map { list[$0] }
    }

    /// "frist om 39 dage (90-dages varsel); 12.000,00 kr. er forældet".
    public static func text(_ c: StoredClaim, today: Day) -> String {
        text(urgency(c, today: today), lost: c.draft.direction == .outgoing ? c.value(today: today).timeBarred : .zero)
    }

    static func text(_ u: DeadlineUrgency?, lost: Money) -> String {
        guard let u else { return "" }
        if case .expired = u { return u.danishText }
        return lost == .zero ? u.danishText : "\(u.danishText); \(lost.danishKroner) er forældet"
    }

    // The same three for a claim of a valuation (`ValuedClaims`) by its position, from what the
    // valuation keeps: the mellemkommunal page shows every claim's urgency on every view.

    /// `urgency(v.claims[i], today: v.day)`.
    public static func urgency(_ v: ValuedClaims, _ i: Int) -> DeadlineUrgency? {
        let c = v.claims[i]
        switch (c.draft.direction, c.status) {
        case (.outgoing, .identified): return v.deadlines[i].map { ClaimRules.urgency(deadline: $0, today: v.day) }
        case (.incoming, .received): return c.draft.deadline.map { ClaimRules.urgency(deadline: $0, today: v.day) }
        default: return nil
        }
    }

    /// The positions of `v`'s claims, the most urgent first, then by id (`sorted(_:today:)`).
    public static func sorted(_ v: ValuedClaims) -> [Int] {
        let keys = v.claims.indices.map { urgency(v, $0)?.sortKey ?? Int.max }
        return v.claims.indices.sorted { (keys[$0], v.claims[$0].id) < (keys[$1], v.claims[$1].id) }
    }

    /// `text(v.claims[i], today: v.day)`.
    public static func text(_ v: ValuedClaims, _ i: Int) -> String {
        text(urgency(v, i), lost: v.claims[i].draft.direction == .outgoing ? v.values[i].timeBarred : .zero)
    }
}

/// Everything `IntermunicipalService.persons` resolves the payers from: the key it is kept at.
struct ResolutionInputs: Equatable, Sendable {
    let episodes: [StoredEpisode]
    let marks: [PassivityMark]
    let grants: [PensionGrant]
    let settings: IntermunicipalService.Settings
}
