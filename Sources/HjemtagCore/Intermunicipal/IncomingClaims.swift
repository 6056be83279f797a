/// A claim another municipality sent us (`hjemtag import krav`).
public struct IncomingClaim: Hashable, Sendable, Codable {
    public var reference: String
    public var fromMunicipality: Int
    public var cpr: CPR
    public var period: DateRange
    public var amount: Money
    public var legalBasis: String?
    public var receivedOn: Day
    public var line: Int

    public init(
        reference: String, fromMunicipality: Int, cpr: CPR, period: DateRange, amount: Money, legalBasis: String?, receivedOn: Day, line: Int = 0
    ) {
        self.reference = reference
        self.fromMunicipality = fromMunicipality
        self.cpr = cpr
        self.period = period
        self.amount = amount
        self.legalBasis = legalBasis
        self.receivedOn = receivedOn
        self.line = line
    }

    public var key: String { "ind:\(zeroPad(fromMunicipality, 3)):\(reference)" }
}

/// Our reading of an incoming claim. Claims are never paid uncritically: a claim we cannot check
/// against a residence history is not accepted.
public struct ClaimVerdict: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable {
        case accept = "godkendes"
        case partly = "godkendes_delvist"
        case dispute = "bestrides"
        case cannotVerify = "kan_ikke_efterproeves"

        public var danishText: String {
            switch self {
            case .accept: return "godkendes"
            case .partly: return "godkendes delvist"
            case .dispute: return "bestrides"
            case .cannotVerify: return "kan ikke efterprøves"
            }
        }
    }
    public var kind: Kind
    public var acceptedAmount: Money
    public var reasons: [String]
}

public enum IncomingClaimCheck {
    /// Days of the claim's period in which, by our reading, we pay the claiming municipality;
    /// the accepted amount is the claim in proportion to those days (one rounding). Help given more
    /// than `deadlineYears` before the claim was received is time-barred (R12).
    public static func check(_ claim: IncomingClaim, periods: [PayerPeriod], own: Int, deadlineYears: Int = 3) -> ClaimVerdict {
        let name = { (c: Int) in Kommune.byCode(c)?.name ?? zeroPad(c, 3) }
        guard !periods.isEmpty else {
            return ClaimVerdict(
                kind: .cannotVerify, acceptedAmount: .zero,
                reasons: ["Der er ingen opholdshistorik for borgeren; indlæs ophold før kravet behandles."])
        }
        var reasons: [String] = []
        let earliestTimely = claim.receivedOn.adding(years: -deadlineYears)
        var coveredDays = 0
        for p in periods {
            guard let inside = DateRange(p.from, p.to ?? .distantFuture).intersection(claim.period) else { continue }
            if p.payer == own && p.episode.municipality == claim.fromMunicipality {
                var counted = inside
                if inside.end < earliestTimely {
                    reasons.append(
                        "\(inside): for gammel — hjælp ydet før \(earliestTimely.danish) skulle være krævet inden 3 år (\(ClaimRules.deadlineSource))"
                    )
                    continue
                }
                if inside.start < earliestTimely {
                    reasons.append(
                        "\(DateRange(inside.start, earliestTimely.adding(days: -1))): for gammel — kravet blev modtaget \(claim.receivedOn.danish)")
                    counted = DateRange(earliestTimely, inside.end)
                }
                coveredDays += counted.dayCount
                reasons.append(
                    "\(counted): vi betaler efter \((p.origin ?? p.rule).rawValue) (\((p.origin ?? p.rule).legalBasis)); \(p.episode.housing.danishName) i \(name(p.episode.municipality))"
                )
            } else {
                let who =
                    p.payer.map { "\(name($0)) betaler" } ?? "ingen refusion; \(p.handlekommune.map(name) ?? "ingen dansk kommune") er handlekommune"
                reasons.append("\(inside): \(p.episode.housing.danishName) i \(name(p.episode.municipality)) — \(who) (\(p.rule.rawValue))")
            }
        }
        let total = claim.period.dayCount
        let known = periods.reduce(0) { sum, p in sum + (DateRange(p.from, p.to ?? .distantFuture).intersection(claim.period)?.dayCount ?? 0) }
        if known < total {
            reasons.append("\(DanishFormat.count(total - known, "dag", "dage")) af kravets periode er ikke dækket af opholdshistorikken")
        }
        if coveredDays == total {
            return ClaimVerdict(kind: .accept, acceptedAmount: claim.amount, reasons: reasons)
        }
        if coveredDays == 0 {
            return ClaimVerdict(kind: .dispute, acceptedAmount: .zero, reasons: reasons)
        }
        let accepted = Rational(claim.amount.ore * Int64(coveredDays), Int64(total)).roundedToOre()
        reasons.append("Godkendt \(coveredDays) af \(total) dage: \(claim.amount.danishKroner) × \(coveredDays)/\(total) = \(accepted.danishKroner)")
        return ClaimVerdict(kind: .partly, acceptedAmount: accepted, reasons: reasons)
    }
}

/// A claim's life, in both directions (issue: identificeret → sendt → accepteret / afvist → betalt, or tvist).
public enum ClaimStatus: String, Sendable, Codable, CaseIterable {
    case identified = "identificeret"
    case received = "modtaget"
    case sent = "sendt"
    case accepted = "accepteret"
    case partlyAccepted = "delvist_accepteret"
    case rejected = "afvist"
    case paid = "betalt"
    case dispute = "tvist"
    case dropped = "bortfaldet"

    public var danishName: String {
        switch self {
        case .partlyAccepted: return "delvist accepteret"
        case .dispute: return "tvist (Ankestyrelsen)"
        default: return rawValue
        }
    }

    public var next: [ClaimStatus] {
        switch self {
        case .identified: return [.sent, .dropped]
        case .received: return [.accepted, .partlyAccepted, .rejected]
        case .sent: return [.accepted, .partlyAccepted, .rejected, .dispute]
        case .accepted, .partlyAccepted: return [.paid, .dispute]
        case .rejected: return [.dispute, .dropped]
        case .dispute: return [.accepted, .partlyAccepted, .rejected, .paid]
        case .paid, .dropped: return []
        }
    }

    public func canMove(to other: ClaimStatus) -> Bool { next.contains(other) }

    public init?(parsing text: String) {
        let key = ColumnName.normalise(text)
        guard let s = ClaimStatus.allCases.first(where: { $0.rawValue == key || ColumnName.normalise($0.danishName) == key }) else { return nil }
        self = s
    }
}
