/// Which law a posting's expense falls under, for § 9 c.
public enum ClaimCategory: String, Sendable, Codable {
    /// § 9 c stk. 1 nr. 1-7: aktivloven, beskæftigelsesindsats, kompensation, boligstøtte,
    /// social pension § 52 stk. 1, old førtidspension § 50 stk. 1, medfinansiering.
    case stk1
    /// Serviceloven and barnets lov: refundable only where the receiver is handlekommune.
    case service
    case notClaimable

    /// Paragraph codes as the ledger writes them (`LAS-25`, `SEL-108`); docs/rules/mellemkommunal.md.
    /// Without a code, kontoplan function 5.57.73 (kontant- og uddannelseshjælp, aktivloven § 25)
    /// is read as aktivloven (star.dk konteringsregler for 5.57.73).
    public static func of(_ posting: Posting) -> ClaimCategory {
        if let paragraph = posting.paragraph {
            let head = paragraph.uppercased().split(separator: "-").first.map(String.init) ?? ""
            switch head {
            case "LAS", "LAB", "LBI", "LKH", "LIB", "BOST", "FTP", "LKF": return .stk1
            case "LSP": return paragraph.uppercased().hasPrefix("LSP-52") ? .stk1 : .notClaimable
            case "SEL", "BL": return .service
            default: return .notClaimable
            }
        }
        if posting.function == AccountFunction(main: 5, group: 57, function: 73) { return .stk1 }
        return .notClaimable
    }
}

/// One line of a claim: a posting's share that falls in a payer period.
public struct ClaimLine: Hashable, Sendable, Codable {
    public var month: Month
    public var category: ClaimCategory
    public var paragraph: String?
    public var function: String
    public var voucher: String?
    public var text: String?
    /// The share of the posting inside the payer period.
    public var amount: Money
    /// First day of the help the line covers; the three-year deadline runs from it.
    public var helpDay: Day
    public var deadline: Day
    public var legalBasis: String

    /// Whether a claim raised on `day` still covers the line (three years after the help, the
    /// deadline day included; Højesteret 18.4.2024).
    public func isTimely(on day: Day) -> Bool { deadline >= day }
}

/// A claim's help split by the three-year deadline (Højesteret 18.4.2024): what can still be
/// claimed when the claim is raised on a given day, and what is time-barred by then. Two figures
/// everywhere a claim's value is shown, so help older than three years is never counted as income.
public struct ClaimValue: Hashable, Sendable, Codable {
    public var claimable: Money
    public var timeBarred: Money
    public var total: Money { claimable + timeBarred }

    public init(claimable: Money = .zero, timeBarred: Money = .zero) {
        self.claimable = claimable
        self.timeBarred = timeBarred
    }

    /// The lines still in time on `raisedOn` (`ClaimRules.timely`: the deadline day included) and the rest.
    /// The same split as `ClaimRules.timely`, summed in one pass without copying the lines: the
    /// worklist values every claim on every view.
    public init(_ lines: [ClaimLine], raisedOn day: Day) {
        var claimable = Money.zero
        var timeBarred = Money.zero
        for line in lines {
            if line.isTimely(on: day) { claimable = claimable + line.amount } else { timeBarred = timeBarred + line.amount }
        }
        self.init(claimable: claimable, timeBarred: timeBarred)
    }

    public static func + (a: ClaimValue, b: ClaimValue) -> ClaimValue {
        ClaimValue(claimable: a.claimable + b.claimable, timeBarred: a.timeBarred + b.timeBarred)
    }
}

/// An outgoing claim: what one municipality should refund us for one citizen in one year.
public struct ClaimCandidate: Hashable, Sendable, Codable {
    public var cpr: CPR
    public var payer: Int
    public var year: Int
    public var lines: [ClaimLine]
    public var rule: PayerRule
    public var scope: RefundScope

    public var amount: Money { lines.reduce(.zero) { $0 + $1.amount } }
    /// The help still claimable if the claim is raised on `day`, and what is time-barred.
    public func value(raisedOn day: Day) -> ClaimValue { ClaimValue(lines, raisedOn: day) }
    /// The earliest deadline of a line; the claim must be raised by then to be paid in full.
    public var deadline: Day { lines.map(\.deadline).min() ?? Day(year: year + 3, month: 1, day: 1)! }
    public var from: Day { lines.map(\.helpDay).min() ?? Day(year: year, month: 1, day: 1)! }
    public var to: Day { lines.map { $0.month.lastDay }.max() ?? Day(year: year, month: 12, day: 31)! }
    public var key: String { "ud:\(cpr.digits):\(zeroPad(payer, 3)):\(year)" }
    public var legalBasis: String { rule.legalBasis }
}

/// R11-R12: claims from the ledger and the payer periods.
public enum ClaimRules {
    /// Højesteret 18.4.2024: the claim must be raised at the latest three years after the help was given.
    public static let deadlineSource = "https://domstol.dk/hoejesteret/aktuelt/2024/4/krav-om-mellemkommunal-refusion-opretholdt/"

    /// Our outgoing claim candidates for one citizen: every claimable posting share that falls in
    /// a period where we are the opholdskommune and another municipality pays.
    public static func candidates(cpr: CPR, periods: [PayerPeriod], postings: [Posting], own: Int, deadlineYears: Int = 3) -> [ClaimCandidate] {
        var byKey: [String: ClaimCandidate] = [:]
        for p in periods {
            guard let payer = p.payer, payer != own, p.episode.municipality == own, let scope = p.scope else { continue }
            let span = DateRange(p.from, p.to ?? .distantFuture)
            for posting in postings where posting.cpr == cpr {
                let category = ClaimCategory.of(posting)
                guard category != .notClaimable else { continue }
                // Serviceloven costs under a medvirken relation are the payer's own as handlekommune;
                // we claim them back as paid on its behalf (§ 9 stk. 3-4), with that basis.
                let basis: String
                switch (category, scope) {
                case (.service, .stk1):
                    basis = "retssikkerhedsloven § 9 stk. 3-4 (\(zeroPad(payer, 3)) er handlekommune; udgiften er afholdt på dens vegne)"
                default: basis = p.origin?.legalBasis ?? p.rule.legalBasis
                }
                let covered = posting.period ?? DateRange(posting.date, posting.date)
                guard let inside = covered.intersection(span) else { continue }
                let share =
                    posting.amount == .zero
                    ? Money.zero
                    : Rational(posting.amount.ore * Int64(inside.dayCount), Int64(covered.dayCount)).roundedToOre()
                let monthShares = split(share, over: inside)
                for (month, amount, first) in monthShares where amount != .zero {
                    let year = month.year
                    let key = "\(payer):\(year)"
                    var c = byKey[key] ?? ClaimCandidate(cpr: cpr, payer: payer, year: year, lines: [], rule: p.origin ?? p.rule, scope: scope)
                    c.lines.append(
                        ClaimLine(
                            month: month, category: category, paragraph: posting.paragraph, function: posting.function.description,
                            voucher: posting.voucher, text: posting.text, amount: amount, helpDay: first,
                            deadline: first.adding(years: deadlineYears), legalBasis: basis))
                    byKey[key] = c
                }
            }
        }
        return byKey.values.sorted { ($0.year, $0.payer) < ($1.year, $1.payer) }.map { c in
            var c = c
            c.lines.sort { ($0.helpDay, $0.function) < ($1.helpDay, $1.function) }
            return c
        }
    }

    /// A share split by days over the months of a range; the rounding rest goes to the last month.
    static func split(_ share: Money, over range: DateRange) -> [(Month, Money, Day)] {
        let months = range.months()
        var out: [(Month, Money, Day)] = []
        var rest = share
        for (i, m) in months.enumerated() {
            let first = max(range.start, m.month.firstDay)
            if i == months.count - 1 {
                out.append((m.month, rest, first))
                break
            }
            let part = Rational(share.ore * Int64(m.days), Int64(range.dayCount)).roundedToOre()
            out.append((m.month, part, first))
            rest = rest - part
        }
        return out
    }

    /// Splits a claim's lines into those still within the deadline on `day` and those lost to it.
    public static func timely(_ lines: [ClaimLine], on day: Day) -> (timely: [ClaimLine], expired: [ClaimLine]) {
        (lines.filter { $0.isTimely(on: day) }, lines.filter { !$0.isTimely(on: day) })
    }

    /// The deadline that matters on `day`: the earliest one not yet passed, or the last one when all have.
    public static func nextDeadline(_ lines: [ClaimLine], on day: Day) -> Day? {
        var next: Day?
        var last: Day?
        for line in lines {
            if line.deadline >= day, next.map({ line.deadline < $0 }) ?? true { next = line.deadline }
            if last.map({ line.deadline > $0 }) ?? true { last = line.deadline }
        }
        return next ?? last
    }

    /// Warnings before a deadline, in days (issue 5: 90 and 30 days before).
    public static let firstWarningDays = 90, secondWarningDays = 30

    /// How urgent a deadline is on `today`: days left and the warning it carries.
    public static func urgency(deadline: Day, today: Day, firstWarning: Int = firstWarningDays, secondWarning: Int = secondWarningDays)
        -> DeadlineUrgency
    {
        let left = deadline - today
        if left < 0 { return .expired(daysAgo: -left) }
        if left <= secondWarning { return .critical(daysLeft: left) }
        if left <= firstWarning { return .warning(daysLeft: left) }
        return .ok(daysLeft: left)
    }
}

public enum DeadlineUrgency: Hashable, Sendable {
    case ok(daysLeft: Int)
    case warning(daysLeft: Int)
    case critical(daysLeft: Int)
    case expired(daysAgo: Int)

    public var danishText: String {
        switch self {
        case .ok(let d): return "\(DanishFormat.count(d, "dag", "dage")) til fristen"
        case .warning(let d): return "\(Self.due(d)) (90-dages varsel)"
        case .critical(let d): return "\(Self.due(d)) (30-dages varsel)"
        case .expired(let d): return "fristen udløb for \(DanishFormat.count(d, "dag", "dage")) siden"
        }
    }

    /// `fristen er i dag`, `frist i morgen`, `frist om 12 dage`.
    static func due(_ days: Int) -> String {
        switch days {
        case 0: return "fristen er i dag"
        case 1: return "frist i morgen"
        default: return "frist om \(days) dage"
        }
    }

    public var level: String {
        switch self {
        case .ok: return "ok"
        case .warning: return "varsel"
        case .critical: return "kritisk"
        case .expired: return "udloebet"
        }
    }

    /// Sort key: most urgent first.
    public var sortKey: Int {
        switch self {
        case .expired(let d): return -100_000 + (100_000 - min(d, 99_999))
        case .critical(let d), .warning(let d), .ok(let d): return d
        }
    }
}
