import Foundation
import HjemtagCore

/// The steering group's report as a printable HTML page and as an Excel workbook (one sheet per
/// section). In the web application the page's stylesheet is served apart (the
/// Content-Security-Policy forbids inline style); a file written by the CLI carries it inline.
public enum SteeringReportExport {
    public enum Style: Sendable {
        case inline
        case linked(String)
    }

    public static let css = """
        body { font-family: Georgia, 'Times New Roman', serif; max-width: 60rem; margin: 2rem auto; color: #111; line-height: 1.4; }
        h1 { font-size: 1.4rem; border-bottom: 2px solid #1d3c5a; padding-bottom: .4rem; }
        h2 { font-size: 1.1rem; margin-top: 1.6rem; color: #1d3c5a; }
        table { width: 100%; border-collapse: collapse; font-size: .92rem; }
        th, td { border-bottom: 1px solid #ccc; padding: .25rem .4rem; text-align: left; vertical-align: top; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr.total td { font-weight: bold; border-top: 2px solid #1d3c5a; }
        p.remark, p.made { color: #444; font-size: .88rem; }
        a { color: #1d3c5a; }
        @media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } h2 { break-after: avoid; } table { break-inside: avoid; } }
        """

    /// `base`: where the links lead (the web application's address; empty for paths as they are).
    public static func html(_ r: SteeringReport, style: Style, base: String = "") -> String {
        let esc = ClaimLetter.esc
        var out = "<!doctype html>\n<html lang=\"da\"><head><meta charset=\"utf-8\"><title>\(esc(r.title))</title>"
        switch style {
        case .inline: out += "<style>\(css)</style>"
        case .linked(let href): out += "<link rel=\"stylesheet\" href=\"\(esc(href))\">"
        }
        out += "</head><body><h1>\(esc(r.title))</h1><p class=\"made\">\(esc(r.made))</p>"
        for s in r.sections {
            out += "<h2>\(esc(s.title))</h2><table><thead><tr><th></th>"
            out += s.columns.map { "<th class=\"num\">\(esc($0))</th>" }.joined() + "<th></th></tr></thead><tbody>"
            for row in s.rows {
                out += "<tr\(row.label == "I alt" ? " class=\"total\"" : "")><td><a href=\"\(esc(base + row.link))\">\(esc(row.label))</a></td>"
                out += row.values.map { "<td class=\"num\">\($0.map { esc($0.danishKroner) } ?? "–")</td>" }.joined()
                out += "<td>\(esc(row.note))</td></tr>"
            }
            out += "</tbody></table>"
            if let remark = s.remark { out += "<p class=\"remark\">\(esc(remark))</p>" }
        }
        return out + "</body></html>\n"
    }

    public static func sheets(_ r: SteeringReport) -> [Sheet] {
        r.sections.map { s in
            Sheet(
                name: s.title, columns: [""] + s.columns + ["note"],
                rows: s.rows.map { row in [.text(row.label)] + row.values.map { $0.map(Sheet.Cell.money) ?? .empty } + [.text(row.note)] }
                    + (s.remark.map { [[.text($0)]] } ?? []))
        }
    }
}
