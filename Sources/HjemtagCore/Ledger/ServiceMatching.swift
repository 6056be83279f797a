import Foundation

/// Ledger postings without CPR tied to the EG Sensum service they pay (issue 20 § 2): a service
/// names the account its costs are booked on (`IndsatskontoNummer`); a posting without CPR on
/// that account, dated within the service's period, is that service's cost and gets its citizen,
/// legal basis, period and paying municipality. An account several citizens' services share in
/// the month matches none of them: a finding for a person, never a guess (as for OS2bos,
/// `PaymentMatching`).
public enum ServiceMatching {
    /// What a matched posting takes from its service (joined from the four Sensum files).
    public struct Service: Sendable, Hashable, Codable {
        public var serviceID: String
        public var cpr: CPR
        /// The legal basis as the ledger writes it (`SEL § 108` → `SEL-108`).
        public var section: String?
        public var start: Day
        public var end: Day?
        public var payingMunicipality: Int?
        public var department: String?
        public var account: String

        public func covers(_ day: Day) -> Bool { start <= day && (end.map { day <= $0 } ?? true) }
    }

    public enum Outcome: Sendable, Hashable {
        case matched(Service)
        case ambiguous(serviceIDs: [String])
    }

    /// The services with an account, joined to their case and citizen.
    public static func services(_ d: Sensum.Delivery) -> [Service] {
        let citizens = Dictionary(d.citizens.map { ($0.citizenID, $0) }, uniquingKeysWith: { a, _ in a })
        let cases = Dictionary(d.cases.map { ($0.caseID, $0) }, uniquingKeysWith: { a, _ in a })
        return d.services.compactMap { s in
            guard let account = s.account, !account.isEmpty, let start = s.start, let c = cases[s.caseID], let citizen = citizens[c.citizenID] else {
                return nil
            }
            return Service(
                serviceID: s.serviceID, cpr: citizen.cpr, section: ledgerSection(s.section), start: start, end: s.end,
                payingMunicipality: c.payingMunicipality, department: c.department, account: account)
        }
    }

    /// `SEL § 108`, `§ 108 SEL`, `SEL 108 stk. 1` → `SEL-108`; other laws are kept as written.
    public static func ledgerSection(_ text: String?) -> String? {
        guard let t = text?.uppercased(), !t.isEmpty else { return nil }
        let isSEL = t.contains("SEL") || t.contains("SERVICELOV") || (t.hasPrefix("§") && !t.contains("ABL") && !t.contains("LAB"))
        guard isSEL, let number = t.split(whereSeparator: { !$0.isNumber && !$0.isLetter }).first(where: { $0.first?.isNumber == true }) else {
            return text
        }
        return "SEL-\(number)"
    }

    /// The full account number a ledger posting names in an extra column (`konto`, `kontonummer`).
    public static func account(of p: Posting) -> String? {
        for name in ["konto", "kontonummer", "prisme_konto"] { if let v = p.extra(named: name), !v.isEmpty { return v } }
        return nil
    }

    /// Each candidate posting's outcome, by its row id; postings no service fits are left out.
    public static func match(ledger: [PaymentMatching.LedgerPosting], services: [Service]) -> [Int64: Outcome] {
        let byAccount = Dictionary(grouping: services, by: \.account)
        var out: [Int64: Outcome] = [:]
        for l in ledger where l.posting.cpr == nil {
            guard let account = account(of: l.posting), let list = byAccount[account] else { continue }
            let day = l.posting.period?.start ?? l.posting.date
            let fitting = list.filter { $0.covers(day) }
            let citizens = Set(fitting.map(\.cpr))
            if fitting.count == 1 || (citizens.count == 1 && !fitting.isEmpty) {
                out[l.id] = .matched(fitting.sorted { $0.serviceID < $1.serviceID }[0])
            } else if fitting.count > 1 {
                out[l.id] = .ambiguous(serviceIDs: fitting.map(\.serviceID).sorted())
            }
        }
        return out
    }

    /// The posting as it counts once matched: the ledger's money, the service's citizen and facts.
    public static func attribute(_ ledger: Posting, _ s: Service) -> Posting {
        var out = ledger
        out.cpr = s.cpr
        out.paragraph = ledger.paragraph ?? s.section
        out.payingMunicipality = ledger.payingMunicipality ?? s.payingMunicipality
        out.department = ledger.department ?? s.department
        if out.period == nil {
            // The posting's month, clipped to the service: the period the service was delivered in.
            let month = ledger.date.month.range
            out.period = DateRange.checked(max(month.start, s.start), min(month.end, s.end ?? month.end)) ?? month
        }
        out.extra["sensum_indsats"] = s.serviceID
        out.extra[OS2bosPayment.Key.matchRule] = "sensum-konto"
        return out
    }
}
