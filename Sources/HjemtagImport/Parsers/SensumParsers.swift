import Foundation
import HjemtagCore

/// EG Sensum's four deliveries (shared/formats/README.md § 3): `;`, dates `dd-mm-yyyy` or
/// `dd-mm-yyyy HH-MM`, exact duplicate rows (skipped and counted). Each file is a full extract, so
/// a newer delivery of a kind replaces the older. Only what a rule needs is read: names,
/// addresses, phone numbers, e-mail, diagnoses, comments and notes are dropped here, before
/// anything reaches the store or a log.
enum SensumRow {
    /// A Sensum date, with or without its time of day.
    static func day(_ row: inout RowContext, _ column: String, required: Bool = false) -> Day? {
        guard let raw = required ? row.required(column) : row.text(column) else { return nil }
        let date = raw.count > 10 ? String(raw.prefix(10)) : raw
        guard let d = Day(parsing: date) else {
            row.problem(column, "'\(raw)' er ikke en dato (Sensum skriver dd-mm-åååå eller dd-mm-åååå tt-mm)")
            return nil
        }
        return d
    }

    /// A municipality written as a code or a name; nil when empty.
    static func municipality(_ row: inout RowContext, _ column: String) -> Int? { row.kommune(column)?.code }
}

/// Skips the exact duplicate rows some deliveries hold (Sensum's extracts, Ydelsesrefusion's
/// files), counting them under `reason`.
final class DuplicateRows: @unchecked Sendable {
    private let lock = NSLock()
    private var seen = Set<CSVRecord.Content>()
    let reason: String
    init(reason: String = "rækker, der gentager en tidligere række i filen") { self.reason = reason }

    func isRepeat(_ row: inout RowContext) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard seen.insert(row.record.content).inserted else {
            row.skipReason = reason
            return true
        }
        return false
    }
}

public struct SensumCitizenParser: RecordParser {
    public static let kind = ImportKind.sensumCitizens
    public static let requiredColumns = ["BorgerId", "CPR"]
    /// Every other column of the file (names, addresses, phone, e-mail, diagnoses, comments) is
    /// left unread.
    public static let knownColumns = requiredColumns + ["OpholdsKommuneNr", "OpholdsKommune"]
    let repeats = DuplicateRows()
    public init() {}

    public func parse(_ row: inout RowContext) -> Sensum.Citizen? {
        if repeats.isRepeat(&row) { return nil }
        let id = row.required("BorgerId")
        let cpr = row.cpr("CPR", required: true)
        let stay = SensumRow.municipality(&row, row.text("OpholdsKommuneNr") != nil ? "OpholdsKommuneNr" : "OpholdsKommune")
        guard row.problems.isEmpty, let id, let cpr else { return nil }
        return Sensum.Citizen(citizenID: id, cpr: cpr, residenceMunicipality: stay, line: row.line)
    }
}

public struct SensumCaseParser: RecordParser {
    public static let kind = ImportKind.sensumCases
    public static let requiredColumns = ["SagId", "BorgerId", "HandleKommune", "BetalingsKommune"]
    public static let knownColumns =
        requiredColumns + ["HenvendelsesDato", "AnsøgningModtagetDato", "SlutDato", "ForventetParagraf", "AfdelingNavn", "Status"]
    let repeats = DuplicateRows()
    public init() {}

    public func parse(_ row: inout RowContext) -> Sensum.Case? {
        if repeats.isRepeat(&row) { return nil }
        let id = row.required("SagId")
        let citizen = row.required("BorgerId")
        let acting = SensumRow.municipality(&row, "HandleKommune")
        let paying = SensumRow.municipality(&row, "BetalingsKommune")
        let opened = SensumRow.day(&row, "HenvendelsesDato") ?? SensumRow.day(&row, "AnsøgningModtagetDato")
        let closed = SensumRow.day(&row, "SlutDato")
        guard row.problems.isEmpty, let id, let citizen else { return nil }
        return Sensum.Case(
            caseID: id, citizenID: citizen, actingMunicipality: acting, payingMunicipality: paying, opened: opened, closed: closed,
            expectedSection: row.text("ForventetParagraf"), department: row.text("AfdelingNavn"), line: row.line)
    }
}

public struct SensumServiceParser: RecordParser {
    public static let kind = ImportKind.sensumServices
    public static let requiredColumns = ["IndsatsId", "SagId", "IndsatsParagraf", "IndsatsStartDato"]
    /// `VigtigeNotater` and `Afgørelse` are free text about the citizen: never read.
    public static let knownColumns =
        requiredColumns + [
            "Indsats", "LeverandørId", "IndsatsStatus", "IndsatsSlutDato", "IndsatskontoNummer", "StatsRefusionsKontoNummer",
        ]
    let repeats = DuplicateRows()
    public init() {}

    public func parse(_ row: inout RowContext) -> Sensum.Service? {
        if repeats.isRepeat(&row) { return nil }
        let id = row.required("IndsatsId")
        let caseID = row.required("SagId")
        let start = SensumRow.day(&row, "IndsatsStartDato", required: true)
        let end = SensumRow.day(&row, "IndsatsSlutDato")
        if let start, let end, end < start { row.problem("IndsatsSlutDato", "indsatsen slutter (\(end.danish)) før den begynder (\(start.danish))") }
        guard row.problems.isEmpty, let id, let caseID else { return nil }
        return Sensum.Service(
            serviceID: id, caseID: caseID, name: row.text("Indsats"), section: row.text("IndsatsParagraf"), providerID: row.text("LeverandørId"),
            status: row.text("IndsatsStatus"), start: start, end: end, account: row.text("IndsatskontoNummer"),
            refundAccount: row.text("StatsRefusionsKontoNummer"), line: row.line)
    }
}

public struct SensumProviderParser: RecordParser {
    public static let kind = ImportKind.sensumProviders
    public static let requiredColumns = ["LeverandørId", "LeverandørNavn"]
    public static let knownColumns = requiredColumns + ["LeverandørCVR", "LeverandørEjerskab", "LeverandørEgetAfMyndighed", "Aktiv"]
    let repeats = DuplicateRows()
    public init() {}

    public func parse(_ row: inout RowContext) -> Sensum.Provider? {
        if repeats.isRepeat(&row) { return nil }
        let id = row.required("LeverandørId")
        var own = false
        switch row.text("LeverandørEgetAfMyndighed").map(ColumnName.normalise) {
        case nil, "nej"?, "false"?, "0"?, "n"?: own = false
        case "ja", "true", "1", "j"?: own = true
        case let other?: row.problem("LeverandørEgetAfMyndighed", "'\(other)' er hverken ja eller nej")
        }
        guard row.problems.isEmpty, let id else { return nil }
        return Sensum.Provider(
            providerID: id, name: row.text("LeverandørNavn"), cvr: row.text("LeverandørCVR"), ownership: row.text("LeverandørEjerskab"),
            ownOffer: own, line: row.line)
    }
}
