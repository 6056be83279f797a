import Foundation

/// What `hjemtag parametre tjek` and the page Parametre report about the parameters for the years
/// the municipality has data for: the gaps that would stop a computation, the days two values
/// claim, thresholds that do not rise, and values nobody has checked for a year.
public struct ParameterCheckProblem: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case missing = "mangler"
        case overlap = "overlap"
        case notIncreasing = "stiger ikke"
        case unchecked = "ikke kontrolleret i et år"
    }

    public var kind: Kind
    public var parameterID: String
    /// The first year the problem is about, and the last (a gap over several years is one problem).
    public var year: Int
    public var lastYear: Int
    public var text: String

    public init(kind: Kind, parameterID: String, year: Int, lastYear: Int? = nil, text: String) {
        self.kind = kind
        self.parameterID = parameterID
        self.year = year
        self.lastYear = lastYear ?? year
        self.text = text
    }

    /// `2023` or `2023-2026`.
    public var yearsText: String { lastYear == year ? String(year) : "\(year)-\(lastYear)" }
}

extension ParameterSet {
    /// Every problem for the years each scheme has data for, by parameter and year. A parameter
    /// belongs to the scheme its id begins with (`sde.`, `trappe.`). It is looked at from the first
    /// day any value of it begins to the day its rule was repealed, if it was: outside those its
    /// rule was not in force (three SDE tiers from 2021, § 176 a until 2020), which is not a gap.
    public func check(years: [Scheme: ClosedRange<Int>], today: Day) -> [ParameterCheckProblem] {
        var problems: [ParameterCheckProblem] = []
        var reportedUnchecked: Set<DatedValue> = []
        let staleBefore = today.adding(years: -1)
        for d in definitions.values.sorted(by: { $0.id < $1.id }) {
            guard let years = Scheme(parameterID: d.id).flatMap({ years[$0] }) else { continue }
            // Missing days run on across the turn of a year: a gap of four years is one problem.
            var missing: [DateRange] = []
            for year in years {
                let yearRange = Self.range(of: year)
                guard let firstStart = d.values.map(\.from).min(), firstStart <= yearRange.end,
                    d.inForceUntil.map({ $0 >= yearRange.start }) ?? true
                else { continue }
                let lastDay = min(yearRange.end, d.inForceUntil ?? yearRange.end)
                var doubled: [DateRange] = []
                // Which values cover a day changes only where a value begins or the day after one
                // ends: each stretch between those days is judged by its first day (the worklist
                // checks every parameter on every view, and day by day it was a fifth of the page).
                let first = max(firstStart, yearRange.start)
                var starts = Set([first])
                for v in d.values {
                    if v.from > first, v.from <= lastDay { starts.insert(v.from) }
                    if let to = v.to, to >= first, to < lastDay { starts.insert(to.adding(days: 1)) }
                }
                let ordered = starts.sorted()
                for (i, day) in ordered.enumerated() {
                    let stretch = DateRange(day, i + 1 < ordered.count ? ordered[i + 1].adding(days: -1) : lastDay)
                    let covering = d.values.filter { $0.covers(day) }
                    let entered = covering.filter { $0.enteredBy != nil }
                    let closedShipped = covering.filter { $0.enteredBy == nil && $0.to != nil }
                    if covering.isEmpty { Self.extend(&missing, with: stretch) }
                    if entered.count > 1 || (entered.isEmpty && closedShipped.count > 1) { Self.extend(&doubled, with: stretch) }
                }
                for r in doubled {
                    problems.append(.init(kind: .overlap, parameterID: d.id, year: year, text: "\(d.title) har to værdier for \(Self.text(r))"))
                }
                for v in d.values where v.overlaps(DatedValue(from: yearRange.start, to: yearRange.end, value: "", source: "", checked: today)) {
                    guard v.checked < staleBefore, (try? value(d.id, on: max(v.from, yearRange.start)).0) == v, !reportedUnchecked.contains(v) else {
                        continue
                    }
                    reportedUnchecked.insert(v)
                    problems.append(
                        .init(
                            kind: .unchecked, parameterID: d.id, year: year,
                            text:
                                "\(d.title) = \(d.unit.shown(v.value)) (\(v.periodText)) blev sidst kontrolleret \(v.checked.danish); kontrollér kilden igen"
                        ))
                }
            }
            for r in missing {
                problems.append(
                    .init(
                        kind: .missing, parameterID: d.id, year: r.start.year, lastYear: r.end.year,
                        text: "\(d.title) har ingen verificeret værdi for \(Self.text(r)); beregninger for de dage afvises"))
            }
        }
        for group in Self.risingTiers {
            guard let years = Scheme(parameterID: group[0]).flatMap({ years[$0] }) else { continue }
            for year in years {
                let yearRange = Self.range(of: year)
                for f in fallingTiers(group, from: yearRange.start, within: yearRange.contains) {
                    problems.append(
                        .init(
                            kind: .notIncreasing, parameterID: f.lower, year: year,
                            text:
                                "den \(f.day.danish) er \(f.lower) = \(f.lowerValue.danishKroner) ikke under \(f.higher) = \(f.higherValue.danishKroner)"
                        ))
                }
            }
        }
        return problems.sorted { ($0.parameterID, $0.year, $0.kind.rawValue) < ($1.parameterID, $1.year, $1.kind.rawValue) }
    }

    private static func range(of year: Int) -> DateRange { DateRange(Day(year: year, month: 1, day: 1)!, Day(year: year, month: 12, day: 31)!) }

    private static func extend(_ ranges: inout [DateRange], with stretch: DateRange) {
        if let last = ranges.last, last.end.adding(days: 1) == stretch.start {
            ranges[ranges.count - 1] = DateRange(last.start, stretch.end)
        } else {
            ranges.append(stretch)
        }
    }

    /// Whole years as years (`2023-2026`), other periods by their days.
    private static func text(_ r: DateRange) -> String {
        let (a, b) = (r.start.components, r.end.components)
        if a.month == 1 && a.day == 1 && b.month == 12 && b.day == 31 {
            return r.start.year == r.end.year ? String(r.start.year) : "\(r.start.year)-\(r.end.year)"
        }
        return r.start == r.end ? r.start.danish : "\(r.start.danish)-\(r.end.danish)"
    }
}

extension Scheme {
    /// The scheme a parameter belongs to, by its id's first part (`sde.graense.t1` → SDE).
    public init?(parameterID: String) {
        self.init(rawValue: String(parameterID.prefix { $0 != "." }))
    }
}
