import HjemtagCore
import HjemtagStore

/// The findings list's rows, written here rather than in the template: for a page of 200 rows,
/// each with its status form, Mustache's name look-ups and escaping were 40 % of the page at
/// Copenhagen's size (issue 22 § 4, `perf record`), and the list is rendered per request (it is
/// the viewer's own: their rights, their filters). The markup is the template's as it was, one
/// row per line; the page snapshot holds it.
enum FindingRowsHTML {
    static func render(
        _ rows: [FindingsContent.Row], selectable: Bool, csrf: String, back: String, searchedCPR: String?
    ) -> String {
        let e = HTMLText.escaped
        let hidden =
            "<input type=\"hidden\" name=\"csrf\" value=\"\(e(csrf))\"><input type=\"hidden\" name=\"tilbage\" value=\"\(e(back))\">"
            + (searchedCPR.map { "<input type=\"hidden\" name=\"cpr\" value=\"\(e($0))\">" } ?? "")
        // Appended piece by piece: an interpolated string is made whole before it is appended,
        // one more copy of every row.
        var out = ""
        out.reserveCapacity(rows.count * 1_400)
        for r in rows {
            let id = String(r.id)
            out += "<tr id=\"fund-"
            out += id
            out += "\">"
            if selectable {
                out += "<td>"
                if r.canChange {
                    out += "<input type=\"checkbox\" name=\"fund[]\" value=\""
                    out += id
                    out += "\" form=\"masse\" aria-label=\"Vælg fund nr. "
                    out += id
                    out += "\">"
                }
                out += "</td>"
            }
            out += "<td class=\"num\"><a href=\""
            out += e(r.href)
            out += "\">"
            out += id
            out += "</a></td><td>"
            out += e(r.scheme)
            out += "</td><td>"
            out += String(r.year)
            out += "</td><td>"
            out += e(r.kind)
            out += "</td><td>"
            out += e(r.subject)
            out += r.payBack ? "</td><td class=\"num negative\">" : "</td><td class=\"num\">"
            out += e(r.amount)
            out += "</td><td>"
            out += e(r.direction)
            out += "</td><td class=\"text\">"
            out += e(r.text)
            if let note = r.note {
                out += "<br><em>Note: "
                out += e(note)
                out += "</em>"
            }
            out += "</td><td>"
            out += e(r.assignee)
            out += "</td><td>"
            if r.canChange {
                out += "<form method=\"post\" action=\""
                out += e(r.action)
                out += "\" class=\"status\">"
                out += hidden
                out += statusSelect[r.status] ?? ""
                out += "<input name=\"note\" placeholder=\"Note\" aria-label=\"Note\"><button type=\"submit\">Gem</button></form>"
            } else {
                out += e(r.status.danishName)
            }
            out += "</td><td>"
            out += e(r.updated)
            out += "</td></tr>\n"
        }
        return out
    }

    /// A row's status choice with its status selected, one per status: the same few on every row.
    static let statusSelect: [FindingStatus: String] = Dictionary(
        uniqueKeysWithValues: FindingStatus.allCases.map { status in
            let options = FindingStatus.allCases.map {
                "<option value=\"\(HTMLText.escaped($0.rawValue))\"\($0 == status ? " selected" : "")>\(HTMLText.escaped($0.danishName))</option>"
            }
            return (status, "<select name=\"status\" aria-label=\"Status\">" + options.joined() + "</select>")
        })
}

extension Finding {
    /// The kind as words, `krav_foraeldet` as "krav foraeldet": a byte swap, since
    /// Foundation's `replacingOccurrences` on 200 rows showed in the list's profile.
    var spokenKind: String { String(decoding: kind.utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: " ") : $0 }, as: UTF8.self) }
}
