/// An OS2bos payment as the store keeps it: a posting whose voucher is `os2bos-<id>`, with what
/// OS2bos says about it (plan, method, paid or planned, who approved it) in its extra columns.
/// A paid payment is posted at its paid amount on its paid date; a planned one (OS2bos never
/// marks `INVOICE` or `INTERNAL` payments paid) at its planned amount on its due date.
/// Whether it counts as a cost is decided by `PaymentMatching`: the ledger is the record of
/// money paid, OS2bos says whose cost it is.
public struct OS2bosPayment: Sendable, Hashable {
    public static let voucherPrefix = "os2bos-"

    /// The extra columns the OS2bos parser writes.
    public enum Key {
        public static let plan = "os2bos_plan"
        public static let paid = "os2bos_betalt"
        public static let method = "os2bos_metode"
        public static let dueDate = "os2bos_dato"
        public static let plannedAmount = "os2bos_beloeb"
        public static let status = "os2bos_status"
        public static let note = "os2bos_note"
        public static let approvalLevel = "os2bos_godkendelsesniveau"
        public static let approvalUser = "os2bos_godkendt_af"
        public static let appropriationDate = "os2bos_bevilget"
        public static let actingMunicipality = "os2bos_handlekommune"
        public static let residenceMunicipality = "os2bos_opholdskommune"
        /// Set on a ledger posting matched to a payment: the rule that matched it.
        public static let matchRule = "os2bos_match"
        /// Set on a planned payment counted at its planned amount (an explicit estimate).
        public static let estimate = "os2bos_skoen"
    }

    public let posting: Posting

    public init?(_ posting: Posting) {
        guard let v = posting.voucher, v.hasPrefix(OS2bosPayment.voucherPrefix) else { return nil }
        self.posting = posting
    }

    public static func isPayment(_ posting: Posting) -> Bool { posting.voucher?.hasPrefix(voucherPrefix) ?? false }

    /// OS2bos's payment id (`id`).
    public var paymentID: String { String(posting.voucher!.dropFirst(OS2bosPayment.voucherPrefix.count)) }
    /// The payment plan (`payment_schedule__payment_id`): what OS2bos's own PRISME export writes
    /// as the posting text (G69 field 153), and what an invoice can refer to.
    public var planID: String? { posting.extra[Key.plan] }
    /// Paid per OS2bos. Payments stored before planned ones were kept carry no flag: all were paid.
    public var isPaid: Bool { posting.extra[Key.paid] != "nej" }
    public var method: String? { posting.extra[Key.method] }
    /// The planned payment date (`date`); a paid payment is posted on its paid date.
    public var dueDate: Day { posting.extra[Key.dueDate].flatMap(Day.init(parsing:)) ?? posting.date }
    /// OS2bos's own valuation: the paid amount if set, else the planned amount (the posting's amount).
    public var value: Money { posting.amount }

    /// The posting that counts for a ledger posting this payment explains: the ledger's money and
    /// date, the payment's citizen, legal basis, service period and paying municipality, and how
    /// the two were matched (shown in every explanation).
    public func attribute(_ ledger: Posting, rule: PaymentMatching.Rule) -> Posting {
        var out = ledger
        out.cpr = ledger.cpr ?? posting.cpr
        out.paragraph = ledger.paragraph ?? posting.paragraph
        out.period = ledger.period ?? posting.period
        out.payingMunicipality = ledger.payingMunicipality ?? posting.payingMunicipality
        out.department = ledger.department ?? posting.department
        out.cvr = ledger.cvr ?? posting.cvr
        for (k, v) in posting.extra where out.extra[k] == nil { out.extra[k] = v }
        out.extra["os2bos_id"] = paymentID
        out.extra[Key.matchRule] = rule.rawValue
        return out
    }

    /// The payment counted at its planned amount because no ledger posting pays it yet and the
    /// municipality chose to count such payments as an estimate.
    public var estimatePosting: Posting {
        var out = posting
        out.extra[Key.estimate] = "planlagt beløb, ikke bogført"
        return out
    }

    /// Where a counted posting's facts come from, in Danish, for every explanation: the OS2bos
    /// payment behind it and the rule that tied them, or that OS2bos alone says it was paid, or
    /// that it is an estimate; and who approved the cost (OS2bos v3's approval columns).
    public static func provenance(of posting: Posting) -> [String] {
        let e = posting.extra
        var out: [String] = []
        let plan = e[Key.plan].map { ", plan \($0)" } ?? ""
        let method = e[Key.method].map { ", \($0)" } ?? ""
        if e[Key.matchRule] == "sensum-konto" {
            out.append(
                "CPR, paragraf og periode fra Sensum-indsats \(e["sensum_indsats"] ?? "?"): posteringen står på indsatsens konto i indsatsens periode"
            )
        } else if let rule = e[Key.matchRule].flatMap(PaymentMatching.Rule.init(rawValue:)) {
            out.append(
                "Betalt gennem bogføringen; CPR, paragraf og periode fra OS2bos-betaling \(e["os2bos_id"] ?? "?")\(plan)\(method) (match: \(rule.danishText))"
            )
        } else if let payment = OS2bosPayment(posting) {
            if e[Key.estimate] != nil {
                out.append(
                    "SKØN: OS2bos-betaling \(payment.paymentID)\(plan)\(method) er planlagt og forfalden uden postering i bogføringen; medregnet til det planlagte beløb"
                )
            } else {
                out.append("OS2bos-betaling \(payment.paymentID)\(plan)\(method): betalt ifølge OS2bos; ingen postering i bogføringen betaler den")
            }
        }
        if let user = e[Key.approvalUser] {
            out.append(
                "Bevilget\(e[Key.appropriationDate].flatMap(Day.init(parsing:)).map { " \($0.danish)" } ?? "") af \(user)"
                    + (e[Key.approvalLevel].map { " (\($0))" } ?? ""))
        }
        if let note = e[Key.note] { out.append("Note i OS2bos: \(note)") }
        return out
    }
}

extension OS2bosPayment {
    /// Residence episodes for the mellemkommunal reading from OS2bos's own columns, for children
    /// no `ophold` file covers: the opholdskommune (`residence_municipality`) over the service
    /// periods of the payments, visited by the handlekommune (`acting_municipality`). A placement
    /// outside the home (serviceloven § 52 stk. 3 nr. 7, `SEL-52-3.7`) is a stay at an
    /// anbringelsessted, other § 52 measures are help at home, § 76 is efterværn; payments under
    /// other sections give no episode. Consecutive payments with the same facts are one episode;
    /// the row id returned is its first payment's.
    public static func residenceEpisodes(_ payments: [(id: Int64, payment: OS2bosPayment)]) -> [(id: Int64, episode: ResidenceEpisode)] {
        struct Facts: Hashable {
            var cpr: CPR
            var stay: Int
            var acting: Int?
            var housing: HousingType
            var section: String?
        }
        func housing(_ section: String?) -> HousingType? {
            guard let s = section?.uppercased(), s.hasPrefix("SEL-") else { return nil }
            if s.hasPrefix("SEL-52-3.7") { return .childPlacement }
            if s.hasPrefix("SEL-52") { return .ownHome }
            if s.hasPrefix("SEL-76") { return .aftercare }
            return nil
        }
        var open: [Facts: (id: Int64, from: Day, to: Day)] = [:]
        var out: [(Int64, ResidenceEpisode)] = []
        func close(_ f: Facts, _ e: (id: Int64, from: Day, to: Day)) {
            out.append(
                (
                    e.id,
                    ResidenceEpisode(
                        cpr: f.cpr, from: e.from, to: e.to, municipality: f.stay, housing: f.housing,
                        referral: f.acting.map { .municipalities([$0]) } ?? .notStated, legalBasis: f.section,
                        source: "OS2bos, fra betaling \(e.id) (handlekommune og opholdskommune i betalingsrapporten)")
                ))
        }
        let sorted = payments.sorted {
            ($0.payment.posting.period?.start ?? $0.payment.dueDate) < ($1.payment.posting.period?.start ?? $1.payment.dueDate)
        }
        for (id, pay) in sorted {
            let p = pay.posting
            guard let cpr = p.cpr, let h = housing(p.paragraph), let stay = p.extra[Key.residenceMunicipality].flatMap({ Int($0) }) else { continue }
            let facts = Facts(cpr: cpr, stay: stay, acting: p.extra[Key.actingMunicipality].flatMap { Int($0) }, housing: h, section: p.paragraph)
            let from = p.period?.start ?? pay.dueDate
            let to = p.period?.end ?? pay.dueDate
            if var e = open[facts], from <= e.to.adding(days: 1) {
                if to > e.to { e.to = to }
                open[facts] = e
            } else {
                if let e = open[facts] { close(facts, e) }
                open[facts] = (id, from, to)
            }
        }
        for (f, e) in open { close(f, e) }
        return out.sorted { ($0.1.cpr.digits, $0.1.from) < ($1.1.cpr.digits, $1.1.from) }
    }
}
