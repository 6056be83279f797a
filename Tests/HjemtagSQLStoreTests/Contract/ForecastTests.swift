import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// The SDE forecast (issue 21 § 1), golden cases by hand. SDE 2021: T1 850.000 (25 %), T2
/// 1.660.000 (50 %), each month against a twelfth (serviceloven § 176 stk. 1, BEK § 3).
@Suite("SDE forecast", .serialized)
struct ForecastTests {
    static let os2bos = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/os2bos/expected_payments_3.csv")

    /// OS2bos's own expected_payments file, its first payment repeated monthly from July to
    /// December 2021 at 150.000 for the same child.
    static func planned() throws -> String {
        // OS2bos writes CRLF and a byte-order mark.
        let text = try String(contentsOf: os2bos, encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
            of: "\u{FEFF}", with: "")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let first = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func at(_ name: String) -> Int { header.firstIndex(of: name)! }
        let rows = (7...12).map { m -> String in
            var r = first
            r[at("id")] = String(m)
            r[at("amount")] = "150000.00"
            r[at("payment_schedule__payment_amount")] = "150000.00"
            r[at("date")] = "2021-\(zeroPad(m, 2))-01"
            r[at("activity_start_date")] = "2021-01-01"
            return r.joined(separator: ",")
        }
        return ([String(lines[0])] + rows).joined(separator: "\n") + "\n"
    }

    @Test("A subject crosses the 50 % tier in the planned month; at the current level it stays in the 25 % tier", arguments: Backend.available)
    func crossesInPlannedMonth(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            // The fixture's payments are Ballerup's (paying, acting and residence municipality).
            try await store.setSetting("kommune", "151")
            // January-June 2021: 120.000 a month, booked; OS2bos plans 150.000 a month from July.
            let ledger =
                "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til\n"
                + (1...6).map {
                    "2021-\(zeroPad($0, 2))-15;120000,00;5.28.20;1403124059;SEL-52-3.7;2021-\(zeroPad($0, 2))-01;\(Month(year: 2021, month: $0).lastDay.iso)"
                }.joined(separator: "\n") + "\n"
            _ = try await ImportRunner().run(kind: .postings, file: try writeTemp(ledger, name: "p.csv"), importedBy: "t", into: store)
            _ = try await ImportRunner().run(
                kind: .os2bosForecast, file: try writeTemp(try Self.planned(), name: "expected_payments.csv"), importedBy: "t", into: store)
            let f = try await SDEForecastService(store: store, today: Day(year: 2021, month: 7, day: 1)!)
                .forecast(year: 2021, asOf: Day(year: 2021, month: 6, day: 30)!)
            let planned = try #require(f.scenarios.first { $0.scenario == .planned })
            let level = try #require(f.scenarios.first { $0.scenario == .level })
            // Planned: January-June 25 % × (120.000 − 850.000/12) = 12.291,67 a month, 73.750 for six;
            // July-December 25 % × (1.660.000 − 850.000)/12 + 50 % × (150.000 − 1.660.000/12)
            // = 16.875 + 5.833,33 = 22.708,33 a month, 136.250 for six: 210.000 for the year.
            #expect(planned.totalRefund == Money(kroner: 210_000))
            #expect(planned.crossings.map(\.month) == [Month(year: 2021, month: 7)] && planned.crossings.first?.rate == Rational(1, 2))
            // At the current level June's 120.000 goes on: 12 × 12.291,67 = 147.500, no new tier.
            #expect(level.totalRefund == Money(kroner: 147_500) && level.crossings.isEmpty)
            #expect(level.months[6].eligible == Money(kroner: 120_000) && planned.months[6].eligible == Money(kroner: 150_000))

            // Kept as taken, and compared with the outcome once the year is computed.
            let (_, ids) = try await SDEForecastService(store: store, today: Day(year: 2021, month: 7, day: 1)!)
                .take(year: 2021, asOf: Day(year: 2021, month: 6, day: 30)!, by: "t")
            #expect(ids.count == f.scenarios.count)
            _ = try await SDEService(store: store, today: Day(year: 2022, month: 1, day: 15)!).run(year: 2021, by: "t")
            let compared = try await ForecastComparison.make(year: 2021, store: store)
            // Only the booked half year is a cost (a plan is never one): outcome 73.750.
            #expect(compared.outcome == Money(kroner: 73_750))
            #expect(compared.rows.first { $0.forecast.scenario == "planlagt" }?.difference == Money(kroner: 136_250))
        }
    }

    @Test("A service's known end stops the level in the planned scenario, pro rata by days")
    func endsStopTheLevel() {
        let cpr = try! CPR(parsing: "010170-1111")
        var levels = ForecastLevels(newest: Month(year: 2021, month: 6))
        levels.add(
            Posting(
                date: Day(year: 2021, month: 6, day: 1)!, amount: Money(kroner: 30_000), function: AccountFunction(main: 5, group: 38, function: 50),
                cpr: cpr, paragraph: "SEL-108", period: Month(year: 2021, month: 6).range))
        let months = (7...12).map { Month(year: 2021, month: $0) }
        // Ends 15 August: July whole, 15 of August's 31 days, nothing after.
        let carried = levels.carried(into: months, ends: [cpr: Day(year: 2021, month: 8, day: 15)!])
        #expect(carried.map(\.amount) == [Money(kroner: 30_000), Money(ore: 1_451_613)])
        // Without a booked June, May's level is used.
        var late = ForecastLevels(newest: Month(year: 2021, month: 6))
        late.add(
            Posting(
                date: Day(year: 2021, month: 6, day: 3)!, amount: Money(kroner: 20_000), function: AccountFunction(main: 5, group: 38, function: 50),
                cpr: cpr, paragraph: "SEL-108", period: Month(year: 2021, month: 5).range))
        #expect(late.carried(into: [Month(year: 2021, month: 6)]).map(\.amount) == [Money(kroner: 20_000)])
    }

    @Test("The staircase ahead: a spell goes on weekly, and the week it reaches the next step is said", arguments: Backend.available)
    func staircaseAhead(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            // Kontanthjælp 5.000 a week from ISO week 1 of 2021 (Monday 4 January), known to Sunday 31 January.
            let paid =
                "cpr;ydelse;periode_fra;periode_til;beloeb\n"
                + (0..<4).map { w in
                    let monday = Day(year: 2021, month: 1, day: 4)!.adding(days: 7 * w)
                    return "010170-1111;Kontanthjælp;\(monday.iso);\(monday.adding(days: 6).iso);5000,00"
                }.joined(separator: "\n") + "\n"
            _ = try await ImportRunner().run(kind: .benefitPayments, file: try writeTemp(paid, name: "ydelser.csv"), importedBy: "t", into: store)
            let f = try await StaircaseForecast.make(year: 2021, asOf: Day(year: 2021, month: 1, day: 31)!, store: store)
            // Finansieringsloven § 5: weeks 1-4 at 80 % (16.000 known); weeks 5-26 at 40 % (22 × 2.000
            // = 44.000), weeks 27-52 at 30 % (26 × 1.500 = 39.000): 99.000 for the year.
            #expect(f.knownRefund == Money(kroner: 16_000))
            #expect(f.refund == Money(kroner: 99_000))
            #expect(f.continuing == 1)
            #expect(f.steps.map(\.week) == [ISOWeek(year: 2021, week: 5)!] && f.steps.first?.step == 2)
        }
    }

    @Test("A move that makes another municipality pay ends our SDE refund from that month (BEK § 1 stk. 3)", arguments: Backend.available)
    func moveChangesThePayer(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            let ledger =
                "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til\n"
                + (1...6).map {
                    "2021-\(zeroPad($0, 2))-28;100000,00;5.38.50;010170-1111;SEL-108;2021-\(zeroPad($0, 2))-01;\(Month(year: 2021, month: $0).lastDay.iso)"
                }.joined(separator: "\n") + "\n"
            _ = try await ImportRunner().run(kind: .postings, file: try writeTemp(ledger, name: "p.csv"), importedBy: "t", into: store)
            // From 1 September a § 108 stay in Lejre that Roskilde (265), where she lived, visited with
            // Lejre: Roskilde refunds under § 9 c (flytteret, R5) and bears the cost.
            let ophold = try writeTemp(
                "cpr;fra;til;kommune;boligtype;visiteret_af\n010170-1111;2015-01-01;2021-08-31;265;EGEN_BOLIG;\n010170-1111;2021-09-01;;350;SEL108;265+350\n",
                name: "ophold.csv")
            _ = try await ImportRunner().run(kind: .residence, file: ophold, importedBy: "t", into: store)
            let f = try await SDEForecastService(store: store, today: Day(year: 2021, month: 7, day: 1)!)
                .forecast(year: 2021, asOf: Day(year: 2021, month: 6, day: 30)!)
            let level = try #require(f.scenarios.first { $0.scenario == .level })
            // January-August 8 × 25 % × (100.000 − 850.000/12) = 58.333,33; September-December Roskilde's.
            #expect(level.totalRefund == Money(ore: 5_833_333))
            #expect(level.months[8].refund == .zero && level.months[7].refund == Money(ore: 729_167))
        }
    }
}
