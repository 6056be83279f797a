/// One row of KOMBIT Ydelsesrefusion's calculation file: week × person × benefit
/// (shared/formats/README.md § 2).
public struct YRRow: Sendable, Hashable {
    public var municipality: Int
    public var fileDate: Day
    public var week: ISOWeek
    public var cpr: CPR
    public var benefitName: String
    /// nil when the name is not in Hjemtag's catalogue; such rows can only be "only in YR".
    public var benefit: Benefit?
    public var reported: Money
    public var computed: Money
    public var refundRate: Rational?
    public var refund: Money
    public var coFinancingRate: Rational?
    public var coFinancing: Money
    public var financingMunicipality: String?

    public init(
        municipality: Int, fileDate: Day, week: ISOWeek, cpr: CPR, benefitName: String, benefit: Benefit?, reported: Money,
        computed: Money, refundRate: Rational?, refund: Money, coFinancingRate: Rational?, coFinancing: Money, financingMunicipality: String?
    ) {
        self.municipality = municipality
        self.fileDate = fileDate
        self.week = week
        self.cpr = cpr
        self.benefitName = benefitName
        self.benefit = benefit
        self.reported = reported
        self.computed = computed
        self.refundRate = refundRate
        self.refund = refund
        self.coFinancingRate = coFinancingRate
        self.coFinancing = coFinancing
        self.financingMunicipality = financingMunicipality
    }

    /// The state's fleksbidrag is a contribution, not a refund on a benefit: kept out of the reconciliation.
    public var isFleksbidrag: Bool { benefit?.financing == .notCovered }
}

/// `yr-ydelsesrefusion-beregning-<kommunekode>-<nnnn>-<YYYY-MM-DD>.csv`.
public struct YRFileName: Sendable, Hashable {
    public var municipality: Int
    public var sequence: Int
    public var date: Day
    /// `yr-ydelsesrefusion-advisering-…`: a notice, not a calculation.
    public var isNotice: Bool

    static let calculationPrefix = "yr-ydelsesrefusion-beregning-"
    static let noticePrefix = "yr-ydelsesrefusion-advisering-"

    /// `yr-ydelsesrefusion-beregning-<kommunekode>-<nnnn>-<YYYY-MM-DD>.csv` (or `-advisering-`).
    public init?(_ name: String) {
        let notice = name.hasPrefix(YRFileName.noticePrefix)
        let prefix = notice ? YRFileName.noticePrefix : YRFileName.calculationPrefix
        guard name.hasPrefix(prefix), name.lowercased().hasSuffix(".csv") else { return nil }
        let parts = name.dropFirst(prefix.count).dropLast(4).split(separator: "-")
        guard parts.count == 5, let k = Int(parts[0]), Kommune.byCode(k) != nil, let n = Int(parts[1]),
            let d = Day(parsing: "\(parts[2])-\(parts[3])-\(parts[4])")
        else { return nil }
        municipality = k
        sequence = n
        date = d
        isNotice = notice
    }
}
