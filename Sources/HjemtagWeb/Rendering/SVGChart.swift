import HjemtagCore

/// Inline SVG bar charts. No script and no style attributes (the CSP forbids inline styles):
/// colours are presentation attributes, labels are escaped text.
enum SVGChart {
    struct Bar {
        var label: String
        var value: Money
    }

    /// Vertical bars, e.g. refund per month.
    static func columns(_ bars: [Bar], title: String, width: Int = 640, height: Int = 220) -> String {
        let maxValue = max(bars.map(\.value.ore).max() ?? 0, 1)
        let plotTop = 24
        let plotBottom = height - 28
        let left = 8
        let slot = (width - left * 2) / max(bars.count, 1)
        var svg =
            ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(width) \##(height)" role="img" aria-label="\##(HTMLText.escaped(title))" class="chart">"##
        svg += ##"<title>\##(HTMLText.escaped(title))</title>"##
        for (i, bar) in bars.enumerated() {
            let h = Int(Double(plotBottom - plotTop) * Double(max(bar.value.ore, 0)) / Double(maxValue))
            let x = left + i * slot + slot / 8
            let w = slot * 3 / 4
            svg +=
                ##"<rect x="\##(x)" y="\##(plotBottom - h)" width="\##(w)" height="\##(h)" fill="#2f6db0"><title>\##(HTMLText.escaped(bar.label)): \##(HTMLText.escaped(bar.value.danishKroner))</title></rect>"##
            svg +=
                ##"<text x="\##(x + w / 2)" y="\##(height - 10)" text-anchor="middle" font-size="11" fill="#1d2733">\##(HTMLText.escaped(bar.label))</text>"##
        }
        svg += ##"<line x1="\##(left)" y1="\##(plotBottom)" x2="\##(width - left)" y2="\##(plotBottom)" stroke="#8a96a3"/>"##
        let highest = Money(ore: bars.map(\.value.ore).max() ?? 0)
        svg += ##"<text x="\##(left)" y="14" font-size="11" fill="#5b6775">Højeste: \##(HTMLText.escaped(highest.danishKroner))</text>"##
        return svg + "</svg>"
    }

    /// Horizontal bars with the amount written out, e.g. refund per tier or department.
    static func rows(_ bars: [Bar], title: String, width: Int = 640) -> String {
        let rowHeight = 26
        let height = rowHeight * bars.count + 10
        let maxValue = max(bars.map(\.value.ore).max() ?? 0, 1)
        let labelWidth = 150
        let valueWidth = 150
        var svg =
            ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(width) \##(height)" role="img" aria-label="\##(HTMLText.escaped(title))" class="chart">"##
        svg += ##"<title>\##(HTMLText.escaped(title))</title>"##
        for (i, bar) in bars.enumerated() {
            let y = 5 + i * rowHeight
            let w = Int(Double(width - labelWidth - valueWidth) * Double(max(bar.value.ore, 0)) / Double(maxValue))
            svg += ##"<text x="0" y="\##(y + 17)" font-size="12" fill="#1d2733">\##(HTMLText.escaped(bar.label))</text>"##
            svg += ##"<rect x="\##(labelWidth)" y="\##(y + 4)" width="\##(max(w, 1))" height="18" fill="#2f6db0"/>"##
            svg +=
                ##"<text x="\##(labelWidth + w + 6)" y="\##(y + 17)" font-size="12" fill="#1d2733">\##(HTMLText.escaped(bar.value.danishKroner))</text>"##
        }
        return svg + "</svg>"
    }
}

extension SVGChart {
    struct Series {
        var name: String
        var colour: String
        var values: [Int]
    }

    /// Grouped columns per label (e.g. persons on each staircase step per month), with a legend.
    static func grouped(labels: [String], series: [Series], title: String, width: Int = 720, height: Int = 240) -> String {
        let maxValue = max(series.flatMap(\.values).max() ?? 0, 1)
        let plotTop = 30
        let plotBottom = height - 28
        let left = 8
        let slot = (width - left * 2) / max(labels.count, 1)
        let bar = max(1, (slot * 4 / 5) / max(series.count, 1))
        var svg =
            ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(width) \##(height)" role="img" aria-label="\##(HTMLText.escaped(title))" class="chart">"##
        svg += ##"<title>\##(HTMLText.escaped(title))</title>"##
        var legendX = left
        for (si, s) in series.enumerated() {
            svg +=
                ##"<rect x="\##(legendX)" y="6" width="10" height="10" fill="\##(s.colour)"/><text x="\##(legendX + 14)" y="15" font-size="11" fill="#1d2733">\##(HTMLText.escaped(s.name))</text>"##
            legendX += 30 + s.name.count * 7
            for (i, v) in s.values.enumerated() where i < labels.count {
                let h = Int(Double(plotBottom - plotTop) * Double(max(v, 0)) / Double(maxValue))
                let x = left + i * slot + slot / 10 + si * bar
                svg +=
                    ##"<rect x="\##(x)" y="\##(plotBottom - h)" width="\##(bar)" height="\##(h)" fill="\##(s.colour)"><title>\##(HTMLText.escaped(s.name)) \##(HTMLText.escaped(labels[i])): \##(v)</title></rect>"##
            }
        }
        for (i, l) in labels.enumerated() {
            svg +=
                ##"<text x="\##(left + i * slot + slot / 2)" y="\##(height - 10)" text-anchor="middle" font-size="11" fill="#1d2733">\##(HTMLText.escaped(l))</text>"##
        }
        svg += ##"<line x1="\##(left)" y1="\##(plotBottom)" x2="\##(width - left)" y2="\##(plotBottom)" stroke="#8a96a3"/>"##
        return svg + "</svg>"
    }
}
