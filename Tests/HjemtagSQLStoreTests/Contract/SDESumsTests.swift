import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import Testing

@testable import HjemtagSQLStore
@testable import HjemtagSchemes

/// SDE from the stored sums (issue 22): the same subjects, months, refunds, data-quality counts
/// and findings as from every posting, whatever the postings are, while the sums follow new
/// imports, a changed setting and a retention deletion.
@Suite("SDE from the stored sums", .serialized)
struct SDESumsTests {
    @Test(
        "The sums give what every posting gives: added import by import, summed again after a new setting or a deletion", arguments: Backend.available
    )
    func sumsAgreeWithPostings(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            var generator = try await Self.prepare(store, seed: 22)
            _ = try await ImportRunner().run(
                kind: .postings, file: try writeTemp(generator.postings(400), name: "a.csv"), importedBy: "t", into: store)
            let sde = SDEService(store: store, today: Day(year: 2026, month: 12, day: 3)!)
            try await expectAgreement(sde, "first computation")
            #expect(try await store.refreshSDESums(configuration: try await sde.configuration()) == .current)

            _ = try await ImportRunner().run(
                kind: .postings, file: try writeTemp(generator.postings(300), name: "b.csv"), importedBy: "t", into: store)
            let added = try await store.refreshSDESums(configuration: try await sde.configuration())
            #expect(added == .added(imports: 1, postings: 300))
            try await expectAgreement(sde, "after a second import")

            // Another function becomes objectively financed: every posting is classified again.
            try await store.setSetting(SDEService.objectivelyFinancedSetting, "5.38.52")
            if case .rebuilt(let n) = try await store.refreshSDESums(configuration: try await sde.configuration()) {
                #expect(n == 700)
            } else {
                Issue.record("a new setting must sum every posting again")
            }
            try await expectAgreement(sde, "after a new setting")

            // Retention deletes the postings before 2021 and the sums with them.
            let report = try await store.retention(before: Day(year: 2021, month: 1, day: 1)!, apply: true, by: "t", keeping: [])
            #expect(report.total > 0)
            let left = Collected<String>()
            _ = try await store.sdeSums(year: 2021) { cpr, _, _, _ in left.add(cpr.digits) }
            #expect(left.all.isEmpty, "the deleted persons' sums went with their postings")
            if case .rebuilt = try await store.refreshSDESums(configuration: try await sde.configuration()) {
            } else {
                Issue.record("a deletion must sum every posting again")
            }
            try await expectAgreement(sde, "after a retention deletion")

            // A run's subjects gathered in parts (one a core) store what one pass stores.
            var whole = sde
            whole.threads = 1
            var split = sde
            split.threads = 3
            let (one, oneSubjects, _) = try await whole.run(year: 2022, by: "t")
            let (three, threeSubjects, _) = try await split.run(year: 2022, by: "t")
            #expect(one.totalRefund > .zero && one.totalRefund == three.totalRefund && one.tierRefunds == three.tierRefunds)
            #expect(one.months == three.months && one.departmentRefunds == three.departmentRefunds)
            #expect(oneSubjects.map(\.key) == threeSubjects.map(\.key) && oneSubjects.map(\.departments) == threeSubjects.map(\.departments))
        }
    }

    @Test(
        "A ledger import adds its postings to the sums as it writes them, under the configuration they were summed under",
        arguments: Backend.available)
    func importKeepsTheSums(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            var generator = try await Self.prepare(store, seed: 23)
            let sde = SDEService(store: store, today: Day(year: 2026, month: 12, day: 3)!)
            // An import without a configuration (a test, a tool) leaves its postings to the next computation.
            _ = try await ImportRunner().run(
                kind: .postings, file: try writeTemp(generator.postings(200), name: "a.csv"), importedBy: "t", into: store)
            let configuration = try await sde.configuration()
            _ = try await ImportRunner(sdeSums: configuration).run(
                kind: .postings, file: try writeTemp(generator.postings(300), name: "b.csv"), importedBy: "t", into: store)
            let first = try await store.refreshSDESums(configuration: configuration)
            #expect(first == .added(imports: 2, postings: 200), "only a.csv (and the households file, which has no postings) read back: \(first)")
            _ = try await ImportRunner(sdeSums: configuration).run(
                kind: .postings, file: try writeTemp(generator.postings(250), name: "c.csv"), importedBy: "t", into: store)
            #expect(try await store.refreshSDESums(configuration: configuration) == .current, "c.csv was summed as it was stored")
            try await expectAgreement(sde, "imports summed as they were stored")

            // A refused file leaves the sums as they were: its rows and its sums go together.
            let bad = try writeTemp(generator.postings(20) + "2021-13-01;10,00;5.38.50;030108-4001;SEL-52-3.7;;;SOF;\n", name: "d.csv")
            await #expect(throws: ImportError.self) {
                try await ImportRunner(sdeSums: configuration).run(kind: .postings, file: bad, importedBy: "t", into: store)
            }
            #expect(try await store.refreshSDESums(configuration: configuration) == .current)
            try await expectAgreement(sde, "after a refused file")

            // Summed under another configuration, the import leaves them to be summed again.
            var other = configuration
            other.objectivelyFinanced = [AccountFunction(parsing: "5.38.52")!]
            _ = try await ImportRunner(sdeSums: other).run(
                kind: .postings, file: try writeTemp(generator.postings(100), name: "e.csv"), importedBy: "t", into: store)
            #expect(try await store.refreshSDESums(configuration: configuration) == .added(imports: 1, postings: 100))
            try await expectAgreement(sde, "after an import under another configuration")
        }
    }

    /// A store of municipality 101 whose refund is booked on 5.38.99, with the generator's
    /// households.
    static func prepare(_ store: SQLStore, seed: UInt64) async throws -> LedgerGenerator {
        _ = try await store.migrate()
        try await store.setSetting("kommune", "101")
        try await store.setSetting(SDEService.incomeFunctionsSetting, "5.38.99")
        let generator = LedgerGenerator(seed: seed)
        _ = try await ImportRunner().run(
            kind: .households, file: try writeTemp(generator.households(), name: "h.csv"), importedBy: "t", into: store)
        return generator
    }

    /// Each year with postings, both ways: subjects with their months, data quality, claimed
    /// refund and findings.
    func expectAgreement(_ sde: SDEService, _ when: String) async throws {
        for year in 2020...2022 {
            let (sumsCalc, fromSums) = try await sde.compute(year: year)
            let (postingsCalc, fromPostings) = try await sde.computeFromPostings(year: year)
            #expect(fromSums.subjects == fromPostings.subjects, "\(when): \(year) subjects")
            #expect(fromSums.totalRefund == fromPostings.totalRefund, "\(when): \(year) total")
            #expect(sumsCalc.quality == postingsCalc.quality, "\(when): \(year) data quality")
            #expect(
                SDEFindings.findings(result: fromSums, calculator: sumsCalc) == SDEFindings.findings(result: fromPostings, calculator: postingsCalc),
                "\(when): \(year) findings")
            for s in fromPostings.subjects {
                for cpr in s.cprs {
                    #expect(sumsCalc.claimed(cpr) == postingsCalc.claimed(cpr), "\(when): \(year) claimed")
                    #expect(
                        sumsCalc.departmentExpenses(cpr).filter { $0.value != .zero }
                            == postingsCalc.departmentExpenses(cpr).filter { $0.value != .zero }, "\(when): \(year) departments")
                }
            }
            #expect(fromPostings.totalRefund > .zero || year == 2020, "\(when): \(year) has refunds to compare")
        }
    }
}

/// Random ledgers with every kind of posting SDE tells apart: costs on children, young people in
/// aftercare, adults and people turning 67; one-offs; periods over months and over a new year;
/// credits; refund booked as received; postings without CPR, paid by another municipality,
/// objectively financed, under another law and under barnets lov before 2024.
struct LedgerGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    mutating func next(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(n))
    }

    /// Children born 2008-2012 (in households of two or three), young people born 2000-2002,
    /// adults, and people born in 1954 who turn 67 in 2021.
    let people = [
        "030108-4001", "150309-4002", "220710-4003", "011111-4004", "120212-4005", "280408-4006",
        "050509-4007", "170610-4008", "090911-4009", "301012-4010", "041108-4011", "191209-4012",
        "150100-4013", "020301-4014", "110501-4015", "250802-4016",
        "100175-2001", "200675-2002", "300975-2003", "051280-2004", "160385-2005", "270790-2006",
        "150154-1001", "010454-1002", "151054-1003", "311254-1004",
    ]

    func households() -> String {
        var lines = ["cpr;husstand;fra;til"]
        for (i, cpr) in people.prefix(12).enumerated() { lines.append("\(cpr);H\(i / 3);2008-01-01;") }
        // The young people were registered with a family until they turned 18: aftercare counts
        // there (BEK § 5 stk. 1 nr. 2).
        for (i, cpr) in people[12..<16].enumerated() {
            let born = try! CPR(parsing: cpr)
            lines.append("\(cpr);H\(4 + i / 2);\(born.birthDate.iso);\(born.birthday(turning: 18).adding(days: -1).iso)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    mutating func postings(_ count: Int) -> String {
        var lines = ["dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til;forvaltning;betalingskommune"]
        let functions = ["5.28.20", "5.38.50", "5.38.52", "5.38.99", "5.22.02"]
        let paragraphs = ["SEL-108", "SEL-52-3.7", "SEL-76-3.1", "BL-32", "SEL-107", "", "LAB-10"]
        for _ in 0..<count {
            let year = 2020 + next(3)
            let month = 1 + next(12)
            let day = 1 + next(28)
            let date = String(format: "%04d-%02d-%02d", year, month, day)
            let cpr = next(12) == 0 ? "" : people[next(people.count)]
            let function = functions[next(functions.count)]
            let paragraph = paragraphs[next(paragraphs.count)]
            var amount = 100_000 + next(40_000_000)
            if function == "5.38.99" || next(10) == 0 { amount = -amount / 3 }
            var from = ""
            var to = ""
            switch next(4) {
            case 0: break
            case 1:
                from = String(format: "%04d-%02d-01", year, month)
                to = String(format: "%04d-%02d-28", year, month)
            case 2:
                from = String(format: "%04d-%02d-%02d", year, month, day)
                let end = Month(year: year, month: month).adding(1 + next(5))
                to = String(format: "%04d-%02d-%02d", end.year, end.month, 1 + next(28))
            default:
                from = String(format: "%04d-12-%02d", year - 1, 1 + next(28))
                to = String(format: "%04d-02-%02d", year, 1 + next(28))
            }
            let department = ["SOF", "BUF", ""][next(3)]
            let payer = next(15) == 0 ? "265" : ""
            let kroner = "\(amount < 0 ? "-" : "")\(abs(amount) / 100),\(String(format: "%02d", abs(amount) % 100))"
            lines.append("\(date);\(kroner);\(function);\(cpr);\(paragraph);\(from);\(to);\(department);\(payer)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
