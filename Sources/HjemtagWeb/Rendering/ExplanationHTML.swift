import HjemtagCore

/// An explanation tree as nested lists; every text is escaped.
enum ExplanationHTML {
    static func render(_ e: Explanation) -> String {
        "<ul class=\"explain\"><li>" + item(e) + "</li></ul>"
    }

    static func item(_ e: Explanation) -> String {
        var html = "<span>" + HTMLText.escaped(e.text) + "</span>"
        if let amount = e.amount { html += " <strong>" + HTMLText.escaped(amount.danishKroner) + "</strong>" }
        if !e.parameters.isEmpty {
            html +=
                "<div class=\"params\">"
                + e.parameters.map { "<a href=\"\(HTMLText.escaped($0.source))\" rel=\"noreferrer\">" + HTMLText.escaped($0.danishText) + "</a>" }
                .joined(separator: "<br>") + "</div>"
        }
        if !e.steps.isEmpty { html += "<ul>" + e.steps.map { "<li>" + item($0) + "</li>" }.joined() + "</ul>" }
        return html
    }
}
