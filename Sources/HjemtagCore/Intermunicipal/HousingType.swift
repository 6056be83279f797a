import Foundation

/// Where a citizen stays in a residence episode (`boligtype` in the `ophold` file). The codes and
/// what they mean for retssikkerhedsloven § 9 c are in docs/rules/mellemkommunal.md.
public enum HousingType: String, CaseIterable, Sendable, Codable {
    case ownHome = "EGEN_BOLIG"
    case sel107 = "SEL107"
    case sel108 = "SEL108"
    case sel109 = "SEL109"
    case sel110 = "SEL110"
    case sel192 = "SEL192"
    /// Almenboligloven § 115 stk. 4, jf. § 105 stk. 2.
    case almen105 = "ALMEN105"
    case friplejebolig = "FRIPLEJEBOLIG"
    /// Plejebolig or other housing with service and care that is not one of the above.
    case plejebolig = "PLEJEBOLIG"
    case hospital = "HOSPITAL"
    case kriminalforsorg = "KRIMINALFORSORG"
    /// KFUM's soldaterrekreationer, veteranhjem, Veteranbo (§ 9 c stk. 3).
    case veteran = "VETERAN"
    case childPlacement = "ANBRINGELSE"
    case childDayNight = "DOEGNOPHOLD"
    case aftercare = "EFTERVAERN"
    case abroad = "UDLAND"
    case unknown = "UKENDT"

    public var danishName: String {
        switch self {
        case .ownHome: return "egen bolig"
        case .sel107: return "midlertidigt botilbud (SEL § 107)"
        case .sel108: return "længerevarende botilbud (SEL § 108)"
        case .sel109: return "krisecenter (SEL § 109)"
        case .sel110: return "forsorgshjem (SEL § 110)"
        case .sel192: return "botilbud (SEL § 192)"
        case .almen105: return "almen bolig (almenboligloven § 105 stk. 2)"
        case .friplejebolig: return "friplejebolig"
        case .plejebolig: return "plejebolig"
        case .hospital: return "sygehus"
        case .kriminalforsorg: return "Kriminalforsorgens institution"
        case .veteran: return "veteranbolig"
        case .childPlacement: return "anbringelsessted for børn og unge"
        case .childDayNight: return "døgnophold for børn og unge"
        case .aftercare: return "efterværn"
        case .abroad: return "udlandet"
        case .unknown: return "ukendt opholdssted"
        }
    }

    /// § 9 c stk. 2 nr. 1-7 (pre-2024 numbering, danskelove.dk/retssikkerhedsloven/9c): the stays
    /// that make the former municipality pay when it or another authority medvirkede.
    public var isStk2Offer: Bool {
        switch self {
        case .sel107, .sel108, .sel109, .sel110, .sel192, .almen105, .hospital, .kriminalforsorg, .childPlacement, .childDayNight: return true
        default: return false
        }
    }

    /// The flytteret of § 9 c stk. 5: § 108 stk. 2 and § 192 SEL, § 58 a almenboligloven, friplejeboligloven.
    public var isFlytteretOffer: Bool {
        switch self {
        case .sel108, .sel192, .almen105, .friplejebolig: return true
        default: return false
        }
    }

    /// A stay that keeps a running payer relation going (R8): the "tilsvarende botilbud" of
    /// § 9 c stk. 5 and friplejeboligloven's preparatory works (all plejeboliger and housing with
    /// service and care), plus the institutional stays a public authority moves people between
    /// (forsorgshjem, hospital, prison; Højesteret 18.4.2024).
    public var continuesChain: Bool {
        switch self {
        case .ownHome, .abroad, .unknown: return false
        default: return true
        }
    }

    static func key(_ raw: String) -> String { String(ColumnName.normalise(raw).filter { $0.isLetter || $0.isNumber }) }

    /// Looks up a code, accepting the forms files use: `SEL108`, `SEL-108`, `§ 108`, `108`, `egen bolig`.
    public init?(parsing raw: String) {
        let key = HousingType.key(raw)
        if let hit = HousingType.allCases.first(where: { HousingType.key($0.rawValue) == key }) {
            self = hit
            return
        }
        switch key {
        case "107", "sel107": self = .sel107
        case "108", "sel108": self = .sel108
        case "109", "sel109": self = .sel109
        case "110", "sel110": self = .sel110
        case "192", "sel192": self = .sel192
        case "almen1052", "almen", "1052": self = .almen105
        case "egethjem", "egen", "bolig", "privat": self = .ownHome
        case "sygehus", "hospitalsophold": self = .hospital
        case "faengsel", "kriminalforsorgen": self = .kriminalforsorg
        case "anbragt", "anbringelsessted": self = .childPlacement
        case "doegn", "doegninstitution": self = .childDayNight
        case "udlandet": self = .abroad
        case "": return nil
        default: return nil
        }
    }
}

/// Who made the citizen take up the stay (`visiteret_af`): municipalities, another public
/// authority (hospital, prison service, a forsorgshjem's manager), the citizen alone, or not known.
public enum Referral: Hashable, Sendable, Codable {
    case municipalities([Int])
    case otherAuthority
    case citizen
    case notStated

    /// `350`, `350+360`, `350;360`, `ANDEN_MYNDIGHED`, `SELV`, empty.
    public init?(parsing raw: String?) {
        guard let raw, !raw.trimmingCharacters(in: .whitespaces).isEmpty else {
            self = .notStated
            return
        }
        let key = HousingType.key(raw)
        if key == "andenmyndighed" || key == "myndighed" {
            self = .otherAuthority
            return
        }
        if key == "selv" || key == "borgeren" {
            self = .citizen
            return
        }
        let parts = raw.split(whereSeparator: { "+,;/".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var codes: [Int] = []
        for p in parts {
            guard let k = Kommune.lookup(p) else { return nil }
            codes.append(k.code)
        }
        guard !codes.isEmpty else { return nil }
        self = .municipalities(codes)
    }

    public func includes(_ code: Int) -> Bool {
        if case .municipalities(let c) = self { return c.contains(code) } else { return false }
    }

    public var danishText: String {
        switch self {
        case .municipalities(let codes): return codes.map { Kommune.byCode($0).map(\.name) ?? zeroPad($0, 3) }.joined(separator: " og ")
        case .otherAuthority: return "anden offentlig myndighed"
        case .citizen: return "borgeren selv"
        case .notStated: return "ikke oplyst"
        }
    }

    /// The form written back to files and the store.
    public var code: String {
        switch self {
        case .municipalities(let codes): return codes.map { zeroPad($0, 3) }.joined(separator: "+")
        case .otherAuthority: return "ANDEN_MYNDIGHED"
        case .citizen: return "SELV"
        case .notStated: return ""
        }
    }
}

/// One residence episode from the `ophold` file. `to` nil = still there.
public struct ResidenceEpisode: Hashable, Sendable, Codable {
    public var cpr: CPR
    public var from: Day
    public var to: Day?
    public var municipality: Int
    public var housing: HousingType
    public var offer: String?
    public var referral: Referral
    public var legalBasis: String?
    public var line: Int
    /// Where the episode was read, when not from the `ophold` file: `Sensum, indsats 17`,
    /// `OS2bos, betaling 12` (shown in the citizen's timeline).
    public var source: String?

    public init(
        cpr: CPR, from: Day, to: Day?, municipality: Int, housing: HousingType, offer: String? = nil,
        referral: Referral = .notStated, legalBasis: String? = nil, line: Int = 0, source: String? = nil
    ) {
        self.cpr = cpr
        self.from = from
        self.to = to
        self.municipality = municipality
        self.housing = housing
        self.offer = offer
        self.referral = referral
        self.legalBasis = legalBasis
        self.line = line
        self.source = source
    }

    public var municipalityName: String { ResidenceEpisode.name(municipality) }

    /// Code 0 stands for no Danish municipality (abroad or unknown whereabouts).
    public static let noMunicipality = 0
    public static func name(_ code: Int) -> String {
        code == noMunicipality ? "ingen dansk kommune" : Kommune.byCode(code)?.name ?? zeroPad(code, 3)
    }
}
