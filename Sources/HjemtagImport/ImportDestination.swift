import Foundation
import HjemtagCore

/// Facts about an import, recorded with the archived file.
public struct ImportMeta: Sendable {
    public var kind: ImportKind
    public var fileName: String
    public var fingerprint: FileFingerprint
    public var importedBy: String
    public var separator: String
    /// Why rows already stored are imported again; nil refuses such rows (`ImportError.duplicateRows`).
    public var duplicatesReason: String?
    /// The saved column mapping the file was read through, if any.
    public var mappingName: String?
    /// The SDE configuration under which a ledger file's postings are added to SDE's kept sums
    /// as they are written (decision 0010); nil leaves them to the next computation.
    public var sdeSums: SDEConfiguration?

    public init(
        kind: ImportKind, fileName: String, fingerprint: FileFingerprint, importedBy: String, separator: String,
        duplicatesReason: String? = nil, mappingName: String? = nil
    ) {
        self.kind = kind
        self.fileName = fileName
        self.fingerprint = fingerprint
        self.importedBy = importedBy
        self.separator = separator
        self.duplicatesReason = duplicatesReason
        self.mappingName = mappingName
    }
}

/// Where a record came from: its line in the file, and the content key the store keeps for
/// finding it again (`ContentKey`; nil for the kinds a newer file replaces).
public struct RowOrigin: Sendable, Hashable {
    public var line: Int
    public var key: Int64?
    public init(line: Int, key: Int64?) {
        self.line = line
        self.key = key
    }
}

/// A chunk of parsed records on its way into the store.
public enum RecordBatch: Sendable {
    case postings([Posting])
    case households([HouseholdMembership])
    case benefitPayments([BenefitPayment])
    case subsidisedPeriods([SubsidisedPeriod])
    case yrRows([YRRow])
    case residence([ResidenceEpisode])
    case incomingClaims([IncomingClaim])
    case pensionGrants([PensionGrant])
    case budgetRows([BudgetRow])
    case integration([IntegrationRow])
    case positiveList([PositiveListEntry])
    case vatRegistrations([VATRegistration])
    /// OS2bos's expected payments (`os2bos-prognose`): kept apart from the ledger.
    case forecastPayments([Posting])
    case sensumCitizens([Sensum.Citizen])
    case sensumCases([Sensum.Case])
    case sensumServices([Sensum.Service])
    case sensumProviders([Sensum.Provider])
    case scenarioCases([ScenarioCase])
    case tariffs([Tariff])
    case internalUses([InternalUse])

    public var count: Int {
        switch self {
        case .postings(let p): return p.count
        case .households(let h): return h.count
        case .benefitPayments(let b): return b.count
        case .subsidisedPeriods(let s): return s.count
        case .yrRows(let y): return y.count
        case .residence(let r): return r.count
        case .incomingClaims(let c): return c.count
        case .pensionGrants(let g): return g.count
        case .budgetRows(let b): return b.count
        case .integration(let i): return i.count
        case .positiveList(let p): return p.count
        case .vatRegistrations(let v): return v.count
        case .forecastPayments(let x): return x.count
        case .sensumCitizens(let x): return x.count
        case .sensumCases(let x): return x.count
        case .sensumServices(let x): return x.count
        case .sensumProviders(let x): return x.count
        case .scenarioCases(let x): return x.count
        case .tariffs(let x): return x.count
        case .internalUses(let x): return x.count
        }
    }
}

/// Writes records inside the import's transaction.
public protocol ImportWriter: Sendable {
    /// `rows` holds, for each record in order, the file line it came from (what a duplicate or a
    /// later question about the row names) and its content key, worked out on the reading core.
    func write(_ batch: RecordBatch, rows: [RowOrigin]) async throws
    /// The part of a batch's write that needs no earlier batch written (making the store's rows
    /// of the records), done as soon as the batch is read, beside the writes of the batches
    /// before it; what it returns is run in file order, one batch at a time. The database is
    /// the import's one serial step, and on it the making of the rows was a tenth of its time.
    /// By default nothing is done ahead.
    func prepare(_ batch: RecordBatch, rows: [RowOrigin]) throws -> PreparedWrite
}

/// What is left of a batch's write once prepared (`ImportWriter.prepare`).
public struct PreparedWrite: Sendable {
    public let run: @Sendable () async throws -> Void
    public init(_ run: @escaping @Sendable () async throws -> Void) { self.run = run }
}

extension ImportWriter {
    public func prepare(_ batch: RecordBatch, rows: [RowOrigin]) throws -> PreparedWrite {
        PreparedWrite { try await write(batch, rows: rows) }
    }
}

/// The store's side of an import: one transaction around the whole file. If `body` throws,
/// nothing is stored; otherwise the records, the archived file and its fingerprint are
/// committed together.
public protocol ImportDestination: Sendable {
    func performImport(
        meta: ImportMeta, file: URL,
        _ body: @Sendable (any ImportWriter) async throws -> Int
    ) async throws -> ImportSummary
    func findImport(sha256: String) async throws -> ImportSummary?
}

/// One archived import, as listed by `hjemtag imports`.
public struct ImportSummary: Sendable, Codable, Hashable {
    public var id: Int
    public var kind: String
    public var fileName: String
    public var sha256: String
    public var size: Int
    public var rowCount: Int
    public var importedBy: String
    public var importedAt: String
    public var encoding: String
    /// The first and last day the import's rows carry: postings' dates and periods, benefit
    /// payments' periods and payment days, subsidised jobs' periods, YR's weeks and file dates;
    /// nil for an import of other rows, or one made before the store kept it.
    public var days: DateRange?

    public init(
        id: Int, kind: String, fileName: String, sha256: String, size: Int, rowCount: Int,
        importedBy: String, importedAt: String, encoding: String, days: DateRange? = nil
    ) {
        self.id = id
        self.kind = kind
        self.fileName = fileName
        self.sha256 = sha256
        self.size = size
        self.rowCount = rowCount
        self.importedBy = importedBy
        self.importedAt = importedAt
        self.encoding = encoding
        self.days = days
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, sha256, size, encoding, days
        case fileName = "file_name"
        case rowCount = "row_count"
        case importedBy = "imported_by"
        case importedAt = "imported_at"
    }
}
