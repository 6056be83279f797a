/// What the report holds; built by `SteeringReport.make` (HjemtagSchemes), written as HTML and
/// XLSX by `SteeringReportExport` (HjemtagExport).
/// The steering group's status report (issue 21 § 4; seed 003: status reports to the steering
/// group): for a year, or a quarter of it, the income per scheme found, received and to pay back;
/// SDE's computed refund against its income budget; our § 9 c claims by where they stand, the
/// deadlines ahead and what was lost; the reduction plan against its targets; the business case's
/// realised return against the expected one. Every figure names the list it comes from. No CPR
/// number is in it. The forecast's columns come with the forecast (§ 1).
public struct SteeringReport: Sendable {
    public struct Row: Sendable, Hashable {
        public var label: String
        public var values: [Money?]
        public var note: String
        /// The page the figure comes from (a path of the web application).
        public var link: String
        public init(label: String, values: [Money?], note: String, link: String) {
            self.label = label
            self.values = values
            self.note = note
            self.link = link
        }
    }

    public struct Section: Sendable, Hashable {
        public var title: String
        public var columns: [String]
        public var rows: [Row]
        public var remark: String?
        public init(title: String, columns: [String], rows: [Row], remark: String?) {
            self.title = title
            self.columns = columns
            self.rows = rows
            self.remark = remark
        }
    }

    public var title: String
    public var period: Period
    public var made: String
    public var sections: [Section]

    /// `2026` or `2026-K2`.
    public struct Period: Sendable, Hashable, CustomStringConvertible {
        public var year: Int
        public var quarter: Int?
        public init?(parsing text: String) {
            let parts = text.uppercased().split(separator: "-")
            guard let y = parts.first.flatMap({ Int($0) }), (2000...2100).contains(y) else { return nil }
            year = y
            if parts.count == 2 {
                guard parts[1].hasPrefix("K"), let q = Int(parts[1].dropFirst()), (1...4).contains(q) else { return nil }
                quarter = q
            } else if parts.count > 2 {
                return nil
            }
        }
        public var months: ClosedRange<Int> { quarter.map { ($0 - 1) * 3 + 1...$0 * 3 } ?? 1...12 }
        public var description: String { quarter.map { "\(year), \($0). kvartal" } ?? String(year) }
        public var lastDay: Day { Month(year: year, month: months.upperBound).lastDay }
    }

    public init(title: String, period: Period, made: String, sections: [Section]) {
        self.title = title
        self.period = period
        self.made = made
        self.sections = sections
    }
}
