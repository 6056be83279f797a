import HjemtagCore

/// A citizen's residence history as a timeline: one bar per episode, coloured by who pays.
enum Timeline {
    static func svg(_ periods: [PayerPeriod], today: Day, width: Int = 900) -> String {
        guard let first = periods.first?.from else { return "" }
        let last = max(periods.compactMap(\.to).max() ?? today, today)
        let span = max(last - first, 1)
        let left = 10
        let right = width - 10
        let rowHeight = 34
        let top = 30
        let height = top + rowHeight * periods.count + 30
        func x(_ d: Day) -> Int { left + Int(Double(right - left) * Double(d - first) / Double(span)) }
        var svg =
            ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(width) \##(height)" role="img" aria-label="Opholdshistorik" class="chart timeline">"##
        svg += "<title>Opholdshistorik</title>"
        let legend = [("#8a96a3", "ingen refusion"), ("#e08a1e", "anden kommune betaler"), ("#2f6db0", "ophold i udlandet / ukendt")]
        for (i, l) in legend.enumerated() {
            svg +=
                ##"<rect x="\##(left + i * 190)" y="6" width="12" height="12" fill="\##(l.0)"/><text x="\##(left + i * 190 + 16)" y="16" font-size="12" fill="#1d2733">\##(l.1)</text>"##
        }
        var year = first.year + 1
        while let d = Day(year: year, month: 1, day: 1), d <= last {
            svg += ##"<line x1="\##(x(d))" y1="\##(top - 4)" x2="\##(x(d))" y2="\##(height - 24)" stroke="#d5dbe1"/>"##
            svg += ##"<text x="\##(x(d))" y="\##(height - 8)" text-anchor="middle" font-size="11" fill="#5b6775">\##(year)</text>"##
            year += max(1, (last.year - first.year) / 12)
        }
        for (i, p) in periods.enumerated() {
            let y = top + i * rowHeight
            let x1 = x(p.from)
            let x2 = max(x(p.to ?? last), x1 + 3)
            let colour = p.payer != nil ? "#e08a1e" : ([.abroad, .unknown].contains(p.episode.housing) ? "#2f6db0" : "#8a96a3")
            let label =
                "\(p.episode.housing.danishName), \(p.episode.municipalityName)" + (p.payer.map { " – betaler: \(ResidenceEpisode.name($0))" } ?? "")
            svg +=
                ##"<rect x="\##(x1)" y="\##(y)" width="\##(x2 - x1)" height="14" fill="\##(colour)"><title>\##(HTMLText.escaped(label)) (\##(p.from.danish)-\##(p.to?.danish ?? ""))</title></rect>"##
            let anchorLeft = x1 < width / 2
            svg +=
                ##"<text x="\##(anchorLeft ? x1 : x2)" y="\##(y + 27)" text-anchor="\##(anchorLeft ? "start" : "end")" font-size="11" fill="#1d2733">\##(HTMLText.escaped("\(p.rule.rawValue): \(label)"))</text>"##
        }
        return svg + "</svg>"
    }
}
