/// Which postings count towards SDE (BEK om den centrale refusionsordning §§ 1-3; barnets lov § 198).
public struct SDEConfiguration: Sendable, Hashable {
    /// The store's municipality: postings another municipality finally pays are not ours to
    /// claim (BEK § 1 stk. 3: "den kommune, som endeligt skal afholde udgiften").
    public var ownMunicipality: Int
    /// Functions whose costs are covered by objektiv finansiering (BEK § 3 stk. 5).
    public var objectivelyFinanced: Set<AccountFunction>
    /// Functions where the municipality books the SDE refund it has received (what was claimed).
    public var incomeFunctions: Set<AccountFunction>

    public init(ownMunicipality: Int, objectivelyFinanced: Set<AccountFunction> = [], incomeFunctions: Set<AccountFunction> = []) {
        self.ownMunicipality = ownMunicipality
        self.objectivelyFinanced = objectivelyFinanced
        self.incomeFunctions = incomeFunctions
    }
}

public enum SDEEligibility: String, Sendable, CaseIterable {
    case eligible
    case claimedRefund
    case notOnPerson
    case notCoveredLaw
    case barnetsLovBefore2024
    case otherPayer
    case objectivelyFinanced

    /// The law a posting's `paragraf` belongs to, as OS2bos writes codes (`SEL-52-3.7`).
    enum Law { case serviceloven, barnetsLov, youthCrime }

    static func parts(_ paragraph: String) -> [Substring] {
        paragraph.uppercased().split(separator: "-", omittingEmptySubsequences: true).map { $0 }
    }

    static func law(of paragraph: String?) -> Law? {
        guard let paragraph else { return nil }
        let p = parts(paragraph)
        guard let head = p.first else { return nil }
        switch head {
        case "SEL": return .serviceloven
        case "BL": return .barnetsLov
        case "UKL":
            // Lov om bekæmpelse af ungdomskriminalitet § 13 stk. 1 nr. 3-9 and §§ 14-17 (BEK § 1 stk. 2;
            // serviceloven § 176 in its 2022 wording). Written `UKL-13-1.5`, `UKL-14`.
            guard p.count >= 2, let section = Int(p[1]) else { return nil }
            if (14...17).contains(section) || section == 32 { return .youthCrime }
            if section == 13, p.count >= 3 {
                let nr = p[2].split(separator: ".")
                if nr.count == 2, nr[0] == "1", let n = Int(nr[1]), (3...9).contains(n) { return .youthCrime }
            }
            return nil
        default: return nil
        }
    }

    /// Efterværn: serviceloven §§ 76 and 76 a; barnets lov § 114 (to be verified against the law text).
    public static func isAftercare(_ paragraph: String?) -> Bool {
        guard let paragraph else { return false }
        let p = parts(paragraph)
        guard p.count >= 2 else { return false }
        if p[0] == "SEL" { return p[1] == "76" || p[1] == "76A" }
        if p[0] == "BL" { return p[1] == "114" }
        return false
    }

    /// What the paragraph column says, worked out once per distinct text (a ledger has a few
    /// hundred distinct paragraphs and millions of postings).
    public struct ParagraphFacts: Sendable {
        let law: Law?
        public let aftercare: Bool
        public init(_ paragraph: String?) {
            law = SDEEligibility.law(of: paragraph)
            aftercare = SDEEligibility.isAftercare(paragraph)
        }
        public static let none = ParagraphFacts(nil)
    }

    /// Each paragraph's facts worked out once: a ledger repeats a few hundred paragraphs over
    /// millions of postings.
    struct ParagraphFactsCache: Sendable {
        private var known: [String: ParagraphFacts] = [:]
        mutating func facts(_ paragraph: String?) -> ParagraphFacts {
            guard let paragraph else { return .none }
            if let facts = known[paragraph] { return facts }
            let facts = ParagraphFacts(paragraph)
            known[paragraph] = facts
            return facts
        }
    }

    public static func classify(_ posting: Posting, configuration c: SDEConfiguration) -> SDEEligibility {
        classify(posting, configuration: c, paragraph: ParagraphFacts(posting.paragraph))
    }

    public static func classify(_ posting: Posting, configuration c: SDEConfiguration, paragraph: ParagraphFacts) -> SDEEligibility {
        if c.incomeFunctions.contains(posting.function) { return .claimedRefund }
        guard let law = paragraph.law else { return .notCoveredLaw }
        if law == .barnetsLov && (posting.period?.start ?? posting.date).year < 2024 { return .barnetsLovBefore2024 }
        if let payer = posting.payingMunicipality, payer != c.ownMunicipality { return .otherPayer }
        if c.objectivelyFinanced.contains(posting.function) { return .objectivelyFinanced }
        guard posting.cpr != nil else { return .notOnPerson }
        return .eligible
    }

    public var danishText: String {
        switch self {
        case .eligible: return "medregnet"
        case .claimedRefund: return "bogført SDE-refusion (indtægt), ikke en udgift"
        case .notOnPerson: return "ikke bogført på CPR-nummer"
        case .notCoveredLaw: return "ikke efter serviceloven, barnets lov eller ungdomskriminalitetsloven"
        case .barnetsLovBefore2024: return "barnets lov gælder først fra 1.1.2024"
        case .otherPayer: return "en anden kommune er betalingskommune"
        case .objectivelyFinanced: return "objektivt finansieret (BEK § 3 stk. 5)"
        }
    }
}

/// One CPR-registered household membership period (`hjemtag import husstande`).
public struct HouseholdMembership: Sendable, Hashable {
    public var cpr: CPR
    public var household: String
    public var from: Day
    /// nil = still a member.
    public var to: Day?

    public init(cpr: CPR, household: String, from: Day, to: Day?) {
        self.cpr = cpr
        self.household = household
        self.from = from
        self.to = to
    }

    func days(in range: DateRange) -> Int {
        let end = to ?? range.end
        guard let overlap = DateRange.checked(max(from, range.start), min(end, range.end)) else { return 0 }
        return overlap.dayCount
    }
}

/// Household memberships by person.
public struct HouseholdIndex: Sendable {
    private var byCPR: [String: [HouseholdMembership]] = [:]

    public init(_ memberships: [HouseholdMembership] = []) {
        for m in memberships { byCPR[m.cpr.digits, default: []].append(m) }
        for k in byCPR.keys { byCPR[k]!.sort { $0.from < $1.from } }
    }

    public var isEmpty: Bool { byCPR.isEmpty }

    /// The household the person belongs to in a month: the membership covering most of its days.
    /// A child with no membership in the month (placed outside the home) counts towards the
    /// household it last belonged to (BEK § 5 stk. 2: the household before the placement).
    public func household(of cpr: CPR, in month: Month) -> String? {
        guard let list = byCPR[cpr.digits] else { return nil }
        let range = month.range
        var best: (String, Int)?
        for m in list {
            let d = m.days(in: range)
            if d > 0, d > (best?.1 ?? 0) { best = (m.household, d) }
        }
        if let best { return best.0 }
        return list.last { $0.from <= month.firstDay }?.household
    }

    /// The household on a given day, for the young person's membership just before turning 18.
    public func household(of cpr: CPR, on day: Day) -> String? {
        byCPR[cpr.digits]?.last { $0.from <= day && ($0.to.map { day <= $0 } ?? true) }?.household
    }
}

/// Households derived from OS2bos: children who share a parent CPR (mother or father) belong to
/// one household. Used for children the CPR household file does not cover. The household keys are
/// neutral numbers, never a parent's CPR number.
public struct ParentLinks: Sendable {
    private var parentsOf: [String: Set<String>] = [:]
    private var birth: [String: Day] = [:]

    public init() {}

    /// The parents OS2bos names on a posting (`mother_cpr`, `father_cpr`).
    public static func parents(in posting: Posting) -> [String] {
        [posting.extra["mother_cpr"], posting.extra["father_cpr"]].compactMap { $0 }
    }

    public mutating func add(_ posting: Posting) {
        guard let child = posting.cpr else { return }
        let parents = ParentLinks.parents(in: posting)
        guard !parents.isEmpty else { return }
        parentsOf[child.digits, default: []].formUnion(parents)
        birth[child.digits] = child.birthDate
    }

    /// A link kept in the stored SDE sums (`SDECostSums.ParentLink`).
    public mutating func add(_ link: SDECostSums.ParentLink) {
        guard let child = try? CPR(parsing: link.child) else { return }
        parentsOf[link.child, default: []].insert(link.parent)
        birth[link.child] = child.birthDate
    }

    public var isEmpty: Bool { parentsOf.isEmpty }

    /// Memberships for the children not already in `known`, grouped by shared parents.
    public func memberships(excluding known: Set<String>) -> [HouseholdMembership] {
        // Union-find over children linked through any shared parent.
        var root: [String: String] = [:]
        func find(_ x: String) -> String {
            var r = x
            while let p = root[r], p != r { r = p }
            return r
        }
        var byParent: [String: String] = [:]
        for child in parentsOf.keys.sorted() where !known.contains(child) {
            root[child] = root[child] ?? child
            for parent in parentsOf[child]!.sorted() {
                if let other = byParent[parent] {
                    let a = find(child)
                    let b = find(other)
                    if a != b { root[max(a, b)] = min(a, b) }
                } else {
                    byParent[parent] = child
                }
            }
        }
        var numbers: [String: Int] = [:]
        var out: [HouseholdMembership] = []
        for child in root.keys.sorted() {
            let r = find(child)
            let n = numbers[r] ?? (numbers.count + 1)
            numbers[r] = n
            guard let cpr = try? CPR(parsing: child) else { continue }
            out.append(HouseholdMembership(cpr: cpr, household: "OS2bos-\(n)", from: birth[child] ?? cpr.birthDate, to: nil))
        }
        return out
    }
}
