import Foundation

/// How a benefit is financed after the 2016 reform (finansieringsloven § 3 stk. 1, § 5 stk. 2-3).
public enum BenefitFinancing: String, Sendable, Codable {
    /// Paid by the municipality; the state refunds 80/40/30/20 % (§ 3 stk. 1 nr. 4-10, 12-14).
    case refund = "refusion"
    /// Paid by the state, an a-kasse or Udbetaling Danmark; the municipality co-finances 20/60/70/80 % (nr. 1, 2, 11, 15, 16).
    case coFinancing = "medfinansiering"
    /// Not on the staircase (e.g. the state's fleksbidrag in YR's files).
    case notCovered = "ikke_omfattet"
}

/// A benefit as municipal systems and YR name it, with its financing, the period that financing
/// applies, and where it is stated. Loaded from `Resources/parameters/ydelser.json`.
///
/// A class of constants, one per catalogue entry, compared by its code: every person-week of
/// the staircase and every YR row carries its benefit, and as a struct of ten fields each copy
/// retained seven strings and arrays (issue 22 § 2: a third of the reconciliation's time at
/// Copenhagen's size).
public final class Benefit: Sendable, Hashable, Codable {
    public let code: String
    public let name: String
    public let financing: BenefitFinancing
    /// Names and codes other systems use for it, matched case- and accent-insensitively.
    public let aliases: [String]
    public let from: Day
    public let to: Day?
    public let source: String
    public let checked: Day
    /// The legal basis and how sure it is (confirmed from the law or STAR, or most likely).
    public let note: String
    /// The benefit paid in its place after `to` (uddannelseshjælp and selvforsørgelses- og
    /// hjemrejseydelse became kontanthjælp 1.7.2025, lov 1655/2024): a later week under the old
    /// name is counted as the successor.
    public let successor: String?
    /// Only grants on or after this day are on the staircase (førtidspension tilkendt 1.7.2014 or
    /// later, Budget- og regnskabssystem 5.48); a payment needs its grant date to be counted.
    public let grantedFrom: Day?

    public static func == (a: Benefit, b: Benefit) -> Bool { a === b || a.code == b.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var basis: String { note }
    public func covers(_ day: Day) -> Bool { day >= from && (to.map { day <= $0 } ?? true) }
    /// Whether the financing applies to any day of the week (the transitional week of 2016 starts mid-week for most benefits).
    public func covers(_ week: ISOWeek) -> Bool { from <= week.sunday && (to.map { $0 >= week.monday } ?? true) }

    /// The catalogue. What is confirmed from the law and STAR's accounting rules is marked; the
    /// rest is the most likely reading of § 3 nr. 6-16, whose wording we could not retrieve
    /// (shared/domain/sde-and-employment.md B4). Unknown names are refused at import.
    public static let catalogue: [Benefit] = {
        do { return try load() } catch { fatalError("ydelser.json er ugyldig: \(error)") }
    }()

    /// Reads and validates the file: every entry needs a URL source and a sane period. A
    /// malformed file fails the tests (BenefitCatalogueTests).
    public static func load() throws -> [Benefit] {
        struct File: Decodable { var benefits: [Benefit] }
        guard let url = Bundle.module.url(forResource: "parameters", withExtension: nil)?.appendingPathComponent("kataloger/ydelser.json") else {
            throw ParameterError.malformedFile(file: "ydelser.json", reason: "filen mangler i programmet")
        }
        let list = try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).benefits
        for b in list {
            guard b.source.hasPrefix("https://") || b.source.hasPrefix("http://") else {
                throw ParameterError.malformedFile(file: "ydelser.json", reason: "kilden for \(b.code) er ikke en URL")
            }
            if let to = b.to, to < b.from {
                throw ParameterError.malformedFile(file: "ydelser.json", reason: "perioden for \(b.code) slutter før den begynder")
            }
        }
        guard Set(list.map(\.code)).count == list.count else {
            throw ParameterError.malformedFile(file: "ydelser.json", reason: "en kode står to gange")
        }
        for b in list where b.successor != nil {
            guard b.to != nil, let next = list.first(where: { $0.code == b.successor }), next.successor == nil else {
                throw ParameterError.malformedFile(
                    file: "ydelser.json", reason: "efterfølgeren for \(b.code) er ukendt, eller \(b.code) har ingen slutdato")
            }
        }
        return list
    }

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
        for b in catalogue {
            for key in [b.code, b.name] + b.aliases {
                t[key] = b
                t[key.lowercased()] = b
            }
        }
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
    /// When the benefit was granted, for a benefit whose place on the staircase depends on it
    /// (førtidspension); from the `foertidspension` import.
    public var grantedOn: Day?

    public init(
        cpr: CPR, benefit: Benefit, period: DateRange, amount: Money, paidOn: Day? = nil, source: String? = nil, grantedOn: Day? = nil
    ) {
        self.cpr = cpr
        self.benefit = benefit
        self.period = period
        self.amount = amount
        self.paidOn = paidOn
        self.source = source
        self.grantedOn = grantedOn
    }
}

/// A period of subsidised employment (løntilskud, fleksjob): weeks that are not self-support (§ 6 stk. 2).
public struct SubsidisedPeriod: Sendable, Hashable {
    public var cpr: CPR
    public var scheme: String
    public var period: DateRange

    public init(cpr: CPR, scheme: String, period: DateRange) {
        self.cpr = cpr
        self.scheme = scheme
        self.period = period
    }
}
