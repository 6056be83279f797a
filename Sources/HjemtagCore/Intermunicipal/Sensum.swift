/// EG Sensum's deliveries for the adult social services (shared/formats/README.md § 3): what
/// Hjemtag keeps of each file. Names, addresses, phone numbers, e-mail, diagnoses, comments and
/// notes are dropped by the parsers and never reach the store (docs/SECURITY.md).
public enum Sensum {
    /// `Borger_*.csv`: the citizen's CPR number and opholdskommune.
    public struct Citizen: Sendable, Hashable {
        public var citizenID: String
        public var cpr: CPR
        public var residenceMunicipality: Int?
        public var line: Int
        public init(citizenID: String, cpr: CPR, residenceMunicipality: Int?, line: Int = 0) {
            self.citizenID = citizenID
            self.cpr = cpr
            self.residenceMunicipality = residenceMunicipality
            self.line = line
        }
    }

    /// `Sager_*.csv`: a case with its handlekommune and betalingskommune and its dates.
    public struct Case: Sendable, Hashable {
        public var caseID: String
        public var citizenID: String
        public var actingMunicipality: Int?
        public var payingMunicipality: Int?
        public var opened: Day?
        public var closed: Day?
        public var expectedSection: String?
        public var department: String?
        public var line: Int
        public init(
            caseID: String, citizenID: String, actingMunicipality: Int?, payingMunicipality: Int?, opened: Day?, closed: Day?,
            expectedSection: String?, department: String?, line: Int = 0
        ) {
            self.caseID = caseID
            self.citizenID = citizenID
            self.actingMunicipality = actingMunicipality
            self.payingMunicipality = payingMunicipality
            self.opened = opened
            self.closed = closed
            self.expectedSection = expectedSection
            self.department = department
            self.line = line
        }
    }

    /// `Indsatser_*.csv`: a service on a case: its legal basis, period, provider and the accounts
    /// its costs are booked on.
    public struct Service: Sendable, Hashable {
        public var serviceID: String
        public var caseID: String
        public var name: String?
        public var section: String?
        public var providerID: String?
        public var status: String?
        public var start: Day?
        public var end: Day?
        public var account: String?
        public var refundAccount: String?
        public var line: Int
        public init(
            serviceID: String, caseID: String, name: String?, section: String?, providerID: String?, status: String?, start: Day?, end: Day?,
            account: String?, refundAccount: String?, line: Int = 0
        ) {
            self.serviceID = serviceID
            self.caseID = caseID
            self.name = name
            self.section = section
            self.providerID = providerID
            self.status = status
            self.start = start
            self.end = end
            self.account = account
            self.refundAccount = refundAccount
            self.line = line
        }
    }

    /// `Leverandør_*.csv`: a provider, its CVR and whether the municipality owns the offer.
    public struct Provider: Sendable, Hashable {
        public var providerID: String
        public var name: String?
        public var cvr: String?
        public var ownership: String?
        /// `LeverandørEgetAfMyndighed`: the municipality's own offer (an internal offer, priced by tariff).
        public var ownOffer: Bool
        public var line: Int
        public init(providerID: String, name: String?, cvr: String?, ownership: String?, ownOffer: Bool, line: Int = 0) {
            self.providerID = providerID
            self.name = name
            self.cvr = cvr
            self.ownership = ownership
            self.ownOffer = ownOffer
            self.line = line
        }
    }

    /// Everything the latest deliveries say.
    public struct Delivery: Sendable {
        public var citizens: [Citizen] = []
        public var cases: [Case] = []
        public var services: [Service] = []
        public var providers: [Provider] = []
        public init(citizens: [Citizen] = [], cases: [Case] = [], services: [Service] = [], providers: [Provider] = []) {
            self.citizens = citizens
            self.cases = cases
            self.services = services
            self.providers = providers
        }
    }

    /// The stay a service's legal basis means for § 9 c, or nil for a service that is no stay
    /// (støtte i eget hjem, § 85, is not). `SEL § 108`, `§ 108`, `SEL-108`, `108`; almenboligloven
    /// § 105 written `ABL § 105` or `105`.
    public static func housing(section: String?) -> HousingType? {
        guard let s = section?.uppercased() else { return nil }
        let number = s.split(whereSeparator: { !$0.isNumber }).first.flatMap { Int($0) }
        switch number {
        case 107: return .sel107
        case 108: return .sel108
        case 109: return .sel109
        case 110: return .sel110
        case 192: return .sel192
        case 105: return .almen105
        default: return nil
        }
    }

    /// Residence episodes for the mellemkommunal reading (retssikkerhedsloven § 9 c): each
    /// service that is a stay, in the citizen's opholdskommune, visited by the case's handlekommune;
    /// before the first stay of a case, the citizen lived in the handlekommune from the case's
    /// opening (the municipality moved from). `line` is the service's (or case's) line.
    public enum EpisodeOrigin: Sendable, Hashable {
        /// The index of the service in `Delivery.services`.
        case service(Int)
        /// The index of the case in `Delivery.cases`: the stay in the handlekommune before the first service.
        case caseOpening(Int)
    }

    public static func episodes(_ d: Delivery) -> [(origin: EpisodeOrigin, episode: ResidenceEpisode)] {
        let citizens = Dictionary(d.citizens.map { ($0.citizenID, $0) }, uniquingKeysWith: { a, _ in a })
        let cases = Dictionary(d.cases.map { ($0.caseID, $0) }, uniquingKeysWith: { a, _ in a })
        let caseIndex = Dictionary(d.cases.enumerated().map { ($1.caseID, $0) }, uniquingKeysWith: { a, _ in a })
        let providers = Dictionary(d.providers.map { ($0.providerID, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [(EpisodeOrigin, ResidenceEpisode)] = []
        var firstStay: [String: Day] = [:]
        for (i, s) in d.services.enumerated() {
            guard let housing = housing(section: s.section), let start = s.start, let c = cases[s.caseID], let citizen = citizens[c.citizenID],
                let stay = citizen.residenceMunicipality
            else { continue }
            let referral: Referral = c.actingMunicipality.map { .municipalities([$0]) } ?? .notStated
            let offer = s.providerID.flatMap { providers[$0]?.name } ?? s.name
            out.append(
                (
                    .service(i),
                    ResidenceEpisode(
                        cpr: citizen.cpr, from: start, to: s.end, municipality: stay, housing: housing, offer: offer, referral: referral,
                        legalBasis: s.section, line: s.line, source: "Sensum, indsats \(s.serviceID) (Indsatser linje \(s.line))")
                ))
            if firstStay[c.caseID].map({ start < $0 }) ?? true { firstStay[c.caseID] = start }
        }
        for (caseID, stay) in firstStay {
            guard let c = cases[caseID], let index = caseIndex[caseID], let opened = c.opened, opened < stay, let acting = c.actingMunicipality,
                let citizen = citizens[c.citizenID]
            else { continue }
            out.append(
                (
                    .caseOpening(index),
                    ResidenceEpisode(
                        cpr: citizen.cpr, from: opened, to: stay.adding(days: -1), municipality: acting, housing: .ownHome, referral: .notStated,
                        legalBasis: c.expectedSection, line: c.line,
                        source: "Sensum, sag \(caseID) (Sager linje \(c.line)): handlekommunen før opholdet")
                ))
        }
        return out.sorted { ($0.1.cpr.digits, $0.1.from) < ($1.1.cpr.digits, $1.1.from) }
    }
}
