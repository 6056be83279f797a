import HjemtagCore

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
        var out = ""
        out.reserveCapacity(rows.count * 1_400)
        for r in rows {
            out += "<tr id=\"fund-\(r.id)\">"
            if selectable {
                out += "<td>"
                if r.canChange {
                    out += "<input type=\"checkbox\" name=\"fund[]\" value=\"\(r.id)\" form=\"masse\" aria-label=\"Vælg fund nr. \(r.id)\">"
                }
                out += "</td>"
            }
            out += "<td class=\"num\"><a href=\"\(e(r.href))\">\(r.id)</a></td><td>\(e(r.scheme))</td><td>\(r.year)</td><td>\(e(r.kind))</td>"
            out += "<td>\(e(r.subject))</td><td class=\"num\(r.payBack ? " negative" : "")\">\(e(r.amount))</td><td>\(e(r.direction))</td>"
            out += "<td class=\"text\">\(e(r.text))"
            if let note = r.note { out += "<br><em>Note: \(e(note))</em>" }
            out += "</td><td>\(e(r.assignee))</td><td>"
            if r.canChange {
                out += "<form method=\"post\" action=\"\(e(r.action))\" class=\"status\">\(hidden)<select name=\"status\" aria-label=\"Status\">"
                for s in r.statuses {
                    out += "<option value=\"\(e(s.value))\"\(s.selected ? " selected" : "")>\(e(s.name))</option>"
                }
                out += "</select><input name=\"note\" placeholder=\"Note\" aria-label=\"Note\"><button type=\"submit\">Gem</button></form>"
            } else {
                out += e(r.status)
            }
            out += "</td><td>\(e(r.updated))</td></tr>\n"
        }
        return out
    }
}

extension Finding {
    /// The kind as words, `krav_foraeldet` as "krav foraeldet": a byte swap, since
    /// Foundation's `replacingOccurrences` on 200 rows showed in the list's profile.
    var spokenKind: String { String(decoding: kind.utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: " ") : $0 }, as: UTF8.self) }
}
