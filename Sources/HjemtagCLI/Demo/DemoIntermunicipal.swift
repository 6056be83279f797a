import Foundation
import HjemtagCore

/// Residence histories, the ledger lines that go with them, and claims received from other
/// municipalities, for the mellemkommunal analysis. Fixed dates (2023-01 to 2026-10), so the
/// same seed writes the same files on every day; deadlines are judged against the real today.
struct DemoIntermunicipal {
    let kommune: Kommune
    private var rng: SeededRandom
    private(set) var episodes: [String] = []
    private(set) var postings: [String] = []
    private(set) var claims: [String] = []
    private var voucher = 900_000
    private var claimNumber = 0
    static let firstMonth = Month(year: 2023, month: 1)
    static let lastMonth = Month(year: 2026, month: 10)

    init(seed: UInt64, kommune: Kommune, inhabitants: Int) {
        self.kommune = kommune
        rng = SeededRandom(seed: seed &+ 9_000)
        build(count: max(6, 42 * inhabitants / 28_000))
    }

    private mutating func cpr(_ i: Int) -> CPR {
        while true {
            let year = rng.int(1950...2003)
            let month = rng.int(1...12)
            let day = rng.int(1...28)
            let text =
                zeroPad(day, 2) + zeroPad(month, 2) + zeroPad(year % 100, 2) + String(year >= 2000 ? 4 : rng.int(0...3))
                + zeroPad(rng.int(0...999), 3)
            if let c = try? CPR(parsing: text) { return c }
        }
    }

    private mutating func episode(
        _ cpr: CPR, _ from: Day, _ to: Day?, _ kommune: Int, _ housing: HousingType, _ offer: String = "", _ referral: String = "",
        _ basis: String = ""
    ) {
        episodes.append(
            [cpr.formatted, from.iso, to?.iso ?? "", zeroPad(kommune, 3), housing.rawValue, offer, referral, basis].joined(separator: ";"))
    }

    /// Monthly postings on the person from `from` to `to` (inclusive months), on a function and paragraph.
    private mutating func monthly(_ cpr: CPR, from: Month, to: Month, function: String, paragraph: String, kroner: ClosedRange<Int>, text: String) {
        var m = from
        while m <= to {
            voucher += 1
            let amount = Money(ore: Int64(rng.int(kroner)) * 100).danish.replacingOccurrences(of: ".", with: "")
            postings.append(
                [
                    String(voucher), m.lastDay.iso, amount, function, "1", "5.2", cpr.formatted, paragraph, m.firstDay.iso, m.lastDay.iso,
                    "SOF", "", "", "", "\(text) \(m.description)",
                ].joined(separator: ";"))
            m = m.adding(1)
        }
    }

    /// Claims arrive in the autumn of 2026, so some reach back more than three years.
    private mutating func claim(
        from other: Int, _ cpr: CPR, _ start: Day, _ end: Day, kroner: Int, basis: String = "retssikkerhedsloven § 9 c stk. 1-2"
    ) {
        claimNumber += 1
        let received = Day(year: 2026, month: 9, day: 1)!.adding(days: rng.int(0...75))
        claims.append(
            [
                "\(zeroPad(other, 3))-\(2024 + claimNumber % 3)-\(zeroPad(claimNumber, 4))", zeroPad(other, 3), cpr.formatted, start.iso, end.iso,
                Money(kroner: Int64(kroner)).danish, basis, received.iso,
            ].joined(separator: ";"))
    }

    private mutating func build(count: Int) {
        let own = kommune.code
        let others = Kommune.all.map(\.code).filter { $0 != own }
        for i in 0..<count {
            let person = cpr(i)
            let other = rng.pick(others)
            let start = Self.firstMonth.adding(rng.int(0...20)).firstDay
            switch i % 7 {
            case 0: // Referred to a § 107/108 place here by the former municipality: we claim § 9 c stk. 1 costs (R1-R2).
                episode(person, Day(year: 2012, month: 1, day: 1)!, start.adding(days: -1), other, .ownHome)
                episode(person, start, nil, own, rng.chance(0.5) ? .sel108 : .sel107, "Bostedet Lysholm", zeroPad(other, 3), "SEL-108")
                monthly(
                    person, from: start.month, to: Self.lastMonth, function: "5.57.73", paragraph: "LAS-25", kroner: 9_000...14_000,
                    text: "Kontanthjælp")
                monthly(
                    person, from: start.month, to: Self.lastMonth, function: "5.57.77", paragraph: "BOST-9", kroner: 1_800...3_200,
                    text: "Boligstøtte")
            case 1: // Flytteret with dobbeltvisitation: we are handlekommune and claim the botilbud as well (R5).
                episode(
                    person, Day(year: 2016, month: 3, day: 1)!, start.adding(days: -1), other, .sel108, "Bofællesskabet Engen", zeroPad(other, 3),
                    "SEL-108")
                episode(person, start, nil, own, .sel108, "Lejre Bo", "\(zeroPad(other, 3))+\(kommune.codeText)", "SEL-108 stk. 2")
                monthly(
                    person, from: start.month, to: Self.lastMonth, function: "5.38.50", paragraph: "SEL-108", kroner: 38_000...72_000,
                    text: "Botilbud § 108")
            case 2: // Self-admitted to a forsorgshjem here, then an own flat here: refusion ends with the move (R3, R9).
                let end = start.adding(months: rng.int(5...14))
                episode(person, Day(year: 2019, month: 6, day: 1)!, start.adding(days: -1), other, .ownHome)
                episode(person, start, end.adding(days: -1), own, .sel110, "Herberget", "SELV", "SEL-110")
                episode(person, end, nil, own, .ownHome)
                monthly(
                    person, from: start.month, to: min(end.month.adding(6), Self.lastMonth), function: "5.57.73", paragraph: "LAS-25",
                    kroner: 8_000...12_000, text: "Kontanthjælp")
            case 3: // Our citizen, placed by us in a § 108 place elsewhere: the other municipality claims; correct claims are accepted.
                episode(person, Day(year: 2010, month: 1, day: 1)!, start.adding(days: -1), own, .ownHome)
                episode(person, start, nil, other, .sel108, "Botilbud Skovly", kommune.codeText, "SEL-108")
                let periodEnd = start.adding(months: 6).adding(days: -1)
                claim(from: other, person, start, periodEnd, kroner: 6 * rng.int(9_000...13_000))
            case 4: // Placed by us, but moved to an own flat; the claim runs past the move: accepted in part.
                let end = start.adding(months: 4)
                episode(person, Day(year: 2011, month: 1, day: 1)!, start.adding(days: -1), own, .ownHome)
                episode(person, start, end.adding(days: -1), other, .sel107, "Midlertidigt bosted", kommune.codeText, "SEL-107")
                episode(person, end, nil, other, .ownHome)
                claim(from: other, person, start, start.adding(months: 8).adding(days: -1), kroner: 8 * rng.int(8_000...12_000))
            case 5: // Moved away on their own: no refusion is due, the claim is disputed.
                episode(person, Day(year: 2008, month: 1, day: 1)!, start.adding(days: -1), own, .ownHome)
                episode(person, start, nil, other, .ownHome)
                claim(from: other, person, start, start.adding(months: 3).adding(days: -1), kroner: 3 * rng.int(9_000...12_000))
            default: // A stay here whose visitation is not recorded: the robot asks a caseworker.
                episode(person, Day(year: 2014, month: 1, day: 1)!, start.adding(days: -1), other, .ownHome)
                episode(person, start, nil, own, .sel107, "Krisebolig", "", "SEL-107")
                monthly(
                    person, from: start.month, to: Self.lastMonth, function: "5.57.73", paragraph: "LAS-25", kroner: 9_000...12_000,
                    text: "Kontanthjælp")
            }
        }
        // A claim for a citizen we have no history for: it cannot be checked, so it is not paid.
        let stranger = cpr(count)
        claim(from: others[0], stranger, Day(year: 2025, month: 1, day: 1)!, Day(year: 2025, month: 6, day: 30)!, kroner: 54_000)
    }

    func residenceCSV() -> String { (["cpr;fra;til;kommune;boligtype;tilbud;visiteret_af;lovgrundlag"] + episodes).joined(separator: "\n") + "\n" }
    func postingsCSV() -> String {
        (["bilag;dato;beloeb;funktion;dranst;art;cpr;paragraf;periode_fra;periode_til;forvaltning;betalingskommune;cvr;moms;tekst"] + postings)
            .joined(separator: "\n") + "\n"
    }
    func claimsCSV() -> String {
        (["krav_id;fra_kommune;cpr;periode_fra;periode_til;beloeb;lovgrundlag;modtaget_dato"] + claims).joined(separator: "\n") + "\n"
    }
}
