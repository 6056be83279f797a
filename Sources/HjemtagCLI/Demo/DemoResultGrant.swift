import Foundation
import HjemtagCore

/// Refugees and family-reunified persons in the programme, with jobs, educations and exams, and
/// the resultattilskud the ledger shows as received (function 5.46.60). Fixed dates: results are
/// earned in 2024 (the last year with rates in the sources), some are still running in 2026.
struct DemoResultGrant {
    private var rng: SeededRandom
    private(set) var rows: [String] = []
    private(set) var postings: [String] = []
    private var voucher = 950_000

    init(seed: UInt64, inhabitants: Int) {
        rng = SeededRandom(seed: seed &+ 17_000)
        build(count: max(7, 35 * inhabitants / 28_000))
    }

    private mutating func cpr() -> CPR {
        while true {
            let y = rng.int(1975...2002)
            let m = rng.int(1...12)
            let d = rng.int(1...28)
            if let c = try? CPR(
                parsing: zeroPad(d, 2) + zeroPad(m, 2) + zeroPad(y % 100, 2) + String(y >= 2000 ? 4 : rng.int(0...3)) + zeroPad(rng.int(0...999), 3))
            {
                return c
            }
        }
    }

    private mutating func row(
        _ c: CPR, _ start: Day, _ kind: String = "", _ from: Day? = nil, _ to: Day? = nil, hours: String = "", su: String = "", exam: String = ""
    ) {
        rows.append([c.formatted, start.iso, kind, from?.iso ?? "", to?.iso ?? "", hours, su, exam].joined(separator: ";"))
    }

    private mutating func received(_ c: CPR, _ day: Day, _ kroner: Int64, _ text: String) {
        voucher += 1
        postings.append(
            [
                String(voucher), day.iso, Money(kroner: -kroner).danish.replacingOccurrences(of: ".", with: ""), "5.46.60", "2", "8.6", c.formatted,
                "",
                "", "", "INT", "", "", "", text,
            ].joined(separator: ";"))
    }

    private mutating func build(count: Int) {
        for i in 0..<count {
            let c = cpr()
            let start = Day(year: 2021, month: rng.int(1...12), day: 1)!
            switch i % 7 {
            case 0: // Ordinary job, 6+ months, booked as received.
                let from = Day(year: 2023, month: rng.int(7...12), day: 1)!
                row(c, start, "job", from, from.adding(months: rng.int(7...14)).adding(days: -1), hours: String(rng.int(22...37)))
                received(c, from.adding(months: 7), 88_817, "Resultattilskud job")
            case 1: // The same, but nobody claimed it.
                let from = Day(year: 2023, month: rng.int(7...12), day: 1)!
                row(c, start, "job", from, nil, hours: String(rng.int(25...37)))
            case 2: // Education with SU, not claimed.
                let from = Day(year: 2023, month: 8, day: rng.int(10...25))!
                row(c, start, "uddannelse", from, from.adding(months: 10), su: "ja")
            case 3: // Below 20 hours on average: no grant.
                let from = Day(year: 2023, month: rng.int(1...6), day: 1)!
                row(c, start, "job", from, from.adding(months: 9), hours: String(rng.int(12...19)))
            case 4: // Two contracts back to back, six months together; claimed.
                let from = Day(year: 2023, month: rng.int(8...12), day: 1)!
                row(c, start, "job", from, from.adding(months: 3).adding(days: -1), hours: "30")
                row(c, start, "job", from.adding(months: 3), from.adding(months: 8).adding(days: -1), hours: "30")
                received(c, from.adding(months: 7), 88_817, "Resultattilskud job")
            case 5: // Danish exam passed in 2024.
                row(c, start, "danskproeve", Day(year: 2024, month: rng.int(1...12), day: 15)!, nil, exam: "Prøve i Dansk \(rng.int(1...3))")
            default: // A job started recently: earned if it continues.
                let from = Day(year: 2026, month: rng.int(7...10), day: 1)!
                row(c, Day(year: 2023, month: 1, day: 1)!, "job", from, nil, hours: "37")
            }
        }
    }

    func integrationCSV() -> String { (["cpr;programstart;haendelse;fra;til;timer_pr_uge;su;proeve"] + rows).joined(separator: "\n") + "\n" }
    func postingsCSV() -> String {
        (["bilag;dato;beloeb;funktion;dranst;art;cpr;paragraf;periode_fra;periode_til;forvaltning;betalingskommune;cvr;moms;tekst"] + postings)
            .joined(separator: "\n") + "\n"
    }
}
