import Foundation
import HjemtagCore
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// The hand-written JSON of an SDE subject's months and departments is the text the generic
/// encoder writes, and reads back as the same values.
@Suite("Stored JSON written by hand")
struct StoredJSONTests {
    @Test("Months and departments: the encoder's text, read back the same")
    func sameAsEncoder() throws {
        let months = Month.months(ofYear: 2021).enumerated().map { i, m in
            MonthFigure(month: m, eligible: Money(ore: Int64(i * 123_457 - 300_000)), refund: Money(ore: Int64(i * 7)), covered: i % 3 != 0)
        }
        #expect(StoredJSON.months(months) == (try SQLStore.encode(months)))
        #expect(try SQLStore.decode([MonthFigure].self, StoredJSON.months(months)) == months)
        #expect(StoredJSON.months([]) == (try SQLStore.encode([MonthFigure]())))
        let departments = [
            "SOF": Money(ore: 105_931_445), "BUF": Money(ore: -1), "Børn og unge": Money(ore: 5), "ukendt": .zero, "a\"b\\c\nd\u{1}": Money(ore: 12),
        ]
        #expect(try SQLStore.decode([String: Money].self, StoredJSON.amounts(departments)) == departments)
        let plain = departments.filter { !$0.key.contains("\"") }
        #expect(StoredJSON.amounts(plain) == (try SQLStore.encode(plain)))
    }
}
