import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore

/// A piece of work that may take long: a file imported, a scheme computed. The web runs it as a
/// background job with a page of its own, the robot in its nightly pass and the CLI in the
/// terminal; all three through `Jobs`, so they cannot import or compute differently.
public enum JobWork: Sendable, Equatable {
    /// `mapping` names a saved column mapping the ledger file is read through.
    case importFile(ImportKind, file: URL, name: String, duplicatesReason: String?, mapping: String? = nil)
    case compute(Scheme, year: Int?)
    /// One pass of the robot over its inbox, as the nightly pass runs it.
    case robotPass(inbox: URL)

    /// What the job is called on the job page, in Danish.
    public var title: String {
        switch self {
        case .importFile(let kind, _, let name, _, let mapping):
            return "Import af \(name) (\(kind.rawValue)\(mapping.map { ", kortlægning \($0)" } ?? ""))"
        case .compute(let scheme, let year): return "Beregning: \(scheme.title)" + (year.map { " \($0)" } ?? "")
        case .robotPass: return "Robottens kørsel"
        }
    }

    /// The schemes a job can compute; the budget is entered and imported, not computed.
    public static let computable: [Scheme] = [.sde, .staircase, .intermunicipal, .resultGrant, .vat]

    /// Whether a scheme is computed a year at a time (SDE, the YR reconciliation); the others
    /// are computed over all their data at once.
    public static func isPerYear(_ scheme: Scheme) -> Bool { scheme == .sde || scheme == .staircase }
}

/// What a finished job says: its result in Danish lines, the warnings beside it, and for an
/// import the outcome itself (the CLI prints its encoding and the rows skipped).
public struct JobOutcome: Sendable {
    public var lines: [String]
    public var warnings: [String] = []
    public var imported: ImportOutcome?
}

/// Why a job could not start.
public enum JobError: Error, CustomStringConvertible, Sendable, Equatable {
    case notComputable(Scheme)
    case yearMissing(Scheme)

    public var description: String {
        switch self {
        case .notComputable(let s): return "\(s.title) beregnes ikke; budgettet indtastes og importeres."
        case .yearMissing(let s): return "\(s.title) beregnes for et år: angiv året."
        }
    }
}

/// Runs a job's work against the store for one user. `origin` is where it was started (a web
/// page, `robot`, `cli`), written to the audit log with a refused import.
public struct Jobs: Sendable {
    let store: any Store
    let user: String
    let origin: String
    let today: Day

    public init(store: any Store, user: String, origin: String, today: Day) {
        self.store = store
        self.user = user
        self.origin = origin
        self.today = today
    }

    public func run(_ work: JobWork, progress: JobProgress = JobProgress()) async throws -> JobOutcome {
        switch work {
        case .importFile(let kind, let file, let name, let reason, let mappingName):
            var mapping: ColumnMapping?
            if let n = mappingName {
                guard let m = try await store.mapping(named: n) else { throw MappingError.unknown(n) }
                mapping = m
            }
            let outcome = try await importFile(kind, file: file, name: name, duplicatesReason: reason, mapping: mapping, progress: progress)
            let s = outcome.summary
            var lines = ["\(s.fileName): \(DanishFormat.count(s.rowCount, "række", "rækker")) importeret (import nr. \(s.id))."]
            if let skipped = outcome.skippedText { lines.append("Sprunget over: \(skipped).") }
            if let notes = outcome.notesText { lines.append("Bemærk: \(notes).") }
            lines += outcome.followUp.map { $0 + "." }
            return JobOutcome(lines: lines, warnings: outcome.warnings.map { "Advarsel: \($0)." }, imported: outcome)
        case .compute(let scheme, let year):
            return JobOutcome(lines: [try await compute(scheme, year: year, progress: progress)])
        case .robotPass(let inbox):
            progress.phase("tager filer ind og beregner ordningerne")
            let report = try await RobotService(store: store).run(inbox: inbox, today: today, by: user)
            let files = report.filer.map { f in
                "\(f.fil): \(f.status)" + (f.status == "importeret" ? " (\(DanishFormat.count(f.raekker, "række", "rækker")))" : "")
                    + (f.fejl.first.map { "; \($0)" } ?? "")
            }
            let schemes = report.ordninger.map { r in
                "\(Scheme(rawValue: r.ordning)?.title ?? r.ordning)" + (r.aar.map { " \($0)" } ?? "") + ": \(r.status)"
                    + (r.status == "beregnet" ? " (\(r.nye_fund) nye, \(r.aendrede_fund) ændrede, \(r.lukkede_fund) lukkede fund)" : "")
                    + (r.fejl.map { "; \($0)" } ?? "")
            }
            return JobOutcome(
                lines: (files.isEmpty ? ["Ingen nye filer i indbakken."] : files) + schemes,
                warnings: report.ordninger.contains { $0.status == "fejl" } ? ["Advarsel: en eller flere ordninger kunne ikke beregnes."] : [])
        }
    }

    /// Imports one file all-or-nothing; a refusal is written to the audit log before it is thrown.
    public func importFile(
        _ kind: ImportKind, file: URL, name: String, duplicatesReason: String? = nil, mapping: ColumnMapping? = nil,
        progress: JobProgress = JobProgress()
    ) async throws -> ImportOutcome {
        progress.phase("læser og gemmer rækker")
        do {
            let earlier = try await yrFileCheck(kind, name: name)
            let sdeSums = ImportKind.summedAsStored.contains(kind) ? try await SDEService(store: store).configurationIfSet() : nil
            var outcome = try await ImportRunner(progress: { progress.rows($0) }, sdeSums: sdeSums).run(
                kind: kind, file: file, importedBy: user, into: store, displayName: name,
                duplicatesReason: duplicatesReason ?? (kind == .os2bosPayments ? Self.os2bosRepeats : nil), mapping: mapping)
            // An OS2bos report or a Prisme file is small: matched at once, so the answer says what
            // became of its payments. A large ledger file is matched before the next computation.
            if kind == .os2bosPayments || kind == .prisme {
                progress.phase("matcher OS2bos-betalinger med bogføringen")
                let summary = try await PaymentMatchService(store: store, today: today).refresh()
                if !summary.isEmpty { outcome.followUp.append(summary.text) }
            }
            if let earlier, let this = YRFileName(name), let gap = Self.sequenceGap(this, after: earlier) {
                outcome.warnings.append(gap)
            }
            return outcome
        } catch let e as ImportError {
            try await store.appendAudit(username: user, action: .importRefused, page: origin, purpose: "\(kind.rawValue): \(name): \(e.summary)")
            throw e
        }
    }

    /// OS2bos's report is a snapshot of the current year and the two before: each new report repeats
    /// the payments of the last. They are taken in with this reason (kept with the import and in the
    /// audit log), and the matching reads each payment from its newest row only.
    static let os2bosRepeats =
        "en nyere OS2bos-betalingsrapport gentager betalinger fra den forrige; den nyeste række for hver betaling gælder"

    /// A Ydelsesrefusion file names its municipality, running number and delivery date: one for
    /// another municipality is refused; the earlier files of its series are returned for the gap check.
    func yrFileCheck(_ kind: ImportKind, name: String) async throws -> [YRFileName]? {
        guard kind == .yrCalculation || kind == .yrNotice, let file = YRFileName(name) else { return nil }
        if let own = try await store.ownMunicipality(), own.code != file.municipality {
            let other = Kommune.byCode(file.municipality).map { "\($0.name) (\($0.codeText))" } ?? String(file.municipality)
            throw ImportError.invalidRows(
                [
                    ImportProblem(
                        file: name, line: 1, column: 1,
                        reason:
                            "filnavnet siger, at filen er til \(other), men databasen hører til \(own.name) (\(own.codeText)); den importeres ikke")
                ], totalProblems: 1)
        }
        return try await store.imports().compactMap { YRFileName($0.fileName) }.filter { $0.isNotice == file.isNotice }
    }

    /// "løbenummer 0051-0052 mangler" when the new file's running number skips some after the
    /// highest earlier one, or fills none of the holes before it.
    static func sequenceGap(_ file: YRFileName, after earlier: [YRFileName]) -> String? {
        let numbers = Set(earlier.map(\.sequence))
        guard let highest = numbers.max(), file.sequence > highest + 1 else { return nil }
        let missing = (highest + 1)..<file.sequence
        let text = missing.count == 1 ? zeroPad(missing.lowerBound, 4) : "\(zeroPad(missing.lowerBound, 4))-\(zeroPad(missing.upperBound - 1, 4))"
        return
            "Ydelsesrefusions løbenummer \(text) mangler mellem den seneste fil (\(zeroPad(highest, 4))) og denne (\(zeroPad(file.sequence, 4))); hent de manglende filer fra Serviceplatformen"
    }

    /// Computes a scheme (for a year where it has one), stores its results and findings, and
    /// says what came out.
    @discardableResult
    public func compute(_ scheme: Scheme, year: Int?, progress: JobProgress = JobProgress()) async throws -> String {
        progress.phase("beregner")
        switch scheme {
        case .sde:
            guard let year else { throw JobError.yearMissing(scheme) }
            let (run, subjects, findings) = try await SDEService(store: store, progress: progress, today: today).run(year: year, by: user)
            return "\(scheme.title) \(year): refusion \(run.totalRefund.danishKroner), "
                + "\(DanishFormat.count(subjects.count, "emne", "emner")), \(DanishFormat.count(findings.count, "fund", "fund"))."
        case .staircase:
            guard let year else { throw JobError.yearMissing(scheme) }
            let service = StaircaseService(store: store)
            let (_, lines, _) = try await service.reconcile(year: year)
            progress.persons(Set(lines.map(\.cpr)).count)
            progress.phase("gemmer fund")
            let findings = try await service.storeFindings(lines, year: year, by: user)
            return "Afstemning med Ydelsesrefusion \(year): \(DanishFormat.count(lines.count, "linje", "linjer")), "
                + "\(DanishFormat.count(findings.count, "fund", "fund"))."
        case .intermunicipal:
            let a = try await IntermunicipalService(store: store).run(by: user, today: today)
            progress.persons(a.persons.count)
            return "\(scheme.title): \(DanishFormat.count(a.persons.count, "borger", "borgere")), "
                + "\(DanishFormat.count(a.outgoing.count, "krav ud", "krav ud")), \(DanishFormat.count(a.incoming.count, "krav ind", "krav ind"))."
        case .resultGrant:
            let persons = try await ResultGrantService(store: store).run(by: user, today: today)
            progress.persons(persons.count)
            return "\(scheme.title): \(DanishFormat.count(persons.count, "borger", "borgere")) gennemgået."
        case .vat:
            let findings = try await VATService(store: store).run(by: user, today: today)
            return "\(scheme.title): \(DanishFormat.count(findings.count, "fund", "fund"))."
        case .budget:
            throw JobError.notComputable(scheme)
        }
    }
}
