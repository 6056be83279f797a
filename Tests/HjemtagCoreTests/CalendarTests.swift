import Testing

@testable import HjemtagCore

@Suite("Day, Month, ISOWeek, DateRange")
struct CalendarTests {
    @Test("Parses the three Danish date forms", arguments: ["2024-03-01", "01-03-2024", "01.03.2024", "1.3.2024", "2024-03-01T00:00:00"])
    func parses(text: String) {
        #expect(Day(parsing: text) == Day(year: 2024, month: 3, day: 1))
    }

    @Test("Refuses impossible and ambiguous dates", arguments: ["2023-02-29", "2024-13-01", "32.01.2024", "01/2024", "240301", "", "2024-3"])
    func refuses(text: String) {
        #expect(Day(parsing: text) == nil)
    }

    @Test("Day ordinal arithmetic matches the calendar across centuries")
    func ordinals() {
        #expect(Day(year: 1970, month: 1, day: 1)!.ordinal == 0)
        #expect(Day(year: 2000, month: 3, day: 1)! - Day(year: 2000, month: 2, day: 28)! == 2) // 2000 is a leap year
        #expect(Day(year: 1900, month: 3, day: 1)! - Day(year: 1900, month: 2, day: 28)! == 1) // 1900 is not
        var d = Day(year: 1858, month: 1, day: 1)!
        while d.year < 2060 {
            let c = d.components
            #expect(Day(year: c.year, month: c.month, day: c.day) == d)
            d = d.adding(days: 37)
        }
    }

    @Test("The ISO form written from bytes is the zero-padded year, month and day, and reads back as the same day")
    func isoBytes() {
        #expect(Day(year: 2024, month: 3, day: 1)!.iso == "2024-03-01")
        #expect(Day(year: 987, month: 12, day: 31)!.iso == "0987-12-31")
        #expect(Day(year: 10_000, month: 1, day: 1)!.iso == "10000-01-01") // past four digits: the general form
        var random = SeededRandom(seed: 11)
        let first = Day(year: 1, month: 1, day: 1)!.ordinal
        let last = Day(year: 9999, month: 12, day: 31)!.ordinal
        for _ in 0..<20_000 {
            let day = Day(ordinal: Int.random(in: first...last, using: &random))
            let c = day.components
            #expect(day.iso == "\(zeroPad(c.year, 4))-\(zeroPad(c.month, 2))-\(zeroPad(c.day, 2))")
            #expect(Day(parsing: day.iso) == day)
        }
    }

    @Test("ISO weeks: 2016-W01 begins Monday 4 January 2016; 2015 has 53 weeks")
    func isoWeeks() {
        let w = ISOWeek(containing: Day(year: 2016, month: 1, day: 4)!)
        #expect(w.description == "2016-W01")
        #expect(ISOWeek(containing: Day(year: 2016, month: 1, day: 3)!).description == "2015-W53")
        #expect(ISOWeek(containing: Day(year: 2015, month: 12, day: 28)!).monday == Day(year: 2015, month: 12, day: 28)!)
        #expect(ISOWeek.weeksIn(year: 2015) == 53)
        #expect(ISOWeek.weeksIn(year: 2024) == 52)
        #expect(ISOWeek(year: 2024, week: 10)!.monday == Day(year: 2024, month: 3, day: 4)!)
        #expect(ISOWeek(parsing: "2024-W10")!.week == 10)
        #expect(ISOWeek(year: 2024, week: 53) == nil)
        #expect(Day(year: 2024, month: 3, day: 4)!.isoWeekday == 1)
        #expect(Day(year: 2024, month: 3, day: 10)!.isoWeekday == 7)
    }

    @Test("A range split into months and weeks keeps every day exactly once")
    func splitting() {
        let r = DateRange(Day(year: 2023, month: 12, day: 20)!, Day(year: 2024, month: 2, day: 10)!)
        let months = r.months()
        #expect(months.map(\.month.description) == ["2023-12", "2024-01", "2024-02"])
        #expect(months.map(\.days) == [12, 31, 10])
        #expect(months.map(\.days).reduce(0, +) == r.dayCount)
        let weeks = r.isoWeeks()
        #expect(weeks.first!.days == 5) // Wednesday 20 Dec to Sunday 24 Dec: 20, 21, 22, 23, 24
        #expect(weeks.map(\.days).reduce(0, +) == r.dayCount)
        #expect(Month(year: 2024, month: 2).dayCount == 29)
        #expect(Month(year: 2024, month: 1).adding(-1).description == "2023-12")
    }
}

@Suite("Kommune: 98 municipalities by code and name")
struct KommuneTests {
    @Test func lookups() {
        #expect(Kommune.all.count == 98)
        #expect(Kommune.byCode(350)?.name == "Lejre")
        #expect(Kommune.byCode("101")?.name == "København")
        #expect(Kommune.byCode(411) == nil) // Christiansø is not a municipality
        #expect(Kommune.byName("københavn")?.code == 101)
        #expect(Kommune.byName("KOEBENHAVN")?.code == 101)
        #expect(Kommune.byName("Nordfyn")?.code == 480) // OS2bos drops the genitive s
        #expect(Kommune.byName("Vesthimmerland")?.code == 820)
        #expect(Kommune.byName("Høje-Taastrup Kommune")?.code == 169)
        #expect(Kommune.lookup("Ballerup")?.codeText == "151")
        #expect(Set(Kommune.all.map(\.code)).count == 98)
    }
}
