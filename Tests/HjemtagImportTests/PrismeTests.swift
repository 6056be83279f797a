import Foundation
import HjemtagCore
import Testing

@testable import HjemtagImport

/// KMD Prisme G69 records as OS2bos's `export_to_prism` writes them (two records of the fixture
/// file 20261127_0_0, Tests/Fixtures/os2bos/prism, shortened to one payment).
@Suite("Prisme G69 posting records")
struct PrismeTests {
    static let g69 =
        "000G6900001000001NORFLYD&10300000&1040000001&11020261130&111&112000001326900 &113D&1142026&11720261130000000000001&13202&1330808104008&1533"
    static let g68 =
        "000G68000020000011&020000&0300&0800001326900&09+&1002&112904701028&1220261130&1620261130000000000001&1700000000000000000052&40Fra Ballerup Kommune ref: 3"

    @Test("A G69 record is a posting: øre with its sign, the due date, the child's CPR, the plan as text; G68 is not a second posting")
    func record() {
        let out = PrismeParser.parse(
            text: ["Z300 00006      3311", Self.g69, Self.g68, "SLUTD00002", ""].joined(separator: "\n"), file: "20261127_0_0")
        #expect(out.problems.isEmpty)
        #expect(out.skipped.values.reduce(0, +) == 1)
        let p = try! #require(out.postings.first)
        #expect(out.postings.count == 1)
        #expect(p.amount == Money(kroner: 13_269) && p.date == Day(year: 2026, month: 11, day: 30)!)
        #expect(p.cpr?.digits == "0808104008" && p.text == "3" && p.voucher == "prisme-20261130000000000001" && p.line == 2)
        #expect(PaymentMatching.planReference(of: p) == "3")
        // A credit (113 K) or a minus sign lowers the expense.
        let credit = PrismeParser.parse(
            text: ["Z300", Self.g69.replacingOccurrences(of: "&113D", with: "&113K"), "SLUTD00001"].joined(separator: "\n"), file: "f")
        #expect(credit.postings.first?.amount == Money(kroner: -13_269))
    }

    @Test("A broken file is refused with file, line and column: no preamble, no trailer, a wrong count, a bad amount or date")
    func refusals() {
        let noPreamble = PrismeParser.parse(text: [Self.g69, "SLUTD00001"].joined(separator: "\n"), file: "f")
        #expect(
            noPreamble.problems.map(\.description) == ["f:1:1: første linje skal være Prismes indledning 'Z300…' (fundet: '000G6900001000001NOR')"])
        let unfinished = PrismeParser.parse(text: ["Z300", Self.g69].joined(separator: "\n"), file: "f")
        #expect(unfinished.problems.first?.reason.contains("ikke skrevet færdig") == true)
        let count = PrismeParser.parse(text: ["Z300", Self.g69, "SLUTD00004"].joined(separator: "\n"), file: "f")
        #expect(count.problems.map(\.description) == ["f:3:6: afslutningen siger 00004 poster, men filen har 1"])
        let bad = Self.g69.replacingOccurrences(of: "&112000001326900 ", with: "&1121326900").replacingOccurrences(
            of: "&11020261130", with: "&11020261331")
        let values = PrismeParser.parse(text: ["Z300", bad, "SLUTD00001"].joined(separator: "\n"), file: "f")
        #expect(values.postings.isEmpty)
        // Each problem points at the column where the value begins.
        #expect(values.problems.map { "\($0.line):\($0.column) \($0.columnName ?? "")" } == ["2:49 felt 110", "2:65 felt 112"])
        let unknown = PrismeParser.parse(text: ["Z300", "000G99xyz", "SLUTD00001"].joined(separator: "\n"), file: "f")
        #expect(unknown.problems.first?.reason.hasPrefix("ukendt posttype '000G99'") == true)
    }
}
