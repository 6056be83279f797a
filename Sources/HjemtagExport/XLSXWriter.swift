import Foundation
import HjemtagCore
import ZIPFoundation

/// A small Office Open XML (XLSX) writer: one worksheet per `Sheet`, inline strings, amounts as
/// numbers with a thousands/two-decimal format (shown Danish style by a Danish Excel), dates as
/// real dates. No Swift XLSX writer exists offline, so this writes the few parts Excel needs.
public enum XLSXWriter {
    public static func write(_ sheets: [Sheet], to url: URL) throws {
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        var names: [String] = []
        for sheet in sheets { names.append(uniqueName(sheet.name, taken: names)) }
        try add(archive, "[Content_Types].xml", contentTypes(count: sheets.count))
        try add(
            archive, "_rels/.rels",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """)
        try add(archive, "xl/workbook.xml", workbook(names))
        try add(archive, "xl/_rels/workbook.xml.rels", workbookRels(count: sheets.count))
        try add(archive, "xl/styles.xml", styles)
        for (i, sheet) in sheets.enumerated() {
            try add(archive, "xl/worksheets/sheet\(i + 1).xml", worksheet(sheet))
        }
    }

    /// The workbook as bytes, for a download.
    public static func data(_ sheets: [Sheet]) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try write(sheets, to: url)
        return try Data(contentsOf: url)
    }

    static func add(_ archive: Archive, _ path: String, _ text: String) throws { try ZipWriter.add(archive, path, Data(text.utf8)) }

    /// Excel allows 31 characters and no `[]:*?/\` in a sheet name, unique in the workbook.
    static func uniqueName(_ raw: String, taken: [String]) -> String {
        var base = String(raw.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        if base.isEmpty { base = "Ark" }
        var name = base
        var n = 2
        while taken.contains(where: { $0.lowercased() == name.lowercased() }) {
            let suffix = " (\(n))"
            name = String(base.prefix(31 - suffix.count)) + suffix
            n += 1
        }
        return name
    }

    static func contentTypes(count: Int) -> String {
        let sheets = (1...max(count, 1)).prefix(count).map {
            #"<Override PartName="/xl/worksheets/sheet\#($0).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\(sheets)</Types>
            """
    }

    static func workbook(_ names: [String]) -> String {
        let sheets = names.enumerated().map { #"<sheet name="\#(escape($1))" sheetId="\#($0 + 1)" r:id="rId\#($0 + 1)"/>"# }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(sheets)</sheets></workbook>
            """
    }

    static func workbookRels(count: Int) -> String {
        var rels = (0..<count).map {
            #"<Relationship Id="rId\#($0 + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#($0 + 1).xml"/>"#
        }
        rels.append(
            #"<Relationship Id="rId\#(count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
        )
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(rels.joined())</Relationships>
            """
    }

    /// Style 0 default, 1 bold header, 2 amount `#,##0.00`, 3 date `dd-mm-yyyy`, 4 percent,
    /// 5 text with Excel's quote prefix (kept as text even when edited: `FormulaGuard`).
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0.00"/><numFmt numFmtId="165" formatCode="dd\\.mm\\.yyyy"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs></styleSheet>
        """

    static func worksheet(_ sheet: Sheet) -> String {
        var xml =
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>"#
        xml += "<row r=\"1\">" + sheet.columns.enumerated().map { cell(ref($0, 1), .text($1), style: 1) }.joined() + "</row>"
        for (r, row) in sheet.rows.enumerated() {
            xml += "<row r=\"\(r + 2)\">" + row.enumerated().map { cell(ref($0, r + 2), $1, style: nil) }.joined() + "</row>"
        }
        xml += "</sheetData></worksheet>"
        return xml
    }

    static func cell(_ ref: String, _ cell: Sheet.Cell, style: Int?) -> String {
        switch cell {
        case .text(let s):
            // Inline strings are never formulas; a risky one is also marked as text for the editor.
            let style = style ?? (FormulaGuard.isRisky(s) ? 5 : nil)
            return #"<c r="\#(ref)" t="inlineStr"\#(style.map { " s=\"\($0)\"" } ?? "")><is><t xml:space="preserve">\#(escape(s))</t></is></c>"#
        case .money(let m): return #"<c r="\#(ref)" s="2"><v>\#(m.plain)</v></c>"#
        case .integer(let n): return #"<c r="\#(ref)"><v>\#(n)</v></c>"#
        case .percent(let r): return #"<c r="\#(ref)" s="4"><v>\#(decimal(r))</v></c>"#
        case .date(let d):
            // Excel's day 0 is 1899-12-30 in the 1900 date system.
            let serial = d - Day(year: 1899, month: 12, day: 30)!
            return #"<c r="\#(ref)" s="3"><v>\#(serial)</v></c>"#
        case .empty: return ""
        }
    }

    static func decimal(_ r: Rational) -> String {
        // Up to 6 decimals is ample for a rate.
        let scaled = (r * Rational(1_000_000)).roundedToOre().ore
        let sign = scaled < 0 ? "-" : ""
        let a = scaled.magnitude
        return "\(sign)\(a / 1_000_000).\(zeroPad(Int(a % 1_000_000), 6))"
    }

    /// `A1`-style reference for a zero-based column and one-based row.
    static func ref(_ column: Int, _ row: Int) -> String {
        var c = column
        var name = ""
        repeat {
            name = String(UnicodeScalar(UInt8(65 + c % 26))) + name
            c = c / 26 - 1
        } while c >= 0
        return name + String(row)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                // XML 1.0 forbids most control characters.
                if ch.value < 0x20 && ch != "\t" && ch != "\n" && ch != "\r" { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
