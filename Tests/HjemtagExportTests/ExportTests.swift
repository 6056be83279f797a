import Foundation
import HjemtagCore
import Testing

@testable import HjemtagExport

@Suite("Exports: Danish CSV and XLSX")
struct ExportTests {
    func sample() -> Sheet {
        var s = Sheet(name: "Personer: 2022/[SDE]", columns: ["CPR", "Beløb", "Dato", "Sats", "Note"])
        s.add([
            .text("010190-XXXX"), .money(Money(ore: 123_456_789)), .date(Day(year: 2022, month: 3, day: 1)!), .percent(Rational(1, 4)),
            .text("a;b \"c\" <d> & e"),
        ])
        s.add([.text("020290-XXXX"), .money(Money(ore: -50)), .empty, .integer(7), .text("")])
        return s
    }

    @Test("CSV: BOM, semicolons, decimal comma, Danish dates, quoting")
    func csv() {
        let text = DanishCSV.render(sample())
        #expect(text.hasPrefix("\u{FEFF}CPR;Beløb;Dato;Sats;Note\r\n"))
        #expect(text.contains("010190-XXXX;1.234.567,89;01.03.2022;25;\"a;b \"\"c\"\" <d> & e\"\r\n"))
        #expect(text.contains("020290-XXXX;-0,50;;7;\r\n"))
    }

    @Test("XLSX: a valid zip with workbook, styles and one worksheet per sheet; numbers are numbers")
    func xlsx() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-\(UUID().uuidString).xlsx")
        try XLSXWriter.write([sample(), Sheet(name: "Personer: 2022/[SDE]", columns: ["Måned"])], to: url)
        let data = try Data(contentsOf: url)
        #expect(data.starts(with: [0x50, 0x4B, 0x03, 0x04])) // a zip file
        let sheet = XLSXWriter.worksheet(sample())
        #expect(sheet.contains(#"<c r="B2" s="2"><v>1234567.89</v></c>"#))
        #expect(sheet.contains(#"<c r="C2" s="3"><v>44621</v></c>"#)) // 01.03.2022 as an Excel serial day
        #expect(sheet.contains("a;b &quot;c&quot; &lt;d&gt; &amp; e"))
        #expect(XLSXWriter.uniqueName("Personer: 2022/[SDE]", taken: []) == "Personer 2022SDE")
        #expect(XLSXWriter.uniqueName("Personer 2022SDE", taken: ["Personer 2022SDE"]) == "Personer 2022SDE (2)")
        #expect(XLSXWriter.ref(0, 1) == "A1")
        #expect(XLSXWriter.ref(26, 3) == "AA3")
    }

    @Test("A text cell a spreadsheet could take for a formula stays text: an apostrophe in CSV, the quote prefix in XLSX")
    func formulaStartsAreNeutralised() {
        var sheet = Sheet(name: "Logning", columns: ["Bruger", "Tekst", "Beløb"])
        let risky = ["=HYPERLINK(\"http://x\";\"klik\")", "+1+2", "@SUM(A1)", "-1+2", "\tfane", "\rretur"]
        for text in risky { sheet.add([.text(text), .text("almindelig tekst"), .money(Money(ore: -123_45))]) }
        sheet.add([.text("-"), .text("-1.234,56"), .text("anna")])
        let csv = DanishCSV.render(sheet)
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\";\"\"klik\"\")\";almindelig tekst;-123,45\r\n"))
        #expect(
            csv.contains("'+1+2;") && csv.contains("'@SUM(A1);") && csv.contains("'-1+2;") && csv.contains("'\tfane;") && csv.contains("\"'\rretur\"")
        )
        // A dash alone, a Danish negative number written as text, and plain text are left as they are.
        #expect(csv.contains("\r\n-;-1.234,56;anna\r\n"))
        let xml = XLSXWriter.worksheet(sheet)
        #expect(xml.contains(#"<c r="A2" t="inlineStr" s="5"><is><t xml:space="preserve">=HYPERLINK"#))
        #expect(xml.contains(#"<c r="B2" t="inlineStr"><is>"#))
        #expect(!xml.contains("<f>"))
        for text in risky { #expect(FormulaGuard.isRisky(text), "\(text)") }
        for text in ["-", "-1.234,56", "-12", "anna", "", "1-2"] { #expect(!FormulaGuard.isRisky(text), "\(text)") }
    }
}
