import Foundation
import HjemtagCore

extension ImportKind {
    /// The columns the kind's header must have, and all it understands.
    public var columns: (required: [String], known: [String]) {
        func of<P: RecordParser>(_: P.Type) -> ([String], [String]) { (P.requiredColumns, P.knownColumns) }
        switch self {
        case .postings: return of(PostingParser.self)
        case .os2bosPayments: return of(OS2bosPaymentParser.self)
        case .households: return of(HouseholdParser.self)
        case .benefitPayments: return of(BenefitPaymentParser.self)
        case .subsidisedEmployment: return of(SubsidisedPeriodParser.self)
        case .yrCalculation: return of(YRCalculationParser.self)
        case .residence: return of(ResidenceParser.self)
        case .incomingClaims: return of(IncomingClaimParser.self)
        case .pensionGrants: return of(PensionGrantParser.self)
        case .initiatives: return of(InitiativeParser.self)
        case .businessCase: return of(BusinessCaseParser.self)
        case .incomeBudget: return of(IncomeBudgetParser.self)
        case .integration: return of(ResultGrantParser.self)
        case .positiveList: return of(PositiveListParser.self)
        case .vatRegistrations: return of(VATRegistrationParser.self)
        }
    }
}

/// What kind a file in the robot's inbox is: by the name the other system gives it, else by its
/// header. A header that fits no kind, or fits two equally well, is refused with the reason.
public enum FileRecognition {
    /// Names other systems write: Ydelsesrefusion's calculation file, OS2bos's payments report.
    static let byName: [(prefix: String, kind: ImportKind)] = [
        ("yr-ydelsesrefusion-beregning-", .yrCalculation), ("granted_payments", .os2bosPayments),
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

    public static func kind(of url: URL) throws(Refusal) -> ImportKind {
        let name = url.lastPathComponent
        if let match = byName.first(where: { name.lowercased().hasPrefix($0.prefix) }) { return match.kind }
        let header: CSVHeader
        do {
            let reader = try CSVReader(url: url, encoding: try FileFingerprint.compute(url: url).encoding)
            guard let first = try reader.next() else { throw Refusal.unreadable(file: name, reason: "filen er tom") }
            header = CSVHeader(fields: first.fields)
        } catch let r as Refusal {
            throw r
        } catch {
            throw .unreadable(file: name, reason: "\(error)")
        }
        // Every required column present; the kind that needs the most of them, then the one that
        // knows most of the file's columns, wins.
        let fits = ImportKind.allCases.filter { k in k.columns.required.allSatisfy { header.position(of: $0) != nil } }
        func score(_ k: ImportKind) -> (Int, Int) {
            (k.columns.required.count, header.normalised.filter { Set(k.columns.known.map(ColumnName.normalise)).contains($0) }.count)
        }
        guard let best = fits.max(by: { score($0) < score($1) }) else { throw .unknown(file: name, columns: header.names) }
        let tied = fits.filter { score($0) == score(best) }
        guard tied.count == 1 else { throw .ambiguous(file: name, kinds: tied) }
        return best
    }
}
