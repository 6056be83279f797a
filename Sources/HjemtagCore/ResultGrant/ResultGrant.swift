/// Resultattilskud (integrationsloven § 45; BEK nr. 1591 af 15/12/2017 §§ 11-12): one-off grants
/// when a person in the selvforsørgelses- og hjemrejseprogram or introduktionsprogram gets an
/// ordinary job, starts an education, or passes a Danish exam within five years of the programme
/// start. docs/rules/resultattilskud.md.
public enum IntegrationEventKind: String, Sendable, Codable, CaseIterable {
    case job
    case education = "uddannelse"
    case danishExam = "danskproeve"

    public var danishName: String {
        switch self {
        case .job: return "ordinær beskæftigelse"
        case .education: return "kompetencegivende uddannelse"
        case .danishExam: return "bestået danskprøve"
        }
    }
}

/// One row of the `integration` file: a job spell, an education spell, or an exam.
public struct IntegrationEvent: Sendable, Hashable {
    public var cpr: CPR
    public var programStart: Day
    public var kind: IntegrationEventKind
    public var from: Day
    /// nil = still going.
    public var to: Day?
    public var hoursPerWeek: Rational?
    /// SU, elevløn or similar support during the education.
    public var supported: Bool
    public var exam: String?
    public var line: Int

    public init(
        cpr: CPR, programStart: Day, kind: IntegrationEventKind, from: Day, to: Day?, hoursPerWeek: Rational? = nil,
        supported: Bool = false, exam: String? = nil, line: Int = 0
    ) {
        self.cpr = cpr
        self.programStart = programStart
        self.kind = kind
        self.from = from
        self.to = to
        self.hoursPerWeek = hoursPerWeek
        self.supported = supported
        self.exam = exam
        self.line = line
    }
}

/// What became of one job, education or exam.
public struct GrantAssessment: Sendable {
    public enum Outcome: String, Sendable, Codable {
        /// Earned on `earnedOn`.
        case earned = "optjent"
        /// Will be earned on `earnedOn` if the spell continues.
        case pending = "optjenes"
        /// Will not be earned.
        case lost = "tabt"
    }
    public enum Tier: String, Sendable, Codable {
        case years1to3 = "aar1_3"
        case years4to5 = "aar4_5"
        public var danishName: String { self == .years1to3 ? "år 1-3" : "år 4-5" }
    }

    public var cpr: CPR
    public var kind: IntegrationEventKind
    public var start: Day
    public var tier: Tier?
    public var outcome: Outcome
    public var earnedOn: Day?
    public var amount: Money
    public var reason: String
    public var parameter: ParameterReference?
    /// Set when the payment year's rate is not loaded: the Danish message naming what to enter.
    public var missingRate: String?
    var rateError: ParameterError?
    /// A key that identifies the result across re-runs.
    public var key: String { "\(cpr.digits):\(kind.rawValue):\(start.iso)" }
}

public enum ResultGrantRules {
    /// BEK 1591/2017 § 11 stk. 2 (and § 12 for educations): at least six months continuously.
    public static let continuousMonths = 6
    /// BEK 1591/2017 § 11 stk. 2: »i gennemsnitligt mindst 20 timer om ugen«.
    public static let minimumAverageHours = Rational(20)
    public static let source =
        "https://www.elov.dk/bekendtgorelse-om-statsrefusion-og-tilskud-samt-regnskabsaflaeggelse-og-revision-pa-visse-omrader-inden-for-borne-og-socialministeriets-beskaeftigelsesministeriets-udlaendinge-og-integrationsministeriets-og-transport-bygnings-og-boligministeriets-ressortomrader/paragraf/11/"

    /// The window is five years from the programme start; the tier follows the start of the result.
    public static func tier(programStart: Day, start: Day) -> GrantAssessment.Tier? {
        if start < programStart || start >= programStart.adding(years: 5) { return nil }
        return start < programStart.adding(years: 3) ? .years1to3 : .years4to5
    }

    /// Contiguous rows of one kind (the next starts the day after the previous ends) make one spell;
    /// the average hours are weighted by days.
    struct Spell {
        var from: Day
        var to: Day?
        var hourDays: Rational
        var days: Int
        var supported: Bool
    }

    static func spells(_ events: [IntegrationEvent], today: Day) -> [Spell] {
        var out: [Spell] = []
        for e in events.sorted(by: { $0.from < $1.from }) {
            let end = e.to ?? today
            let days = max(0, end - e.from + 1)
            let hours = (e.hoursPerWeek ?? .zero) * Rational(Int64(days))
            if var last = out.last, let lastTo = last.to, lastTo.adding(days: 1) == e.from {
                last.to = e.to
                last.hourDays = last.hourDays + hours
                last.days += days
                last.supported = last.supported && e.supported
                out[out.count - 1] = last
            } else {
                out.append(Spell(from: e.from, to: e.to, hourDays: hours, days: days, supported: e.supported))
            }
        }
        return out
    }

    /// Assesses every job, education and exam of one person on `today`. Amounts are looked up by
    /// the payment year (the year the grant is earned); a year without rates is a Danish error that
    /// names the parameter to enter.
    public static func assess(_ events: [IntegrationEvent], today: Day, parameters: ParameterSet) throws(ParameterError) -> [GrantAssessment] {
        let all = assessAll(events, today: today, parameters: parameters)
        if let missing = all.first(where: { $0.missingRate != nil }), let error = missing.rateError { throw error }
        return all
    }

    /// As `assess`, but a missing rate marks the result (amount zero, `missingRate` set) instead of
    /// stopping the whole reading.
    public static func assessAll(_ events: [IntegrationEvent], today: Day, parameters: ParameterSet) -> [GrantAssessment] {
        guard let first = events.first else { return [] }
        let cpr = first.cpr
        let programStart = events.map(\.programStart).min()!
        var out: [GrantAssessment] = []
        var missing: [String: ParameterError] = [:]
        func amount(_ kind: IntegrationEventKind, _ tier: GrantAssessment.Tier?, on day: Day) -> (Money, ParameterReference?) {
            let id = kind == .danishExam ? "resultattilskud.danskproeve" : "resultattilskud.\(kind == .job ? "job" : "uddannelse").\(tier!.rawValue)"
            do { return try parameters.money(id, on: day) } catch {
                missing["\(kind.rawValue):\(day.iso)"] = error
                return (.zero, nil)
            }
        }
        for kind in [IntegrationEventKind.job, .education] {
            for s in spells(events.filter { $0.kind == kind }, today: today) {
                guard let tier = tier(programStart: programStart, start: s.from) else {
                    out.append(
                        GrantAssessment(
                            cpr: cpr, kind: kind, start: s.from, tier: nil, outcome: .lost, earnedOn: nil, amount: .zero,
                            reason: "startede uden for vinduet \(programStart.danish)-\(programStart.adding(years: 5).adding(days: -1).danish)",
                            parameter: nil))
                    continue
                }
                let earnedOn = s.from.adding(months: continuousMonths)
                let lasted = s.to.map { $0 >= earnedOn.adding(days: -1) } ?? (today >= earnedOn.adding(days: -1))
                if kind == .job, s.days > 0 {
                    let average = s.hourDays * Rational(1, Int64(s.days))
                    if average < minimumAverageHours {
                        out.append(
                            GrantAssessment(
                                cpr: cpr, kind: kind, start: s.from, tier: tier, outcome: .lost, earnedOn: nil, amount: .zero,
                                reason: "gennemsnitligt \(average.danishNumber) timer om ugen; kravet er mindst 20 (BEK § 11 stk. 2)", parameter: nil
                            ))
                        continue
                    }
                }
                if kind == .education && !s.supported {
                    out.append(
                        GrantAssessment(
                            cpr: cpr, kind: kind, start: s.from, tier: tier, outcome: .lost, earnedOn: nil, amount: .zero,
                            reason: "uddannelsen er ikke gennemført med SU, elevløn eller lignende (BEK § 12 stk. 1)", parameter: nil))
                    continue
                }
                if lasted {
                    let (m, ref) = amount(kind, tier, on: earnedOn)
                    out.append(
                        GrantAssessment(
                            cpr: cpr, kind: kind, start: s.from, tier: tier, outcome: .earned, earnedOn: earnedOn, amount: m,
                            reason:
                                "\(kind.danishName) fra \(s.from.danish) i \(tier.danishName), sammenhængende i 6 måneder til \(earnedOn.adding(days: -1).danish)",
                            parameter: ref))
                } else if s.to == nil {
                    let (m, ref) = amount(kind, tier, on: earnedOn)
                    missing["\(kind.rawValue):\(earnedOn.iso)"] = nil // a future year's rate is not needed yet
                    out.append(
                        GrantAssessment(
                            cpr: cpr, kind: kind, start: s.from, tier: tier, outcome: .pending, earnedOn: earnedOn, amount: m,
                            reason: "optjenes \(earnedOn.danish), hvis forløbet fortsætter"
                                + (ref == nil ? " (satsen for \(earnedOn.year) er ikke indlæst endnu)" : ""),
                            parameter: ref))
                } else {
                    out.append(
                        GrantAssessment(
                            cpr: cpr, kind: kind, start: s.from, tier: tier, outcome: .lost, earnedOn: nil, amount: .zero,
                            reason: "forløbet sluttede \(s.to!.danish), før 6 måneder var gået (BEK §§ 11-12)", parameter: nil))
                }
            }
        }
        for e in events where e.kind == .danishExam {
            guard tier(programStart: programStart, start: e.from) != nil else {
                out.append(
                    GrantAssessment(
                        cpr: cpr, kind: .danishExam, start: e.from, tier: nil, outcome: .lost, earnedOn: nil, amount: .zero,
                        reason: "prøven er bestået uden for vinduet", parameter: nil))
                continue
            }
            let (m, ref) = amount(.danishExam, nil, on: e.from)
            out.append(
                GrantAssessment(
                    cpr: cpr, kind: .danishExam, start: e.from, tier: nil, outcome: .earned, earnedOn: e.from, amount: m,
                    reason:
                        "\(e.exam ?? "danskprøve") bestået \(e.from.danish); kræver at prøven er omfattet af § 45 stk. 9 nr. 3-4 (ikke verificeret)",
                    parameter: ref))
        }
        for i in out.indices where out[i].outcome == .earned {
            if let e = missing["\(out[i].kind.rawValue):\(out[i].earnedOn!.iso)"] {
                out[i].missingRate = e.description
                out[i].rateError = e
            }
        }
        return out.sorted { ($0.start, $0.kind.rawValue) < ($1.start, $1.kind.rawValue) }
    }
}

/// A row of the `integration` file: a person's programme start, with or without an event.
public struct IntegrationRow: Sendable, Hashable {
    public var cpr: CPR
    public var programStart: Day
    public var event: IntegrationEvent?
    public init(cpr: CPR, programStart: Day, event: IntegrationEvent?) {
        self.cpr = cpr
        self.programStart = programStart
        self.event = event
    }
}
