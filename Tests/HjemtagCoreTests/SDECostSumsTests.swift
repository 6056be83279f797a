import Testing

@testable import HjemtagCore

/// The SDE sums (`SDECostSums`) against the calculator fed posting by posting: the same result
/// for any postings, and a posting removed again leaves nothing behind (issue 22). The store's
/// own test (`SDESumsTests`) checks the same through SQLite and PostgreSQL.
@Suite("SDE sums: the calculator's input summed per person, year and department")
struct SDECostSumsTests {
    let parameters = try! ParameterSet.bundled()
    let configuration = SDEConfiguration(ownMunicipality: 350, incomeFunctions: [AccountFunction(parsing: "5.38.99")!])

    /// Random postings over 2020-2022: one-offs, periods over months and over a new year,
    /// credits, refund booked as received, without CPR, another payer.
    func postings(seed: UInt64, count: Int) -> [Posting] {
        var state = seed | 1
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let people = ["010170-1111", "150154-1001", "030108-4001", "020301-4014"].map { try! CPR(parsing: $0) }
        return (0..<count).map { _ in
            let start = Day(year: 2020 + next(3), month: 1 + next(12), day: 1 + next(28))!
            let period: DateRange? = next(3) == 0 ? nil : DateRange(start, start.adding(days: next(90)))
            let income = next(8) == 0
            return Posting(
                date: start, amount: Money(ore: Int64(next(30_000_000) - (income ? 30_000_000 : 3_000_000))),
                function: AccountFunction(parsing: income ? "5.38.99" : "5.38.50")!, cpr: next(10) == 0 ? nil : people[next(people.count)],
                paragraph: ["SEL-108", "SEL-76-3.1", "BL-32", "LAB-10"][next(4)], period: period, department: ["SOF", "BUF"][next(2)],
                payingMunicipality: next(12) == 0 ? 265 : nil)
        }
    }

    func fromSums(_ sums: SDECostSums, year: Int) throws -> SDECalculator {
        var calc = try SDECalculator(year: year, configuration: configuration, parameters: parameters)
        for (key, row) in sums.rows where key.year == year || row.beforeBirthday != 0 {
            calc.add(cpr: try CPR(parsing: key.cpr), year: key.year, department: key.department, row)
        }
        calc.add(quality: sums.quality[year] ?? SDEDataQuality())
        return calc
    }

    @Test("For any postings the sums give the calculator's subjects, months, data quality and booked refund", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func sameResult(seed: UInt64) throws {
        let all = postings(seed: seed, count: 300)
        var sums = SDECostSums(configuration: configuration)
        for p in all { sums.add(p) }
        for year in 2020...2022 {
            var direct = try SDECalculator(year: year, configuration: configuration, parameters: parameters)
            for p in all { direct.add(p) }
            let summed = try fromSums(sums, year: year)
            #expect(try summed.result().subjects == direct.result().subjects)
            #expect(summed.quality == direct.quality)
            for cpr in ["010170-1111", "150154-1001"].map({ try! CPR(parsing: $0) }) { #expect(summed.claimed(cpr) == direct.claimed(cpr)) }
            #expect(summed.turning67().map(\.lastMonthExpense) == direct.turning67().map(\.lastMonthExpense))
        }
    }

    @Test("A posting added and removed again leaves no refund and no data-quality count", arguments: [7, 8] as [UInt64])
    func removeUndoesAdd(seed: UInt64) throws {
        var calc = try SDECalculator(year: 2021, configuration: configuration, parameters: parameters)
        for p in postings(seed: seed, count: 100) {
            calc.add(p)
            calc.remove(p)
        }
        #expect(try calc.result().totalRefund == .zero)
        #expect(try calc.result().subjects.allSatisfy { $0.months.allSatisfy { $0.eligible == .zero } })
        #expect(calc.quality == SDEDataQuality())
    }
}
