/// Kommunal momsrefusion (lov nr. 497 af 7.6.2006; BEK nr. 891 af 25.6.2025 § 1): screens ledger
/// postings for VAT that could have been refunded and was not, and for refund taken where it should
/// not be. docs/rules/moms.md; the rules are V0-V12 of shared/domain/intermunicipal-integration-vat.md part 3.
public enum VATRule: String, Sendable, Codable, CaseIterable {
    case vatLiableActivity = "V1"
    case directVAT = "V2"
    case landAndBuildings = "V3"
    case wrongArt = "V5"
    case positiveList = "V6"
    case ownershipCode = "V7"
    case operatingAgreement = "V8"
    case foundationVAT = "V10"
    case timeBarred = "V12"

    public var danishText: String {
        switch self {
        case .vatLiableActivity: return "refusion taget på en momspligtig aktivitet (momsen fradrages i momsregnskabet)"
        case .directVAT: return "moms på art 2 (ikke 2.6), 4.5 eller 4.9 er ikke hjemtaget"
        case .landAndBuildings: return "refusion taget på art 2.6 køb af jord og bygninger"
        case .wrongArt: return "moms på en art uden refusion: omkonteres til 4.9, så momsen kan hjemtages"
        case .positiveList: return "køb uden moms hos en ikke-momsregistreret leverandør på en funktion på positivlisten"
        case .ownershipCode: return "positivlisten kræver ejerforholdskode 4; posteringen har en anden"
        case .operatingAgreement:
            return "leverandøren har driftsoverenskomst: ingen positivlisterefusion; institutionen skal i kommunens regnskab med artskontering"
        case .foundationVAT: return "fondsmoms: 17,5 % af et tilskud fra en fond eller forening skal betales tilbage"
        case .timeBarred: return "mere end 5 år efter regnskabsårets udgang: kravet er forældet"
        }
    }

    public var source: String {
        switch self {
        case .vatLiableActivity, .directVAT, .landAndBuildings, .positiveList: return "https://www.retsinformation.dk/Forms/R0710.aspx?id=185243"
        case .wrongArt:
            return
                "https://star.dk/ydelser/budget-og-konteringsvejledning/funktionsomraader/5-46-60-selvforsoergelses-og-hjemrejseprogram-eller-introduktionsprogram-og-introduktionsforloeb/"
        case .ownershipCode: return "https://dataproces.dk/nyhed/kommunal-moms-og-ejerforholdskode-4"
        case .operatingAgreement: return "https://www.dataproces.dk/nyhed/kommunal-moms-og-driftsoverenskomster"
        case .foundationVAT: return "https://fondenesvidenscenter.dk/nyheder/hvorfor-har-vi-fondsmoms/"
        case .timeBarred:
            return
                "http://www.socialjura.dk/content-storage/love/love/momsligestillingslov/menu/samfund-sociallovgivning-socialpolitik/?showpage=1&cHash=6800144dd2ec1e90ac9aade4a9e044f7"
        }
    }
}

/// One line of a year's positive list: a function (and optionally one art) and its refund share.
public struct PositiveListEntry: Sendable, Hashable {
    public var year: Int
    public var function: AccountFunction
    public var art: String?
    public var rate: Rational
    /// A footnote limiting the entry to ejerforholdskode 4 (private suppliers without VAT).
    public var requiresOwnership4: Bool
    public init(year: Int, function: AccountFunction, art: String? = nil, rate: Rational, requiresOwnership4: Bool = false) {
        self.year = year
        self.function = function
        self.art = art
        self.rate = rate
        self.requiresOwnership4 = requiresOwnership4
    }
}

/// A supplier's VAT registration period (CVR → registered from/to).
public struct VATRegistration: Sendable, Hashable {
    public var cvr: String
    public var from: Day
    public var to: Day?
    /// The supplier runs an institution under a driftsoverenskomst with a municipality or region.
    public var operatingAgreement: Bool
    public init(cvr: String, from: Day, to: Day?, operatingAgreement: Bool = false) {
        self.cvr = cvr
        self.from = from
        self.to = to
        self.operatingAgreement = operatingAgreement
    }
}

public struct VATFinding: Sendable, Hashable {
    public var rule: VATRule
    public var posting: Posting
    /// Money at stake: to claim, or to pay back.
    public var amount: Money
    public var direction: Finding.Direction
    public var text: String
    /// The art the posting should have (a correction journal line), when the finding is a recoding.
    public var correctArt: String?
    /// The momskode the posting should have.
    public var correctCode: String?
    public var key: String { "\(posting.voucher ?? "-"):\(posting.line):\(posting.date.iso):\(rule.rawValue)" }
}

public enum VATError: Error, Sendable, CustomStringConvertible, Equatable {
    case positiveListMissing(year: Int)
    case registryMissing
    public var description: String {
        switch self {
        case .registryMissing:
            return "der er ingen liste over momsregistrerede leverandører; indlæs den: hjemtag import momsregistrering FIL (kolonner cvr;fra;til)"
        case .positiveListMissing(let y):
            return
                "der er ingen positivliste for \(y); indlæs årets liste: hjemtag import positivliste FIL (kolonner aar;funktion;art;sats;ejerforhold4; satserne står i ministeriets positivliste for regnskabsår \(y))"
        }
    }
}

/// The screening: one pass over postings, each checked against the rules in order.
public struct VATScreening: Sendable {
    /// `momskode` values (a column of the postings file): refund taken through the scheme, or VAT
    /// deducted in the momsregnskab of a VAT-liable activity.
    public static let refundCode = "R", deductedCode = "K"
    /// Hovedart 2 except 2.6, and arter 4.5 and 4.9 carry direct VAT refund (BEK § 1 stk. 2 nr. 1).
    public static func isRefundArt(_ art: String) -> Bool {
        if art == "2.6" { return false }
        return art.hasPrefix("2") || art == "4.5" || art == "4.9"
    }

    public var vatLiableFunctions: Set<AccountFunction>
    public var positiveLists: [Int: [PositiveListEntry]]
    public var registrations: [String: [VATRegistration]]
    public var today: Day
    public var limitationYears: Int
    /// Fondsmoms: the average rate deducted from grants by foundations and associations.
    public var foundationRate: Rational
    /// Lov 497/2006 in force: the screening reads postings from this day.
    public static let inForce = Day(year: 2007, month: 1, day: 1)!

    public init(
        vatLiableFunctions: Set<AccountFunction>, positiveLists: [PositiveListEntry], registrations: [VATRegistration], today: Day,
        limitationYears: Int = 5,
        foundationRate: Rational = Rational(175, 1000)
    ) {
        self.foundationRate = foundationRate
        self.vatLiableFunctions = vatLiableFunctions
        self.positiveLists = Dictionary(grouping: positiveLists, by: \.year)
        self.registrations = Dictionary(grouping: registrations, by: \.cvr)
        self.today = today
        self.limitationYears = limitationYears
    }

    public func isRegistered(_ cvr: String, on day: Day) -> Bool {
        registrations[cvr]?.contains { !$0.operatingAgreement && day >= $0.from && ($0.to.map { day <= $0 } ?? true) } ?? false
    }

    /// Lov § 2 stk. 2: no claim once more than five years have passed after the end of the accounting year.
    public func isTimeBarred(_ year: Int) -> Bool { today > Day(year: year + limitationYears, month: 12, day: 31)! }

    public func screen(_ p: Posting) throws(VATError) -> VATFinding? {
        guard p.date >= Self.inForce, p.function.main <= 6 else { return nil } // V0: hovedkonto 0-6 only
        if let grantor = p.extra(named: "tilskudsyder"), ColumnName.normalise(grantor) == "fond", p.amount.isNegative,
            !vatLiableFunctions.contains(p.function)
        {
            // V10: a foundation's grant to a purpose inside the scheme carries fondsmoms.
            let due = (foundationRate * Rational(p.amount.magnitude)).roundedToOre()
            return VATFinding(
                rule: .foundationVAT, posting: p, amount: due, direction: .payBack,
                text:
                    "\(VATRule.foundationVAT.danishText): \(p.amount.magnitude.danishKroner) × \(foundationRate.danishPercent) % = \(due.danishKroner)"
            )
        }
        guard let art = p.art else { return nil }
        // nil: the file had no momskode column, so whether refund was taken is not known; the ERP
        // normally takes it by art, so refund arts are assumed refunded and only checked where it matters.
        let code = p.extra(named: "momskode").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        let vat = p.vat ?? .zero
        func finding(_ rule: VATRule, _ amount: Money, _ direction: Finding.Direction, _ text: String, art: String? = nil, code: String? = nil)
            -> VATFinding
        {
            if direction == .claim && isTimeBarred(p.date.year) {
                return VATFinding(
                    rule: .timeBarred, posting: p, amount: amount, direction: .check,
                    text: "\(text); men \(VATRule.timeBarred.danishText) (regnskabsår \(p.date.year))")
            }
            return VATFinding(rule: rule, posting: p, amount: amount, direction: direction, text: text, correctArt: art, correctCode: code)
        }
        if vatLiableFunctions.contains(p.function) {
            // V1: the activity keeps a momsregnskab; refund through the scheme must be paid back.
            if code == Self.refundCode && vat != .zero {
                return finding(
                    .vatLiableActivity, vat, .payBack, "\(VATRule.vatLiableActivity.danishText): \(vat.danishKroner)", code: Self.deductedCode)
            }
            if code == nil && vat.ore > 0 && Self.isRefundArt(art) {
                return VATFinding(
                    rule: .vatLiableActivity, posting: p, amount: vat, direction: .check,
                    text:
                        "momspligtig aktivitet på en refusionsart uden momskode: kontrollér at \(vat.danishKroner) er fradraget i momsregnskabet og ikke taget som refusion"
                )
            }
            return nil
        }
        if art == "2.6" {
            return code == Self.refundCode && vat != .zero
                ? finding(.landAndBuildings, vat, .payBack, "\(VATRule.landAndBuildings.danishText): \(vat.danishKroner)", code: "") : nil
        }
        if vat.ore > 0 && code != Self.refundCode && code != Self.deductedCode {
            if Self.isRefundArt(art) {
                guard code != nil else { return nil } // taken by art, as the ERP does
                return finding(.directVAT, vat, .claim, "\(VATRule.directVAT.danishText): \(vat.danishKroner) på art \(art)", code: Self.refundCode)
            }
            return finding(
                .wrongArt, vat, .claim, "\(VATRule.wrongArt.danishText): \(vat.danishKroner) på art \(art)", art: "4.9", code: Self.refundCode)
        }
        if vat == .zero, let cvr = p.cvr, !isRegistered(cvr, on: p.date), code != Self.refundCode, p.amount.ore > 0 {
            if registrations[cvr]?.contains(where: \.operatingAgreement) == true {
                return VATFinding(
                    rule: .operatingAgreement, posting: p, amount: .zero, direction: .check, text: VATRule.operatingAgreement.danishText)
            }
            guard !registrations.isEmpty else { throw .registryMissing }
            guard let list = positiveLists[p.date.year] else { throw .positiveListMissing(year: p.date.year) }
            guard let entry = list.first(where: { $0.function == p.function && ($0.art == nil || $0.art == art) }) else { return nil }
            if entry.requiresOwnership4, let ownership = p.extra(named: "ejerforhold"), ownership != "4" {
                return VATFinding(
                    rule: .ownershipCode, posting: p, amount: .zero, direction: .check,
                    text:
                        "\(VATRule.ownershipCode.danishText) (\(ownership)); med kode 4 kunne \((entry.rate * Rational(p.amount)).roundedToOre().danishKroner) hjemtages"
                )
            }
            let share = (entry.rate * Rational(p.amount)).roundedToOre()
            return finding(
                .positiveList, share, .claim,
                "\(VATRule.positiveList.danishText): \(p.amount.danishKroner) × \(entry.rate.danishPercent) % = \(share.danishKroner)",
                code: Self.refundCode)
        }
        return nil
    }
}
