import Foundation
import HjemtagCore

/// How a ledger extract in another system's layout (KMD Opus, Fujitsu Prisme, EG …) is read as
/// Hjemtag's postings: for each of Hjemtag's fields, the file's column it comes from and what is
/// done to the value on the way. Saved under a name in the store, used by the CLI
/// (`hjemtag import posteringer FIL --kortlaegning NAVN`), the web and the robot's inbox (a file
/// whose name matches `fileNamePattern`). A mapped import keeps every guarantee of a canonical one:
/// the rows are read by `PostingParser` once mapped.
public struct ColumnMapping: Codable, Sendable, Hashable {
    public var name: String
    /// A file-name pattern for the robot's inbox (`OPUS_*.csv`; `*` and `?`), or nil.
    public var fileNamePattern: String?
    /// Hjemtag's field (a column of `posteringer`: `dato`, `beloeb`, `funktion` …) → its rule.
    public var fields: [String: FieldRule]

    public init(name: String, fileNamePattern: String? = nil, fields: [String: FieldRule]) {
        self.name = name
        self.fileNamePattern = fileNamePattern
        self.fields = fields
    }

    enum CodingKeys: String, CodingKey {
        case name = "navn"
        case fileNamePattern = "filnavn"
        case fields = "felter"
    }

    /// Where one of Hjemtag's fields comes from.
    public struct FieldRule: Codable, Sendable, Hashable {
        /// The file's column.
        public var column: String
        /// Take one part of a combined value (an account string `5.38.50-1-4.0` split at `-`).
        public var part: Part?
        /// Take the characters from..to, counted from 1 (`1-5` of `5385014` is the function).
        public var characters: String?
        /// The date's layout in the file: `DD.MM.ÅÅÅÅ`, `DD-MM-ÅÅÅÅ`, `DD/MM/ÅÅÅÅ`, `ÅÅÅÅMMDD`, `ÅÅÅÅ-MM-DD`.
        public var dateFormat: String?
        /// For the amount: a column saying debit or credit, and the values that mean credit.
        public var sign: Sign?

        public init(column: String, part: Part? = nil, characters: String? = nil, dateFormat: String? = nil, sign: Sign? = nil) {
            self.column = column
            self.part = part
            self.characters = characters
            self.dateFormat = dateFormat
            self.sign = sign
        }

        enum CodingKeys: String, CodingKey {
            case column = "kolonne"
            case part = "del"
            case characters = "tegn"
            case dateFormat = "datoformat"
            case sign = "fortegn"
        }
    }

    public struct Part: Codable, Sendable, Hashable {
        public var separator: String
        /// Counted from 1.
        public var number: Int
        public init(separator: String, number: Int) {
            self.separator = separator
            self.number = number
        }
        enum CodingKeys: String, CodingKey {
            case separator = "separator"
            case number = "nummer"
        }
    }

    public struct Sign: Codable, Sendable, Hashable {
        public var column: String
        public var creditValues: [String]
        public init(column: String, creditValues: [String]) {
            self.column = column
            self.creditValues = creditValues
        }
        enum CodingKeys: String, CodingKey {
            case column = "kolonne"
            case creditValues = "kredit"
        }
    }

    public static let dateFormats = ["ÅÅÅÅ-MM-DD", "DD-MM-ÅÅÅÅ", "DD.MM.ÅÅÅÅ", "DD/MM/ÅÅÅÅ", "ÅÅÅÅMMDD", "DDMMÅÅÅÅ"]

    /// Everything wrong with the mapping itself, in Danish; empty when it can be used.
    public func problems() -> [String] {
        var out: [String] = []
        if name.trimmingCharacters(in: .whitespaces).isEmpty { out.append("kortlægningen har intet navn") }
        let known = Set(PostingParser.knownColumns)
        for f in fields.keys.sorted() where !known.contains(f) {
            out.append("'\(f)' er ikke et felt i posteringer (\(PostingParser.knownColumns.joined(separator: ", ")))")
        }
        for f in PostingParser.requiredColumns where fields[f] == nil { out.append("feltet '\(f)' skal have en kolonne") }
        for (f, r) in fields.sorted(by: { $0.key < $1.key }) {
            if r.column.trimmingCharacters(in: .whitespaces).isEmpty { out.append("\(f): ingen kolonne angivet") }
            if let d = r.dateFormat, !Self.dateFormats.contains(d) {
                out.append("\(f): datoformatet '\(d)' kendes ikke; brug \(Self.dateFormats.joined(separator: ", "))")
            }
            if let p = r.part, p.separator.isEmpty || p.number < 1 { out.append("\(f): en del skal have en separator og et nummer fra 1") }
            if let c = r.characters, Self.characterRange(c) == nil { out.append("\(f): tegn skal skrives fra-til, fx 1-5") }
            if r.sign != nil && f != "beloeb" { out.append("\(f): fortegn hører kun til beloeb") }
        }
        return out
    }

    /// The file's columns the mapping reads: each must be in the header.
    public var sourceColumns: [String] {
        var out: [String] = []
        for f in PostingParser.knownColumns {
            guard let r = fields[f] else { continue }
            out.append(r.column)
            if let s = r.sign { out.append(s.column) }
        }
        var seen = Set<String>()
        return out.filter { seen.insert(ColumnName.normalise($0)).inserted }
    }

    static func characterRange(_ text: String) -> ClosedRange<Int>? {
        let p = text.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard p.count == 2, let a = p[0], let b = p[1], a >= 1, b >= a else { return nil }
        return a...b
    }

    /// Whether a file name matches the inbox pattern (`*` any run of characters, `?` one).
    public func matches(fileName: String) -> Bool {
        guard let pattern = fileNamePattern, !pattern.isEmpty else { return false }
        return Self.glob(Array(pattern.lowercased()), Array(fileName.lowercased()))
    }

    static func glob(_ p: [Character], _ s: [Character]) -> Bool {
        var (pi, si, star, mark) = (0, 0, -1, 0)
        while si < s.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == s[si]) {
                pi += 1
                si += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi
                mark = si
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                si = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// The value of one of Hjemtag's fields from a row, transformed; nil when the field is not
    /// mapped or the file's value is empty. Throws the Danish reason a value cannot be read.
    func value(_ field: String, in row: RowContext) throws(MappingProblem) -> String? {
        guard let rule = fields[field] else { return nil }
        guard var v = row.text(rule.column) else { return nil }
        if let part = rule.part {
            let parts = v.components(separatedBy: part.separator)
            guard part.number <= parts.count else {
                throw MappingProblem(column: rule.column, reason: "'\(v)' har ikke \(part.number) dele adskilt af '\(part.separator)'")
            }
            v = parts[part.number - 1].trimmingCharacters(in: .whitespaces)
        }
        if let c = rule.characters, let r = Self.characterRange(c) {
            let chars = Array(v)
            guard r.upperBound <= chars.count else {
                throw MappingProblem(column: rule.column, reason: "'\(v)' har ikke tegn \(c)")
            }
            v = String(chars[(r.lowerBound - 1)...(r.upperBound - 1)])
        }
        if let format = rule.dateFormat {
            guard let iso = Self.isoDate(v, format: format) else {
                throw MappingProblem(column: rule.column, reason: "'\(v)' er ikke en dato på formen \(format)")
            }
            v = iso
        }
        if let sign = rule.sign, let s = row.text(sign.column) {
            let credit = sign.creditValues.contains { ColumnName.normalise($0) == ColumnName.normalise(s) }
            if credit { v = v.hasPrefix("-") ? String(v.dropFirst()) : "-" + v }
        }
        return v.isEmpty ? nil : v
    }

    static func isoDate(_ v: String, format: String) -> String? {
        let digits = v.filter { $0.isASCII && $0.isNumber }
        let order: (year: Range<Int>, month: Range<Int>, day: Range<Int>)
        switch format {
        case "ÅÅÅÅ-MM-DD", "ÅÅÅÅMMDD": order = (0..<4, 4..<6, 6..<8)
        case "DD-MM-ÅÅÅÅ", "DD.MM.ÅÅÅÅ", "DD/MM/ÅÅÅÅ", "DDMMÅÅÅÅ": order = (4..<8, 2..<4, 0..<2)
        default: return nil
        }
        guard digits.count == 8 else { return nil }
        let d = Array(digits)
        let iso = "\(String(d[order.year]))-\(String(d[order.month]))-\(String(d[order.day]))"
        return Day(parsing: iso) == nil ? nil : iso
    }
}

/// A value a mapping cannot read, with the file's column it came from.
struct MappingProblem: Error {
    var column: String
    var reason: String
}

extension ColumnMapping {
    /// The mapping as the JSON a person reads and edits (keys in Danish, sorted).
    public func encoded() throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(self), as: UTF8.self)
    }

    /// A mapping from its JSON; the Danish reason when it cannot be read or used.
    public static func decode(_ json: String) throws(MappingError) -> ColumnMapping {
        let m: ColumnMapping
        do {
            m = try JSONDecoder().decode(ColumnMapping.self, from: Data(json.utf8))
        } catch let DecodingError.keyNotFound(key, _) {
            throw .unreadable("nøglen '\(key.stringValue)' mangler")
        } catch let DecodingError.typeMismatch(_, context) {
            throw .unreadable("forkert type ved \(context.codingPath.map(\.stringValue).joined(separator: "."))")
        } catch {
            throw .unreadable("ikke gyldig JSON")
        }
        let problems = m.problems()
        guard problems.isEmpty else { throw .invalid(problems) }
        return m
    }
}

public enum MappingError: Error, Sendable, CustomStringConvertible, Equatable {
    case unreadable(String)
    case invalid([String])
    case unknown(String)

    public var description: String {
        switch self {
        case .unreadable(let why): return "kortlægningen kan ikke læses: \(why)"
        case .invalid(let problems): return "kortlægningen kan ikke bruges: " + problems.joined(separator: "; ")
        case .unknown(let name): return "der er ingen kortlægning ved navn '\(name)'; se hjemtag kortlaegning liste"
        }
    }
}
