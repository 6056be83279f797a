/// Førtidspension granted by a municipality the citizen later left (R10).
public struct PensionGrant: Hashable, Sendable, Codable {
    public var cpr: CPR
    public var grantedOn: Day
    public var grantingMunicipality: Int

    public init(cpr: CPR, grantedOn: Day, grantingMunicipality: Int) {
        self.cpr = cpr
        self.grantedOn = grantedOn
        self.grantingMunicipality = grantingMunicipality
    }
}

/// A span in which one municipality refunds another's førtidspension, and under which rule.
public struct PensionRefundSpan: Hashable, Sendable, Codable {
    public enum Basis: String, Sendable, Codable {
        /// § 9 c stk. 1: the pension follows a running payer relation (institution rule).
        case institution = "institutionsregel"
        /// § 9 c stk. 8 (pre-2024 numbering): the granting municipality, up to six years.
        case sixYears = "6-årsregel"
    }
    public var payer: Int
    public var receiver: Int
    public var from: Day
    public var to: Day?
    public var basis: Basis
}

/// R10. Up to 31.12.2023 the six years run from the grant when it was granted before 2.2.2015,
/// otherwise from moving out of the granting municipality, and are postponed while a competing
/// refusion relation between the same two municipalities runs (Ankestyrelsen's examples 1-2).
/// From 1.1.2024 (lov 1769/2023) the institution rule prevails and the six years are never
/// postponed (consultation draft; the enacted transition rules are an open question).
public enum PensionRule {
    /// Sources: Ankestyrelsen's newsletter and examples; Beskæftigelsesministeriet 7.12.2020.
    public static let source =
        "https://ast.dk/mellemkommunal-uenighed/vejledning-om-praksis/fortidspension-2013-mellemkommunal-refusion-og-kasserede-principafgorelser/fortidspension-eksempler"
    /// Pensions granted before this day run their six years from the grant (polspy.org/dk/dokumenter/879040).
    public static let reformDay = Day(year: 2015, month: 2, day: 2)!
    /// Lov nr. 1769 af 28.12.2023 in force.
    public static let newRulesDay = Day(year: 2024, month: 1, day: 1)!

    /// The spans in which someone refunds the pension, given the payer periods from `PayerResolver`.
    public static func spans(_ grant: PensionGrant, periods: [PayerPeriod], years: Int = 6) -> [PensionRefundSpan] {
        let sorted = periods.sorted { $0.from < $1.from }.filter { ($0.to ?? .distantFuture) >= grant.grantedOn }
        var spans: [PensionRefundSpan] = []
        // Institution rule: the pension follows any running relation whose payer is another municipality.
        for p in sorted {
            guard let payer = p.payer, payer != p.episode.municipality else { continue }
            spans.append(
                PensionRefundSpan(payer: payer, receiver: p.episode.municipality, from: max(p.from, grant.grantedOn), to: p.to, basis: .institution))
        }
        // Six-year rule: the granting municipality, from the grant or from moving out.
        guard let movedOut = sorted.first(where: { $0.episode.municipality != grant.grantingMunicipality && $0.from >= grant.grantedOn })?.from else {
            return merge(spans)
        }
        var start = grant.grantedOn < reformDay ? grant.grantedOn : movedOut
        if start < newRulesDay {
            // Postponed while a competing relation with the granting municipality as payer runs (old rules only).
            for s in spans.sorted(by: { $0.from < $1.from })
            where s.basis == .institution && s.payer == grant.grantingMunicipality && s.from <= start.adding(years: years) {
                guard let end = s.to else { return merge(spans) }
                if end >= start { start = end.adding(days: 1) }
            }
        }
        let end = start.adding(years: years).adding(days: -1)
        for p in sorted where p.episode.municipality != grant.grantingMunicipality {
            let from = max(p.from, start)
            let to = min(p.to ?? end, end)
            guard from <= to else { continue }
            // Days already refunded under the institution rule are not refunded twice.
            var cursor = from
            for s in spans.filter({ $0.basis == .institution }).sorted(by: { $0.from < $1.from }) where s.from <= to && (s.to ?? to) >= cursor {
                if s.from > cursor {
                    spans.append(
                        PensionRefundSpan(
                            payer: grant.grantingMunicipality, receiver: p.episode.municipality, from: cursor, to: s.from.adding(days: -1),
                            basis: .sixYears))
                }
                cursor = (s.to ?? to).adding(days: 1)
            }
            if cursor <= to {
                spans.append(
                    PensionRefundSpan(payer: grant.grantingMunicipality, receiver: p.episode.municipality, from: cursor, to: to, basis: .sixYears))
            }
        }
        return merge(spans)
    }

    static func merge(_ spans: [PensionRefundSpan]) -> [PensionRefundSpan] {
        var out: [PensionRefundSpan] = []
        for s in spans.sorted(by: { $0.from < $1.from }) {
            if var last = out.last, last.payer == s.payer, last.receiver == s.receiver, last.basis == s.basis,
                let lastTo = last.to, lastTo.adding(days: 1) == s.from
            {
                last.to = s.to
                out[out.count - 1] = last
            } else {
                out.append(s)
            }
        }
        return out
    }
}

extension Day {
    /// A day after any date the program meets; stands for an open end.
    public static let distantFuture = Day(year: 9999, month: 12, day: 31)!
}
