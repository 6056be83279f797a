/// The rules of the decision table in docs/rules/mellemkommunal.md (R0-R9), each with its source.
public enum PayerRule: String, Sendable, Codable, CaseIterable {
    case ordinary = "R0"
    case medvirken = "R1-R2"
    case otherAuthority = "R3"
    case veteran = "R4"
    case flytteret = "R5"
    case passivity = "R6"
    case aftercare = "R7"
    case continuation = "R8"
    case interruption = "R9"

    public var danishText: String {
        switch self {
        case .ordinary: return "handlekommune er opholdskommunen; ingen refusion"
        case .medvirken:
            return
                "den tidligere kommune medvirkede: den forbliver handlekommune efter serviceloven og refunderer opholdskommunens udgifter efter § 9 c stk. 1"
        case .otherAuthority: return "en anden offentlig myndighed medvirkede: den tidligere opholdskommune refunderer"
        case .veteran: return "ophold på veteranhjem/soldaterrekreation: refusion uden medvirken"
        case .flytteret: return "flytteret med dobbeltvisitation: den nye kommune er handlekommune, den tidligere er refusionskommune"
        case .passivity: return "passivitet: den tidligere opholdskommune kendte forholdene, og det var åbenbart, at der måtte gribes ind"
        case .aftercare: return "efterværn: anbringelseskommunen refunderer"
        case .continuation: return "ophold i et tilsvarende tilbud: betalingsforholdet fortsætter"
        case .interruption: return "kort udlandsophold eller ukendt opholdssted afbryder ikke betalingsforholdet"
        }
    }

    /// Where the rule is stated (domain fact sheet part 1, sections 1.4-1.5).
    public var source: String {
        switch self {
        case .ordinary: return "https://elov.dk/prep_docs/46305"
        case .medvirken: return "https://danskelove.dk/retssikkerhedsloven/9c"
        case .otherAuthority:
            return "https://www.sm.dk/arbejdsomraader/handicap/opgavefordeling-paa-det-sociale-omraade/hvilken-kommune-skal-betale-for-indsatsen"
        case .veteran: return "https://danskelove.dk/retssikkerhedsloven/9c"
        case .flytteret:
            return
                "https://ast.dk/tilsynet/mellemkommunal-refusion/vejledning-om-praksis/mellemkommunal-refusion-ved-flytteret-og-dobbeltvisitation/reglerne-om-flytteret-dobbeltvisitation-og-kommunernes-kompetence"
        case .passivity:
            return
                "https://ast.dk/mellemkommunal-uenighed/vejledning-om-praksis/fortidspension-2013-mellemkommunal-refusion-og-kasserede-principafgorelser/fortidspension-eksempler"
        case .aftercare: return "https://ft.dk/samling/20161/lovforslag/l177/20161_l177_som_fremsat.htm"
        case .continuation:
            return
                "https://ast.dk/tilsynet/mellemkommunal-refusion/vejledning-om-praksis/mellemkommunal-refusion-ved-flytteret-og-dobbeltvisitation/et-tilsvarende-botilbud-og-refusionspligtens-varighed"
        case .interruption: return "https://domstol.dk/hoejesteret/aktuelt/2019/6/om-mellemkommunal-refusion/"
        }
    }

    /// The legal basis written on a claim.
    public var legalBasis: String {
        switch self {
        case .ordinary: return "retssikkerhedsloven § 9 stk. 1"
        case .medvirken: return "retssikkerhedsloven § 9 c stk. 1-2"
        case .otherAuthority: return "retssikkerhedsloven § 9 c stk. 2 (anden offentlig myndighed)"
        case .veteran: return "retssikkerhedsloven § 9 c stk. 3"
        case .flytteret: return "retssikkerhedsloven § 9 c stk. 5"
        case .passivity: return "retssikkerhedsloven § 9 c stk. 6"
        case .aftercare: return "retssikkerhedsloven § 9 c stk. 4"
        case .continuation, .interruption: return "retssikkerhedsloven § 9 c (tilsvarende tilbud)"
        }
    }
}

/// Which of the receiving municipality's costs the payer refunds.
public enum RefundScope: String, Sendable, Codable {
    /// § 9 c stk. 1 costs only; the payer stays handlekommune under serviceloven and pays those costs itself.
    case stk1
    /// Serviceloven costs as well: the receiving municipality is handlekommune (stk. 4, 5, 6).
    case stk1AndService

    public var danishText: String {
        switch self {
        case .stk1: return "udgifter efter § 9 c stk. 1 (forsørgelse, boligstøtte, medfinansiering)"
        case .stk1AndService: return "udgifter efter § 9 c stk. 1 og efter serviceloven/barnets lov"
        }
    }
}

/// A caseworker's finding that the former municipality was passive (§ 9 c stk. 6): the
/// episode starting on `from` for `cpr`. Never inferred by the program.
public struct PassivityMark: Hashable, Sendable, Codable {
    public var cpr: CPR
    public var from: Day
    public var reason: String
    public var setBy: String

    public init(cpr: CPR, from: Day, reason: String, setBy: String) {
        self.cpr = cpr
        self.from = from
        self.reason = reason
        self.setBy = setBy
    }
}

/// For one episode: where the citizen stays, who is handlekommune, who finally pays, and why.
public struct PayerPeriod: Hashable, Sendable, Codable {
    public var episode: ResidenceEpisode
    /// Handlekommune under serviceloven; nil while abroad outside a running relation.
    public var handlekommune: Int?
    /// The municipality that refunds the opholdskommune; nil when nobody does.
    public var payer: Int?
    public var scope: RefundScope?
    /// The rule that decided this episode.
    public var rule: PayerRule
    /// The rule that started the running relation (differs from `rule` on R8/R9 episodes).
    public var origin: PayerRule?
    /// Set when the program cannot decide without a caseworker (e.g. visitation not stated).
    public var review: String?
    public var explanation: Explanation

    public var from: Day { episode.from }
    public var to: Day? { episode.to }
}

/// Reads one citizen's residence history and applies the decision table in order (R0-R9).
public struct PayerResolver: Sendable {
    /// Stays abroad up to this many days do not end a payer relation (Højesteret 28.6.2019:
    /// two stays of about three months did not).
    public var abroadLimitDays: Int
    public var passivity: [PassivityMark]

    public init(abroadLimitDays: Int = 92, passivity: [PassivityMark] = []) {
        self.abroadLimitDays = abroadLimitDays
        self.passivity = passivity
    }

    struct Relation {
        var payer: Int
        var origin: PayerRule
        var scope: RefundScope
        var start: Day
        /// Handlekommune under serviceloven while the relation runs (medvirken: the payer).
        var serviceHandlekommune: Int?
    }

    public func resolve(_ history: [ResidenceEpisode]) -> [PayerPeriod] {
        let episodes = history.sorted { $0.from < $1.from }
        var result: [PayerPeriod] = []
        var home: Int?
        var relation: Relation?
        for e in episodes {
            let place = "\(e.housing.danishName) i \(name(e.municipality)) fra \(e.from.danish)" + (e.to.map { " til \($0.danish)" } ?? "")
            if let r = relation {
                if let period = continued(e, r, place) {
                    result.append(period)
                    continue
                }
                relation = nil
            }
            let previous = home
            let (period, newRelation) = fresh(e, previous: previous, place: place, endedRelation: result.last.flatMap { $0.payer != nil ? $0 : nil })
            result.append(period)
            relation = newRelation
            if newRelation == nil, e.housing != .abroad, e.housing != .unknown { home = e.municipality }
            if e.housing == .abroad, newRelation == nil, (e.to.map { $0 - e.from + 1 } ?? Int.max) > abroadLimitDays { home = nil }
        }
        return result
    }

    /// The episode under a running relation, or nil when the relation ends here (R9).
    func continued(_ e: ResidenceEpisode, _ r: Relation, _ place: String) -> PayerPeriod? {
        if e.municipality == r.payer && e.housing != .abroad { return nil } // no municipality refunds itself
        switch e.housing {
        case .ownHome:
            return nil
        case .abroad:
            let days = e.to.map { $0 - e.from + 1 }
            guard let days, days <= abroadLimitDays else { return nil }
            return period(
                e, r, rule: .interruption, handlekommune: r.serviceHandlekommune ?? r.payer,
                "\(place): \(DanishFormat.count(days, "dag", "dage")) i udlandet (højst \(abroadLimitDays)) afbryder ikke forholdet")
        case .unknown:
            return period(
                e, r, rule: .interruption, handlekommune: r.serviceHandlekommune ?? r.payer,
                "\(place): ukendt opholdssted mellem ophold skaber ikke en ny opholdskommune")
        default:
            if e.housing == .aftercare {
                // § 9 c stk. 4: the municipality that decided the placement (or its own payer) refunds the aftercare.
                var x = period(
                    e, r, rule: .aftercare, handlekommune: e.municipality,
                    "\(place): efterværn efter anbringelse; \(name(r.payer)) refunderer")
                x.scope = .stk1AndService
                return x
            }
            let hk = r.scope == .stk1 ? (r.serviceHandlekommune ?? r.payer) : e.municipality
            return period(
                e, r, rule: .continuation, handlekommune: hk, "\(place): tilsvarende ophold siden \(r.start.danish); \(name(r.payer)) betaler fortsat"
            )
        }
    }

    func period(_ e: ResidenceEpisode, _ r: Relation, rule: PayerRule, handlekommune: Int?, _ text: String) -> PayerPeriod {
        var x = Explanation("\(rule.rawValue): \(text)")
        x.add(Explanation("Forholdet begyndte \(r.start.danish) efter \(r.origin.rawValue): \(r.origin.danishText)"))
        x.add(Explanation("Kilde: \(rule.source)"))
        return PayerPeriod(
            episode: e, handlekommune: handlekommune, payer: r.payer, scope: r.scope, rule: rule, origin: r.origin,
            review: nil, explanation: x)
    }

    /// An episode evaluated on its own facts (no running relation).
    func fresh(_ e: ResidenceEpisode, previous: Int?, place: String, endedRelation: PayerPeriod?) -> (PayerPeriod, Relation?) {
        func ordinary(_ why: String, review: String? = nil) -> (PayerPeriod, Relation?) {
            var x = Explanation("R0: \(place): \(why)")
            if let ended = endedRelation, let payer = ended.payer {
                x.add(
                    Explanation(
                        "R9: forholdet med \(name(payer)) som betaler sluttede \(e.from.adding(days: -1).danish)",
                        steps: [Explanation("Kilde: \(PayerRule.continuation.source)")]))
            }
            x.add(Explanation("Kilde: \(PayerRule.ordinary.source)"))
            let hk = e.housing == .abroad ? nil : e.municipality
            return (
                PayerPeriod(episode: e, handlekommune: hk, payer: nil, scope: nil, rule: .ordinary, origin: nil, review: review, explanation: x), nil
            )
        }
        if e.housing == .abroad || e.housing == .unknown {
            return ordinary(e.housing == .abroad ? "ophold i udlandet uden et løbende betalingsforhold" : "opholdsstedet er ukendt")
        }
        guard let previous, previous != e.municipality else {
            return ordinary(previous == nil ? "ingen tidligere opholdskommune kendt" : "samme kommune som før")
        }
        func relation(_ rule: PayerRule, _ scope: RefundScope, serviceHK: Int?, _ why: String) -> (PayerPeriod, Relation?) {
            let r = Relation(payer: previous, origin: rule, scope: scope, start: e.from, serviceHandlekommune: serviceHK)
            var x = Explanation("\(rule.rawValue): \(place): \(why)")
            x.add(Explanation("\(name(previous)) refunderer \(scope.danishText) (\(rule.legalBasis))"))
            x.add(Explanation("Kilde: \(rule.source)"))
            return (
                PayerPeriod(
                    episode: e, handlekommune: serviceHK ?? e.municipality, payer: previous, scope: scope, rule: rule, origin: rule,
                    review: nil, explanation: x), r
            )
        }
        let referredByOthers: Bool = {
            if case .municipalities(let codes) = e.referral { return codes.contains { $0 != e.municipality } }
            return false
        }()
        let passive = passivity.first { $0.cpr == e.cpr && $0.from == e.from }
        if e.housing == .veteran {
            return relation(.veteran, .stk1, serviceHK: nil, "veteranophold kræver ikke medvirken")
        }
        if e.housing == .aftercare {
            return relation(.aftercare, .stk1AndService, serviceHK: nil, "efterværn efter en anbringelse besluttet af \(name(previous))")
        }
        if e.housing.isFlytteretOffer, e.referral.includes(previous),
            e.housing == .friplejebolig || e.referral.includes(e.municipality)
        {
            let how =
                e.housing == .friplejebolig
                ? "friplejebolig visiteret af \(name(previous)) (dobbeltvisitation kræves ikke)"
                : "visiteret af både \(name(previous)) og \(name(e.municipality))"
            return relation(.flytteret, .stk1AndService, serviceHK: nil, "borgeren brugte flytteretten, \(how)")
        }
        if e.housing.isStk2Offer, referredByOthers {
            return relation(
                .medvirken, .stk1, serviceHK: previous, "visiteret af \(e.referral.danishText); \(name(previous)) medvirkede til opholdet")
        }
        if e.housing.isStk2Offer, e.referral == .otherAuthority || (e.housing == .sel110 && e.referral == .citizen) {
            let who =
                e.housing == .sel110 ? "forstanderens optagelse på forsorgshjemmet er myndighedsudøvelse" : "visiteret af anden offentlig myndighed"
            return relation(.otherAuthority, .stk1, serviceHK: previous, who)
        }
        if let passive, e.housing.isStk2Offer || e.housing.isFlytteretOffer {
            return relation(.passivity, .stk1AndService, serviceHK: nil, "passivitet sat af \(passive.setBy): \(passive.reason)")
        }
        if e.housing.isStk2Offer, e.referral == .notStated {
            return ordinary(
                "visitationen er ikke oplyst; \(name(e.municipality)) regnes som handlekommune, indtil den er undersøgt",
                review: "visiteret_af mangler: undersøg om \(name(previous)) medvirkede")
        }
        return ordinary(e.housing == .ownHome ? "ny bopæl" : "uden medvirken fra \(name(previous)) (\(e.referral.danishText))")
    }

    func name(_ code: Int) -> String { ResidenceEpisode.name(code) }
}
