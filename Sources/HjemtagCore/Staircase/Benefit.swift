/// How a benefit is financed after the 2016 reform (finansieringsloven § 3 stk. 1, § 5 stk. 2-3).
public enum BenefitFinancing: String, Sendable, Codable {
    /// Paid by the municipality; the state refunds 80/40/30/20 % (§ 3 stk. 1 nr. 4-10, 12-14).
    case refund = "refusion"
    /// Paid by the state, an a-kasse or Udbetaling Danmark; the municipality co-finances 20/60/70/80 % (nr. 1, 2, 11, 15, 16).
    case coFinancing = "medfinansiering"
    /// Not on the staircase (e.g. the state's fleksbidrag in YR's files).
    case notCovered = "ikke_omfattet"
}

/// A benefit as municipal systems and YR name it, with its financing and where that is stated.
public struct Benefit: Sendable, Hashable {
    public var code: String
    public var name: String
    public var financing: BenefitFinancing
    public var basis: String
    /// Names and codes other systems use for it, matched case- and accent-insensitively.
    public var aliases: [String]

    /// The catalogue. What is confirmed from the law and STAR's accounting rules is marked; the
    /// rest is the most likely reading of § 3 nr. 6-16, whose wording we could not retrieve
    /// (shared/domain/sde-and-employment.md B4). Unknown names are refused at import.
    public static let catalogue: [Benefit] = [
        Benefit(code: "kontanthjaelp", name: "Kontanthjælp", financing: .refund, basis: "§ 3 stk. 1 nr. 5 (bekræftet)", aliases: ["kontanthjælp", "kh", "aktivitetstillæg"]),
        Benefit(code: "uddannelseshjaelp", name: "Uddannelseshjælp", financing: .refund, basis: "§ 3 stk. 1 nr. 5 (aktivloven § 25)", aliases: ["uddannelseshjælp", "uh"]),
        Benefit(code: "kontantydelse", name: "Kontantydelse", financing: .refund, basis: "§ 3 stk. 1 nr. 4 (bekræftet)", aliases: ["kontantydelse"]),
        Benefit(code: "sygedagpenge", name: "Sygedagpenge", financing: .refund, basis: "§ 3 stk. 1 nr. 7 (bekræftet, § 29 stk. 3)", aliases: ["sygedagpenge", "sdp"]),
        Benefit(code: "ledighedsydelse", name: "Ledighedsydelse", financing: .refund, basis: "§ 3 stk. 1 nr. 6-16 (sandsynlig)", aliases: ["ledighedsydelse"]),
        Benefit(code: "ressourceforloebsydelse", name: "Ressourceforløbsydelse", financing: .refund, basis: "§ 3 stk. 1 nr. 6-16 (sandsynlig)", aliases: ["ressourceforløbsydelse", "jobafklaringsforløb", "ressourceforløbsydelse under jobafklaringsforløb"]),
        Benefit(code: "revalideringsydelse", name: "Revalideringsydelse", financing: .refund, basis: "§ 3 stk. 1 nr. 6-16 (sandsynlig)", aliases: ["revalideringsydelse"]),
        Benefit(code: "selvforsoergelsesydelse", name: "Selvforsørgelses- og hjemrejseydelse", financing: .refund, basis: "STAR 5.46.61 (bekræftet på trappen)", aliases: ["selvforsørgelses- og hjemrejseydelse", "integrationsydelse", "overgangsydelse", "hjemrejseydelse"]),
        Benefit(code: "loentilskud", name: "Løntilskud", financing: .refund, basis: "STAR 5.57.71/5.46.61 (løntilskud til ydelsesmodtagere)", aliases: ["løntilskud"]),
        Benefit(code: "a_dagpenge", name: "Arbejdsløshedsdagpenge", financing: .coFinancing, basis: "§ 3 stk. 1 nr. 1 (bekræftet)", aliases: ["arbejdsløshedsdagpenge", "a-dagpenge", "dagpenge"]),
        Benefit(code: "arbejdsmarkedsydelse", name: "Midlertidig arbejdsmarkedsydelse", financing: .coFinancing, basis: "§ 3 stk. 1 nr. 2 (bekræftet)", aliases: ["midlertidig arbejdsmarkedsydelse", "arbejdsmarkedsydelse"]),
        Benefit(code: "foertidspension", name: "Førtidspension", financing: .coFinancing, basis: "§ 3 stk. 1 nr. 11 (sandsynlig)", aliases: ["førtidspension"]),
        Benefit(code: "fleksbidrag", name: "Fleksbidrag fra staten", financing: .notCovered, basis: "statens bidrag i YR, ikke refusion af en ydelse", aliases: ["fleksbidrag fra staten", "fleksbidrag"]),
    ]

    private static let table: [String: Benefit] = {
        var t: [String: Benefit] = [:]
        for b in catalogue {
            for key in [b.code, b.name] + b.aliases { t[ColumnName.normalise(key)] = b }
        }
        return t
    }()

    /// The spellings as written, so the usual case skips normalising (Foundation's folding is
    /// the most expensive step per row at national scale).
    private static let exact: [String: Benefit] = {
        var t: [String: Benefit] = [:]
        for b in catalogue { for key in [b.code, b.name] + b.aliases { t[key] = b; t[key.lowercased()] = b } }
        return t
    }()

    public static func lookup(_ text: String) -> Benefit? { exact[text] ?? table[ColumnName.normalise(text)] }
}

/// One benefit payment (`hjemtag import ydelser`).
public struct BenefitPayment: Sendable, Hashable {
    public var cpr: CPR
    public var benefit: Benefit
    public var period: DateRange
    public var amount: Money
    public var paidOn: Day?
    public var source: String?

    public init(cpr: CPR, benefit: Benefit, period: DateRange, amount: Money, paidOn: Day? = nil, source: String? = nil) {
        self.cpr = cpr; self.benefit = benefit; self.period = period; self.amount = amount; self.paidOn = paidOn; self.source = source
    }
}

/// A period of subsidised employment (løntilskud, fleksjob): weeks that are not self-support (§ 6 stk. 2).
public struct SubsidisedPeriod: Sendable, Hashable {
    public var cpr: CPR
    public var scheme: String
    public var period: DateRange

    public init(cpr: CPR, scheme: String, period: DateRange) { self.cpr = cpr; self.scheme = scheme; self.period = period }
}
