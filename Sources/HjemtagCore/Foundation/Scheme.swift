/// The refund schemes Hjemtag computes. The case name is the scheme's code name (its folder in
/// every module); the raw value is the key users and the database see: stored with every
/// finding, given as `--ordning` and `?ordning=`. Raw values are never renamed, since stored rows
/// carry them.
public enum Scheme: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case sde
    case staircase = "trappe"
    case intermunicipal = "mellemkommunal"
    case resultGrant = "resultattilskud"
    case vat = "moms"
    case budget

    /// The Danish name, as on the dashboard.
    public var title: String {
        switch self {
        case .sde: return "Særligt dyre enkeltsager"
        case .staircase: return "Beskæftigelse: refusionstrappen"
        case .intermunicipal: return "Mellemkommunal refusion"
        case .resultGrant: return "Resultattilskud"
        case .vat: return "Momsrefusion"
        case .budget: return "Budget og afregning"
        }
    }

    /// The Danish name where space is short (the navigation).
    public var shortTitle: String {
        switch self {
        case .staircase: return "Beskæftigelse"
        case .intermunicipal: return "Mellemkommunal"
        default: return title
        }
    }

    /// The legal basis, as cited on the dashboard.
    public var law: String {
        switch self {
        case .sde: return "Serviceloven § 176, barnets lov § 198, BEK om den centrale refusionsordning"
        case .staircase: return "Lov om kommunernes finansiering af visse offentlige ydelser §§ 3, 5, 6"
        case .intermunicipal: return "Retssikkerhedsloven §§ 9, 9 a, 9 c"
        case .resultGrant: return "Integrationsloven § 45; BEK om statsrefusion og tilskud §§ 11-12"
        case .vat: return "Lov 497/2006; BEK 891/2025; positivlisten"
        case .budget: return "BEK om statsrefusion og tilskud kap. 9"
        }
    }

    /// The schemes whose robot stores findings (the budget reads theirs).
    public static let withFindings: [Scheme] = [.sde, .staircase, .intermunicipal, .resultGrant, .vat]

    /// Order as listed to users: the order of the cases.
    public static func < (a: Scheme, b: Scheme) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
