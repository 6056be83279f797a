import Foundation

/// Each krone counts once (docs/rules/sde.md, "OS2bos and the ledger"): the ledger is the record
/// of money paid, an OS2bos payment says whose cost it is. Every OS2bos payment is matched to at
/// most one ledger posting and every ledger posting to at most one payment; a matched pair counts
/// once, as the ledger posting with the payment's citizen, legal basis, service period and paying
/// municipality. Two candidates are never resolved by guessing: both sides stay unmatched and the
/// payment is reported for a person to decide.
public enum PaymentMatching {
    /// The rules, tried in this order; a payment or posting matched by one is not offered to the next.
    public enum Rule: String, Sendable, CaseIterable, Codable {
        /// The posting carries the payment plan's id (OS2bos's PRISME export writes it as the
        /// posting text; an invoice can carry `ref: <plan>` or an `os2bos_plan` column).
        case plan = "betalingsplan"
        /// The posting is on the payment's CPR number, with the same amount.
        case cpr = "cpr"
        /// A posting without CPR on the payment's function, with the same amount in the same month.
        case account = "konto"
        /// A person chose the posting (an ambiguous match decided on the finding's page).
        case decided = "afgjort"

        /// The rules tried on their own; a person's decision comes before them all.
        public static let automatic: [Rule] = [.plan, .cpr, .account]

        public var danishText: String {
            switch self {
            case .plan: return "posteringen bærer betalingsplanens nummer, samme beløb og dato eller måned"
            case .cpr: return "samme CPR-nummer og beløb, samme dato eller måned"
            case .account: return "samme funktion og beløb i samme måned, posteringen uden CPR-nummer"
            case .decided: return "valgt af en person blandt flere mulige posteringer"
            }
        }
    }

    /// What became of one payment.
    public enum Outcome: Sendable, Hashable {
        /// Paid through this ledger posting: the posting counts, with the payment's facts.
        case matched(ledger: Int64, rule: Rule)
        /// More than one posting fits (or a posting fits more than one payment): nothing is
        /// matched, nothing of the payment counts, and a person decides.
        case ambiguous(rule: Rule, candidates: [Int64])
        /// Paid per OS2bos, and no ledger posting pays it: the payment itself is the cost.
        case alone
        /// Planned, due, no ledger posting: counted at the planned amount as an estimate (chosen
        /// by the municipality, shown as such everywhere).
        case estimate
        /// Planned, due, no ledger posting: not counted; a finding.
        case unbooked
        /// Planned and not yet due: not a cost (input to a forecast).
        case planned
        /// A newer OS2bos report holds the same payment: that row speaks for it.
        case superseded

        /// Whether the payment's own posting counts as a cost.
        public var countsItself: Bool {
            switch self {
            case .alone, .estimate: return true
            default: return false
            }
        }

        /// How the store writes it.
        public var code: String {
            switch self {
            case .matched: return "matchet"
            case .ambiguous: return "tvetydig"
            case .alone: return "kun_os2bos"
            case .estimate: return "skoen"
            case .unbooked: return "uden_bogfoering"
            case .planned: return "planlagt"
            case .superseded: return "erstattet"
            }
        }

        public init?(code: String, ledger: Int64?, rule: Rule?, candidates: [Int64]) {
            switch code {
            case "matchet":
                guard let ledger, let rule else { return nil }
                self = .matched(ledger: ledger, rule: rule)
            case "tvetydig":
                guard let rule else { return nil }
                self = .ambiguous(rule: rule, candidates: candidates)
            case "kun_os2bos": self = .alone
            case "skoen": self = .estimate
            case "uden_bogfoering": self = .unbooked
            case "planlagt": self = .planned
            case "erstattet": self = .superseded
            default: return nil
            }
        }

        public var danishText: String {
            switch self {
            case .matched(_, let rule): return "betalt gennem bogføringen (\(rule.danishText))"
            case .ambiguous: return "flere posteringer passer: ikke medregnet, skal afgøres"
            case .alone: return "betalt i OS2bos, ingen postering fundet: OS2bos' betaling medregnes"
            case .estimate: return "planlagt og forfalden uden postering: medregnet som skøn til det planlagte beløb"
            case .unbooked: return "planlagt og forfalden uden postering: ikke medregnet"
            case .planned: return "planlagt, ikke forfalden: ingen udgift endnu"
            case .superseded: return "erstattet af samme betaling i en nyere rapport"
            }
        }
    }

    public struct Payment: Sendable {
        public var id: Int64
        public var payment: OS2bosPayment
        public init(id: Int64, payment: OS2bosPayment) {
            self.id = id
            self.payment = payment
        }
    }

    public struct LedgerPosting: Sendable {
        public var id: Int64
        public var posting: Posting
        public init(id: Int64, posting: Posting) {
            self.id = id
            self.posting = posting
        }
    }

    /// The outcome of every payment, by the payment's id. `asOf` is the day that decides whether
    /// a planned payment is due; `countPlannedAsEstimate` the municipality's choice for due,
    /// unbooked planned payments (OS2bos's own valuation: the planned amount).
    /// `decisions` are a person's answers, by OS2bos payment id: the ledger posting that pays it,
    /// or nil for none of the candidates (the payment is then treated as unmatched).
    public static func match(
        payments: [Payment], ledger: [LedgerPosting], asOf: Day, countPlannedAsEstimate: Bool, decisions: [String: Int64?] = [:]
    ) -> [Int64: Outcome] {
        var byAmount: [Int64: [Int]] = [:]
        for (i, l) in ledger.enumerated() { byAmount[l.posting.amount.ore, default: []].append(i) }
        var open = payments
        var taken = Set<Int64>()
        var outcomes: [Int64: Outcome] = [:]
        let ledgerIDs = Set(ledger.map(\.id))
        var decidedNone = Set<Int64>()
        for p in payments {
            guard let decision = decisions[p.payment.paymentID] else { continue }
            if let l = decision, ledgerIDs.contains(l), !taken.contains(l) {
                outcomes[p.id] = .matched(ledger: l, rule: .decided)
                taken.insert(l)
            } else if decision == nil {
                decidedNone.insert(p.id)
            }
        }
        open.removeAll { outcomes[$0.id] != nil }
        // Each rule in two rounds: postings on a payment's own due or paid day first, then those in
        // its month, so a posting that is exactly one payment's is never contested by another
        // payment that only shares its month.
        for rule in Rule.automatic {
            for sameDay in [true, false] {
                var chosen: [(payment: Int64, ledger: [Int64])] = []
                for p in open where !decidedNone.contains(p.id) {
                    let best = (byAmount[p.payment.value.ore] ?? []).map { ledger[$0] }.filter {
                        !taken.contains($0.id) && fits(rule, p.payment, $0.posting)
                            && (sameDay ? onPaymentDay(p.payment, $0.posting) : $0.posting.date.month == p.payment.dueDate.month)
                    }
                    if !best.isEmpty { chosen.append((p.id, best.map(\.id))) }
                }
                var claimants: [Int64: Int] = [:]
                for c in chosen { for l in c.ledger { claimants[l, default: 0] += 1 } }
                for c in chosen {
                    if c.ledger.count == 1, claimants[c.ledger[0]] == 1 {
                        outcomes[c.payment] = .matched(ledger: c.ledger[0], rule: rule)
                    } else {
                        outcomes[c.payment] = .ambiguous(rule: rule, candidates: c.ledger.sorted())
                    }
                    // A contested posting is not offered to a weaker round or rule either: that would be a guess.
                    taken.formUnion(c.ledger)
                }
                open.removeAll { outcomes[$0.id] != nil }
            }
        }
        for p in open {
            if p.payment.isPaid {
                outcomes[p.id] = .alone
            } else if p.payment.dueDate <= asOf {
                outcomes[p.id] = countPlannedAsEstimate ? .estimate : .unbooked
            } else {
                outcomes[p.id] = .planned
            }
        }
        return outcomes
    }

    static func fits(_ rule: Rule, _ payment: OS2bosPayment, _ ledger: Posting) -> Bool {
        let p = payment.posting
        // A posting on another citizen is never this payment.
        if let a = ledger.cpr, let b = p.cpr, a != b { return false }
        switch rule {
        case .plan:
            guard let plan = payment.planID else { return false }
            return planReference(of: ledger) == plan
        case .cpr:
            return ledger.cpr != nil
        case .account:
            return ledger.cpr == nil && p.function == ledger.function
        case .decided:
            return false
        }
    }

    /// The posting is dated the payment's due day or its paid day.
    static func onPaymentDay(_ payment: OS2bosPayment, _ ledger: Posting) -> Bool {
        ledger.date == payment.dueDate || (payment.isPaid && ledger.date == payment.posting.date)
    }

    /// The OS2bos payment plan a ledger posting names: an `os2bos_plan` column, a text that is the
    /// plan number alone (what OS2bos's PRISME export writes in G69 field 153), or `ref: <plan>`
    /// in the text or voucher (what it writes in the G68 payment record).
    public static func planReference(of posting: Posting) -> String? {
        if let v = posting.extra(named: "os2bos_plan"), !v.isEmpty { return v }
        if let t = posting.text?.trimmingCharacters(in: .whitespaces), !t.isEmpty, t.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return t }
        for field in [posting.text, posting.voucher] {
            guard let f = field?.lowercased(), let r = f.range(of: "ref: ") else { continue }
            let digits = f[r.upperBound...].prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty { return String(digits) }
        }
        return nil
    }

    /// A year's findings: per payment plan, the due planned payments no ledger posting pays
    /// (counted as an estimate or not at all); per payment, the ambiguous ones.
    public static func findings(payments: [Payment], outcomes: [Int64: Outcome], year: Int) -> [Finding] {
        var unbooked: [String: [Payment]] = [:]
        var out: [Finding] = []
        for p in payments where p.payment.dueDate.year == year {
            let pay = p.payment
            switch outcomes[p.id] {
            case .unbooked?, .estimate?:
                unbooked[pay.planID ?? "betaling " + pay.paymentID, default: []].append(p)
            case .ambiguous(let rule, let candidates)?:
                out.append(
                    Finding(
                        scheme: .sde, year: year, kind: FindingKind.paymentAmbiguous.rawValue, subjectKey: "os2bos-\(pay.paymentID)",
                        cprs: pay.posting.cpr.map { [$0] } ?? [], amount: pay.value, direction: .check,
                        text:
                            "OS2bos-betaling \(pay.paymentID) (plan \(pay.planID ?? "?"), \(pay.posting.text ?? "ydelse"), \(pay.value.danishKroner), forfalden \(pay.dueDate.danish)) "
                            + "passer på \(candidates.count) posteringer efter reglen \"\(rule.danishText)\": ingen er matchet, og betalingen er ikke medregnet. "
                            + "Vælg den rigtige postering på fundets side, eller skriv \"ref: \(pay.planID ?? pay.paymentID)\" i dens tekst i økonomisystemet (eller kolonnen os2bos_plan)."
                    ))
            default: break
            }
        }
        for (plan, list) in unbooked {
            let first = list[0].payment
            let total = list.reduce(Money.zero) { $0 + $1.payment.value }
            let estimated = list.contains { outcomes[$0.id] == .estimate }
            let dates = list.map(\.payment.dueDate).sorted()
            out.append(
                Finding(
                    scheme: .sde, year: year, kind: FindingKind.paymentUnbooked.rawValue, subjectKey: "os2bos-plan-\(plan)",
                    cprs: first.posting.cpr.map { [$0] } ?? [], amount: total, direction: .check,
                    text:
                        "OS2bos-plan \(plan) (\(first.posting.text ?? "ydelse"), \(first.method ?? "betaling")): \(list.count) planlagte betalinger forfaldne "
                        + "\(dates.first!.danish)-\(dates.last!.danish) på i alt \(total.danishKroner) har ingen postering i bogføringen. "
                        + (estimated
                            ? "De er medregnet som skøn til det planlagte beløb; importér posteringerne, så erstatter de skønnet."
                            : "De er ikke medregnet: importér økonomisystemets posteringer, eller vælg at medregne forfaldne planlagte betalinger som skøn.")
                ))
        }
        return out.sorted { $0.subjectKey < $1.subjectKey }
    }
}
