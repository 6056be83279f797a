import Foundation
import Testing

@testable import HjemtagCore

@Suite("Parameters: dated values with sources")
struct ParameterTests {
    @Test("The shipped files load and every value has a URL source and a checked date")
    func bundledLoads() throws {
        let set = try ParameterSet.bundled()
        #expect(set.definitions["sde.graense.t1"] != nil)
        for d in set.definitions.values {
            for v in d.values { #expect(v.source.hasPrefix("http")) }
        }
    }

    @Test("SDE thresholds 2021 and 2022 as in the domain sheet A2")
    func sdeValues() throws {
        let set = try ParameterSet.bundled()
        let d21 = Day(year: 2021, month: 6, day: 1)!
        let d22 = Day(year: 2022, month: 6, day: 1)!
        #expect(try set.money("sde.graense.t1", on: d21).0 == Money(kroner: 850_000))
        #expect(try set.money("sde.graense.t2", on: d21).0 == Money(kroner: 1_660_000))
        #expect(try set.money("sde.graense.t3", on: d21).0 == Money(kroner: 2_090_000))
        #expect(try set.money("sde.graense.t3", on: d22).0 == Money(kroner: 2_120_000))
        #expect(try set.rate("sde.sats.t3", on: d22).0 == Rational(3, 4))
    }

    @Test("A year without a verified value is an error naming the parameter, the date and how to enter it")
    func missingYear() throws {
        let set = try ParameterSet.bundled()
        let day = Day(year: 2023, month: 1, day: 1)!
        #expect(throws: ParameterError.self) { try set.money("sde.graense.t1", on: day) }
        do {
            _ = try set.money("sde.graense.t1", on: day)
        } catch {
            #expect(error.description.contains("sde.graense.t1"))
            #expect(error.description.contains("01.01.2023"))
            #expect(error.description.contains("hjemtag parametre saet"))
        }
    }

    @Test("A municipality's own value fills the gap and wins over a shipped one")
    func overrides() throws {
        var set = try ParameterSet.bundled()
        let v = DatedValue(
            from: Day(year: 2023, month: 1, day: 1)!, to: Day(year: 2023, month: 12, day: 31)!, value: "880000",
            source: "https://example.invalid/satser-2023", checked: Day(year: 2026, month: 11, day: 23)!, enteredBy: "test")
        try set.apply(override: v, to: "sde.graense.t1")
        #expect(try set.money("sde.graense.t1", on: Day(year: 2023, month: 7, day: 1)!).0 == Money(kroner: 880_000))
        #expect(throws: ParameterError.self) { try set.apply(override: v, to: "findes.ikke") }
        var bad = v
        bad.value = "tre"
        #expect(throws: ParameterError.self) { try set.apply(override: bad, to: "sde.graense.t1") }
    }

    @Test("A malformed parameter file fails at load with the file and the reason")
    func malformedFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-param-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("bad.json")
        try
            #"{"parameters":[{"id":"x","title":"X","unit":"kr","values":[{"from":"2021-13-01","value":"1","source":"https://a","checked":"2026-01-01"}]}]}"#
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ParameterError.self) { try ParameterSet.load(file: file) }
        let overlap = [
            ParameterDefinition(
                id: "y", title: "Y", unit: .kroner,
                values: [
                    DatedValue(
                        from: Day(year: 2021, month: 1, day: 1)!, to: Day(year: 2021, month: 12, day: 31)!, value: "1", source: "https://a",
                        checked: Day(year: 2026, month: 1, day: 1)!),
                    DatedValue(
                        from: Day(year: 2021, month: 6, day: 1)!, to: Day(year: 2022, month: 5, day: 31)!, value: "2", source: "https://a",
                        checked: Day(year: 2026, month: 1, day: 1)!),
                ])
        ]
        #expect(throws: ParameterError.self) { try ParameterSet(definitions: overlap) }
        let noSource = [
            ParameterDefinition(
                id: "z", title: "Z", unit: .percent,
                values: [
                    DatedValue(
                        from: Day(year: 2021, month: 1, day: 1)!, to: nil, value: "25", source: "lov", checked: Day(year: 2026, month: 1, day: 1)!)
                ])
        ]
        #expect(throws: ParameterError.self) { try ParameterSet(definitions: noSource) }
    }
}

@Suite("Explanation")
struct ExplanationTests {
    @Test func rendersTree() throws {
        let set = try ParameterSet.bundled()
        let (_, ref) = try set.money("sde.graense.t1", on: Day(year: 2021, month: 1, day: 1)!)
        var e = Explanation("Refusion 2021", amount: Money(kroner: 87_500))
        e.add(Explanation("Januar: 25 % af (100.000,00 − 70.833,33)", amount: Money(ore: 729_167), parameters: [ref]))
        let text = e.rendered()
        #expect(text.contains("Refusion 2021: 87.500,00 kr."))
        #expect(text.contains("  - Januar"))
        #expect(text.contains("850.000,00 kr."))
        #expect(text.contains("ft.dk"))
    }
}

@Suite("Entered parameter values")
struct EnteredValueReadingTests {
    let today = Day(year: 2026, month: 11, day: 23)!

    @Test("Danish and plain numbers, dates checked, a URL source required")
    func entered() throws {
        func enter(_ v: String, _ unit: ParameterUnit, from: String = "2023-01-01", to: String? = nil, source: String = "https://x.invalid") throws
            -> String
        {
            try DatedValue.entered(from: from, to: to, value: v, unit: unit, source: source, note: "", by: "a", today: today).value
        }
        #expect(try enter("880.000", .kroner, to: "31.12.2023") == "880000")
        #expect(try enter("1.234.567,89", .kroner) == "1234567.89")
        #expect(try enter("860000", .kroner) == "860000")
        #expect(try enter("12,5", .percent) == "12.5")
        #expect(try enter("12.5", .percent) == "12.5") // a percentage's point is a decimal point, not thousands
        #expect(throws: ParameterEntryError.self) { try enter("1", .kroner, from: "2023-13-01") }
        #expect(throws: ParameterEntryError.self) { try enter("1", .kroner, from: "2023-02-01", to: "2023-01-01") }
        #expect(throws: ParameterEntryError.self) { try enter("1", .kroner, source: "min chef") }
    }
}
