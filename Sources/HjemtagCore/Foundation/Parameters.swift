import Foundation

/// One verified value of a rule parameter for a period, with where it comes from.
public struct DatedValue: Hashable, Sendable, Codable {
    public var from: Day
    /// Last day the value is verified for; nil = in force until a later value replaces it
    /// (used for rates written in the law itself, never for yearly regulated amounts).
    public var to: Day?
    /// The value as written: kroner (`850000`) or percent (`25`).
    public var value: String
    public var source: String
    public var checked: Day
    public var note: String?
    /// Set when the municipality entered the value itself (stored in the database).
    public var enteredBy: String?

    public init(from: Day, to: Day?, value: String, source: String, checked: Day, note: String? = nil, enteredBy: String? = nil) {
        self.from = from
        self.to = to
        self.value = value
        self.source = source
        self.checked = checked
        self.note = note
        self.enteredBy = enteredBy
    }

    public func covers(_ day: Day) -> Bool { day >= from && (to.map { day <= $0 } ?? true) }
    public var periodText: String { to.map { "\(from.danish)-\($0.danish)" } ?? "fra \(from.danish)" }
}

public enum ParameterUnit: String, Sendable, Codable {
    case kroner = "kr"
    case percent = "pct"
    case count = "antal"

    /// A stored value as users read it: `860.000,00 kr.`, `12,5 %`, `52`.
    public func shown(_ value: String) -> String {
        switch self {
        case .kroner: return (try? Money.parse(value))?.danishKroner ?? value
        case .percent: return value.replacingOccurrences(of: ".", with: ",") + " %"
        case .count: return value
        }
    }
}

public struct ParameterDefinition: Sendable, Codable {
    public var id: String
    public var title: String
    public var unit: ParameterUnit
    public var values: [DatedValue]
    /// The last day the rule the parameter belongs to was in force (§ 176 a's limits for children
    /// until it was repealed 1.1.2021); nil while it is. No value is asked for after it.
    public var inForceUntil: Day?
    /// The law that ended the rule.
    public var repealedBy: String?
}

/// A reference from an explanation or result to the parameter value it used.
public struct ParameterReference: Hashable, Sendable, Codable {
    public var id: String
    public var title: String
    public var value: String
    public var unit: ParameterUnit
    public var period: String
    public var source: String
    public var checked: Day

    public var danishText: String {
        "\(title) = \(unit.shown(value)) (\(period); kilde: \(source); kontrolleret \(checked.danish))"
    }
}

public enum ParameterError: Error, Sendable, CustomStringConvertible, Equatable {
    case unknown(id: String)
    case noVerifiedValue(id: String, title: String, day: Day)
    case malformedFile(file: String, reason: String)
    case invalidValue(id: String, value: String, reason: String)

    public var description: String {
        switch self {
        case .unknown(let id):
            return "ukendt parameter '\(id)'; se listen med: hjemtag parametre"
        case .noVerifiedValue(let id, let title, let day):
            return "parameteren '\(id)' (\(title)) har ingen verificeret værdi for \(day.danish). "
                + "Indtast årets værdi med kilde: hjemtag parametre saet \(id) --fra \(day.year)-01-01 --til \(day.year)-12-31 "
                + "--vaerdi BELØB --kilde URL (eller på siden Parametre som administrator)"
        case .malformedFile(let file, let reason):
            return "parameterfilen \(file) er ugyldig: \(reason)"
        case .invalidValue(let id, let value, let reason):
            return "værdien '\(value)' for parameteren '\(id)' er ugyldig: \(reason)"
        }
    }
}

/// All rule parameters: the verified values shipped with Hjemtag, plus the municipality's own
/// entries from the database, which take precedence for the period they cover.
public struct ParameterSet: Sendable {
    public internal(set) var definitions: [String: ParameterDefinition]

    public init(definitions: [ParameterDefinition]) throws(ParameterError) {
        var table: [String: ParameterDefinition] = [:]
        for d in definitions {
            guard table[d.id] == nil else { throw .malformedFile(file: d.id, reason: "parameteren '\(d.id)' er defineret to gange") }
            try ParameterSet.validate(d)
            table[d.id] = d
        }
        self.definitions = table
    }

    /// The values shipped in `Resources/parameters/*.json`, validated.
    /// The parameter files shipped with the program never change while it runs: read them once
    /// (every page that computes asks for the set).
    public static func bundled() throws(ParameterError) -> ParameterSet { try bundledOnce.get() }

    private static let bundledOnce: Result<ParameterSet, ParameterError> = {
        do throws(ParameterError) { return .success(try readBundled()) } catch { return .failure(error) }
    }()

    private static func readBundled() throws(ParameterError) -> ParameterSet {
        guard let dir = Bundle.module.url(forResource: "parameters", withExtension: nil),
            let files = try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
        else {
            throw .malformedFile(file: "parameters", reason: "mappen med parameterfiler mangler i programmet")
        }
        var all: [ParameterDefinition] = []
        for file in files.filter({ $0.pathExtension == "json" }).sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            all += try load(file: file)
        }
        return try ParameterSet(definitions: all)
    }

    public static func load(file: URL) throws(ParameterError) -> [ParameterDefinition] {
        struct FileBody: Decodable { var parameters: [ParameterDefinition] }
        do {
            let data = try Data(contentsOf: file)
            return try JSONDecoder().decode(FileBody.self, from: data).parameters
        } catch let error as DecodingError {
            throw .malformedFile(file: file.lastPathComponent, reason: ParameterSet.describe(error))
        } catch {
            throw .malformedFile(file: file.lastPathComponent, reason: "\(error)")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let c): return "\(c.debugDescription) ved \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        case .keyNotFound(let k, let c): return "feltet '\(k.stringValue)' mangler ved \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return "forkert type ved \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        @unknown default: return "\(error)"
        }
    }

    static func validate(_ d: ParameterDefinition) throws(ParameterError) {
        guard !d.values.isEmpty else { throw .malformedFile(file: d.id, reason: "ingen værdier") }
        for v in d.values {
            try checkValue(v.value, unit: d.unit, id: d.id)
            guard v.source.hasPrefix("http://") || v.source.hasPrefix("https://") || v.enteredBy != nil else {
                throw .malformedFile(file: d.id, reason: "kilden '\(v.source)' er ikke en URL")
            }
            if let to = v.to, to < v.from { throw .malformedFile(file: d.id, reason: "perioden \(v.periodText) slutter før den begynder") }
        }
        let sorted = d.values.sorted { $0.from < $1.from }
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            guard let end = a.to, end < b.from else {
                if a.to == nil { continue } // an open value is replaced by the next one
                throw .malformedFile(file: d.id, reason: "perioderne \(a.periodText) og \(b.periodText) overlapper")
            }
        }
    }

    static func checkValue(_ value: String, unit: ParameterUnit, id: String) throws(ParameterError) {
        switch unit {
        case .kroner:
            do { _ = try Money.parse(value) } catch { throw .invalidValue(id: id, value: value, reason: error.description) }
        case .percent:
            guard let r = Rational(decimal: value), !(r < .zero), !(Rational(100) < r) else {
                throw .invalidValue(id: id, value: value, reason: "en procentsats skal være mellem 0 og 100")
            }
        case .count:
            guard Int(value) != nil else { throw .invalidValue(id: id, value: value, reason: "skal være et helt tal") }
        }
    }

    /// Adds the municipality's own values; they win over shipped values for the days they cover.
    public mutating func apply(override value: DatedValue, to id: String) throws(ParameterError) {
        guard var d = definitions[id] else { throw .unknown(id: id) }
        try ParameterSet.checkValue(value.value, unit: d.unit, id: id)
        d.values.append(value)
        definitions[id] = d
    }

    public func definition(_ id: String) throws(ParameterError) -> ParameterDefinition {
        guard let d = definitions[id] else { throw .unknown(id: id) }
        return d
    }

    /// The value in force on `day`: an entered value beats a shipped one; among values of the
    /// same kind the latest start wins. No value → an error saying how to supply it.
    public func value(_ id: String, on day: Day) throws(ParameterError) -> (DatedValue, ParameterReference) {
        let d = try definition(id)
        let candidates = d.values.filter { $0.covers(day) }
        let chosen =
            candidates.filter { $0.enteredBy != nil }.max { $0.from < $1.from }
            ?? candidates.max { $0.from < $1.from }
        guard let v = chosen else { throw .noVerifiedValue(id: id, title: d.title, day: day) }
        return (
            v, ParameterReference(id: id, title: d.title, value: v.value, unit: d.unit, period: v.periodText, source: v.source, checked: v.checked)
        )
    }

    public func money(_ id: String, on day: Day) throws(ParameterError) -> (Money, ParameterReference) {
        let (v, ref) = try value(id, on: day)
        do { return (try Money.parse(v.value), ref) } catch { throw .invalidValue(id: id, value: v.value, reason: error.description) }
    }

    /// A percentage as a fraction (25 → 1/4).
    public func rate(_ id: String, on day: Day) throws(ParameterError) -> (Rational, ParameterReference) {
        let (v, ref) = try value(id, on: day)
        guard let r = Rational(decimal: v.value) else { throw .invalidValue(id: id, value: v.value, reason: "ikke en procentsats") }
        return (Rational.percent(r), ref)
    }

    public func count(_ id: String, on day: Day) throws(ParameterError) -> (Int, ParameterReference) {
        let (v, ref) = try value(id, on: day)
        guard let n = Int(v.value) else { throw .invalidValue(id: id, value: v.value, reason: "ikke et helt tal") }
        return (n, ref)
    }
}
