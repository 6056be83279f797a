import Foundation
import HjemtagCore

/// What kind a file in the robot's inbox is: by the name the other system gives it, else by its
/// header. A header that fits no kind, or fits two equally well, is refused with the reason.
public enum FileRecognition {
    /// Names other systems write: Ydelsesrefusion's calculation file, OS2bos's payments report.
    static let byName: [(prefix: String, kind: ImportKind)] = [
        ("yr-ydelsesrefusion-beregning-", .yrCalculation), ("yr-ydelsesrefusion-advisering-", .yrNotice),
        ("granted_payments", .os2bosPayments),
        // EG Sensum's SFTP deliveries.
        ("sager_", .sensumCases), ("indsatser_", .sensumServices), ("borger_", .sensumCitizens), ("leverandør_", .sensumProviders),
        ("leverandoer_", .sensumProviders),
        // A forecast, not costs: stored as the forecast's input.
        ("expected_payments", .os2bosForecast),
    ]

    public enum Refusal: Error, Sendable, CustomStringConvertible, Equatable {
        case unknown(file: String, columns: [String])
        case ambiguous(file: String, kinds: [ImportKind])
        case unreadable(file: String, reason: String)

        public var description: String {
            switch self {
            case .unknown(let file, let columns):
                return "\(file):1:1: filens kolonner passer ikke til nogen importtype (fundet: \(columns.joined(separator: ", "))); "
                    + "se docs/formats.md"
            case .ambiguous(let file, let kinds):
                return "\(file):1:1: filens kolonner passer lige godt til \(kinds.map(\.rawValue).joined(separator: " og ")); "
                    + "importér den med: hjemtag import TYPE \(file)"
            case .unreadable(let file, let reason): return "\(file):1:1: filen kan ikke læses: \(reason)"
            }
        }
    }

    /// The kind a file's name gives, if any.
    public static func kind(byName name: String) -> ImportKind? {
        byName.first(where: { name.lowercased().hasPrefix($0.prefix) })?.kind
    }

    public static func kind(of url: URL) throws(Refusal) -> ImportKind {
        let name = url.lastPathComponent
        if let known = kind(byName: name) { return known }
        if let first = try? firstLine(of: url), PrismeParser.looksLikePrisme(first[...]) { return .prisme }
        let header: CSVHeader
        do {
            let reader = try CSVReader(url: url, encoding: try FileFingerprint.headerEncoding(url: url))
            guard let first = try reader.next() else { throw Refusal.unreadable(file: name, reason: "filen er tom") }
            header = CSVHeader(fields: first.fields)
        } catch let r as Refusal {
            throw r
        } catch {
            throw .unreadable(file: name, reason: "\(error)")
        }
        // Every required column present; the kind that needs the most of them, then the one that
        // knows most of the file's columns, wins.
        let fits = ImportKind.allCases.filter { k in k.hasColumns && k.requiredColumns.allSatisfy { header.position(of: $0) != nil } }
        func score(_ k: ImportKind) -> (Int, Int) {
            (k.requiredColumns.count, header.normalised.filter { Set(k.knownColumns.map(ColumnName.normalise)).contains($0) }.count)
        }
        guard let best = fits.max(by: { score($0) < score($1) }) else { throw .unknown(file: name, columns: header.names) }
        let tied = fits.filter { score($0) == score(best) }
        guard tied.count == 1 else { throw .ambiguous(file: name, kinds: tied) }
        return best
    }

    /// The first line's first bytes, for recognising a file that is not a CSV.
    static func firstLine(of url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let head = try handle.read(upToCount: 64) ?? Data()
        return String(decoding: head.prefix { $0 != 10 && $0 != 13 }, as: UTF8.self)
    }
}
