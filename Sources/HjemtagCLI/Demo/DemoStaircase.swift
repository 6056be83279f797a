import Foundation
import HjemtagCore

/// Benefit recipients of the synthetic municipality, and the files the municipality gets:
/// its own benefit payments, periods of subsidised employment, and YR's calculation file, which
/// mostly agrees with the law but carries the discrepancies and quirks a real one has.
struct DemoStaircase {
    var rng: SeededRandom
    let kommune: Kommune
    let inhabitants: Int
    let year: Int
    var payments: [BenefitPayment] = []
    var subsidised: [SubsidisedPeriod] = []

    init(seed: UInt64, kommune: Kommune, inhabitants: Int, year: Int) {
        rng = SeededRandom(seed: seed &+ 7)
        self.kommune = kommune
        self.inhabitants = inhabitants
        self.year = year
        build()
    }

    private mutating func build() {
        let mix: [(String, Int)] = [
            ("Kontanthjælp", 35), ("Sygedagpenge", 30), ("Arbejdsløshedsdagpenge", 20), ("Ressourceforløbsydelse", 10), ("Ledighedsydelse", 5),
        ]
        let persons = max(20, 700 * inhabitants / 28_000)
        var used = Set<String>()
        for _ in 0..<persons {
            var cpr: CPR
            repeat {
                let y = rng.int(1960...2002)
                let m = rng.int(1...12)
                let d = rng.int(1...28)
                let text = zeroPad(d, 2) + zeroPad(m, 2) + zeroPad(y % 100, 2) + String(y >= 2000 ? 4 : rng.int(0...3)) + zeroPad(rng.int(0...999), 3)
                cpr = try! CPR(parsing: text)
            } while !used.insert(cpr.digits).inserted
            var pick = rng.int(1...100)
            var name = mix[0].0
            for (n, share) in mix {
                if pick <= share {
                    name = n
                    break
                }
                pick -= share
            }
            let benefit = Benefit.lookup(name)!
            let weekly = Int64(rng.int(2_400...4_600)) * 100
            var start = Day(year: year - 2, month: 1, day: 4)!.adding(days: 7 * rng.int(0...150))
            let dataEnd = Day(year: year, month: 12, day: 31)!
            for spell in 0..<rng.int(1...3) where start <= dataEnd {
                let weeks = rng.int(3...70)
                let end = min(start.adding(days: 7 * weeks - 1), dataEnd)
                // Monthly payments for kontanthjælp and dagpenge, fortnightly for the others, each clipped to the spell.
                var cursor = start
                while cursor <= end {
                    let periodEnd = min(
                        end, name == "Kontanthjælp" || name == "Arbejdsløshedsdagpenge" ? cursor.month.lastDay : cursor.adding(days: 13))
                    let days = Int64(periodEnd - cursor + 1)
                    payments.append(
                        BenefitPayment(cpr: cpr, benefit: benefit, period: DateRange(cursor, periodEnd), amount: Money(ore: weekly * days / 7)))
                    cursor = periodEnd.adding(days: 1)
                }
                if spell == 0 && rng.chance(0.15) {
                    // Subsidised work after the first spell: not self-support (§ 6 stk. 2).
                    let s = end.adding(days: 1)
                    subsidised.append(
                        SubsidisedPeriod(
                            cpr: cpr, scheme: rng.chance(0.5) ? "løntilskud" : "fleksjob",
                            period: DateRange(s, s.adding(days: 7 * rng.int(10...60) - 1))))
                }
                start = end.adding(days: 7 * rng.int(8...70) + 1)
                start = start.adding(days: 1 - start.isoWeekday)
            }
        }
    }

    func paymentsCSV() -> String {
        var lines = ["cpr;ydelse;periode_fra;periode_til;beloeb;udbetalingsdato;kilde"]
        for p in payments {
            lines.append(
                "\(p.cpr.formatted);\(p.benefit.name);\(p.period.start.iso);\(p.period.end.iso);\(p.amount.danish.replacingOccurrences(of: ".", with: ""));\(p.period.end.adding(days: 3).iso);KY"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func subsidisedCSV() -> String {
        (["cpr;ordning;fra;til"] + subsidised.map { "\($0.cpr.formatted);\($0.scheme);\($0.period.start.iso);\($0.period.end.iso)" }).joined(
            separator: "\n") + "\n"
    }

    var yrFileName: String { "yr-ydelsesrefusion-beregning-\(kommune.codeText)-0001-\(year + 1)-01-15.csv" }

    /// YR's file for the year, from the law's own calculation with some rows changed.
    mutating func yrCSV(parameters: ParameterSet) throws -> String {
        var calc = try StaircaseCalculator(from: Day(year: year, month: 1, day: 1)!, to: Day(year: year, month: 12, day: 31)!, parameters: parameters)
        for p in payments { calc.add(p) }
        for s in subsidised { calc.add(s) }
        let result = calc.result()
        func pct(_ r: Rational) -> String { r.danishPercent }
        func amount(_ m: Money) -> String { m.danish.replacingOccurrences(of: ".", with: "") }
        var lines = [
            "Uge;CPR nummer;Ydelse;Indberetning udbetalingsbeløb;Beregnet udbetalingsbeløb;Refusionssats;Refusionsbeløb;Medfinansieringssats;Medfinansieringsbeløb;Finansiering Kommunenavn"
        ]
        for w in result.weeks {
            let roll = rng.int(1...1000)
            if roll <= 10 { continue } // 1 %: missing in YR
            var rate = w.rate
            var base = w.amount
            if roll <= 40 {
                rate = result.rules.rate(w.financing, count: max(1, w.count - 30))
            } // YR counted differently
            else if roll <= 60 {
                base = Money(ore: base.ore * 9 / 10)
            } // YR has a lower amount
            let value = (rate * Rational(base)).roundedToOre()
            let cprText = w.cpr.digits.hasPrefix("0") && roll % 3 == 0 ? String(w.cpr.digits.dropFirst()) : w.cpr.digits
            let refund = w.financing == .refund
            let line = [
                w.week.monday.iso, cprText, w.benefit.name, amount(base), amount(base), refund ? pct(rate) : "0", refund ? amount(value) : "0,00",
                refund ? "0" : pct(rate), refund ? "0,00" : amount(value), kommune.name,
            ].joined(separator: ";")
            lines.append(line)
            if roll >= 995 { lines.append(line) } // exact duplicate rows occur
        }
        // Rows only in YR, and the state's fleksbidrag.
        for _ in 0..<max(2, inhabitants / 7_000) {
            let monday = ISOWeek(year: year, week: rng.int(1...50))!.monday
            lines.append(
                "\(monday.iso);\(zeroPad(rng.int(1...28), 2))0575\(rng.int(1000...3999));Kontanthjælp;3000,00;3000,00;80;2400,00;0;0,00;\(kommune.name)"
            )
            lines.append(
                "\(monday.iso);\(zeroPad(rng.int(1...28), 2))0670\(rng.int(1000...3999));Fleksbidrag fra staten;1500,00;1500,00;0;0,00;0;0,00;\(kommune.name)"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
