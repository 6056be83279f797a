import Foundation
import HjemtagCore

/// What an import did: the archived import, the encoding it was read with, and the rows it
/// deliberately left out, by reason.
public struct ImportOutcome: Sendable {
    public var summary: ImportSummary
    public var encoding: TextEncoding
    public var skipped: [String: Int]
    /// What was done to stored rows, by kind (e.g. CPR numbers padded).
    public var notes: [String: Int] = [:]
    /// What the user should know although the file was accepted (it held no rows).
    public var warnings: [String] = []
    /// What was done after the import, in Danish (OS2bos payments matched to the ledger).
    public var followUp: [String] = []

    /// `"3 CPR-numre med 9 cifre rettet …"`, or nil.
    public var notesText: String? {
        notes.isEmpty ? nil : notes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }

    /// `"12 fiktive betalinger, 3 ikke betalt"`, or nil when nothing was skipped.
    public var skippedText: String? {
        skipped.isEmpty ? nil : skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }
}

/// Reads a file of one kind, validates every row, and stores it in one transaction — or
/// stores nothing and reports every problem.
public struct ImportRunner: Sendable {
    public static let batchSize = 1000
    /// How many problems are listed; the count covers them all.
    public static let problemListLimit = 500

    /// Told the number of rows written so far inside the import's open transaction, after each
    /// batch the store has taken (in file order, so the count only grows). Nothing is stored
    /// until the import ends; the count is what a long import has done, not what is kept.
    public typealias Progress = @Sendable (_ rowsWritten: Int) -> Void
    let progress: Progress?
    /// Under which configuration the postings also go into SDE's kept sums (`ImportMeta.sdeSums`).
    let sdeSums: SDEConfiguration?

    public init(progress: Progress? = nil, sdeSums: SDEConfiguration? = nil) {
        self.progress = progress
        self.sdeSums = sdeSums
    }

    /// Imports `file` as `kind`. `duplicatesReason` lets rows whose content is already stored
    /// in (they are refused without one), and is written to the audit log with the import.
    public func run(
        kind: ImportKind, file: URL, importedBy: String, into destination: any ImportDestination,
        displayName: String? = nil, duplicatesReason: String? = nil, mapping: ColumnMapping? = nil
    ) async throws -> ImportOutcome {
        let name = displayName ?? file.lastPathComponent
        let fingerprint = try FileFingerprint.compute(url: file)
        if let earlier = try await destination.findImport(sha256: fingerprint.sha256) {
            throw ImportError.alreadyImported(file: name, importID: earlier.id, importedAt: earlier.importedAt)
        }
        if kind == .os2bosPayments, name.lowercased().hasPrefix("expected_payments") {
            throw ImportError.invalidRows(
                [
                    ImportProblem(
                        file: name, line: 1, column: 1,
                        reason:
                            "filen er OS2bos' expected_payments: en prognose, der allerede rummer de bevilgede betalinger, ikke udgifter; importér granted_payments, og denne som prognose: hjemtag import os2bos-prognose \(name)"
                    )
                ], totalProblems: 1)
        }
        let reason = duplicatesReason?.trimmingCharacters(in: .whitespacesAndNewlines)
        let job = Job(
            file: file, name: name, fingerprint: fingerprint, importedBy: importedBy, duplicatesReason: reason?.isEmpty == true ? nil : reason,
            destination: destination, skipped: SkipCounter(), progress: progress, mappingName: mapping?.name, sdeSums: sdeSums)
        do {
            return try await run(kind: kind, job: job, mapping: mapping, name: name)
        } catch ImportError.invalidRows(let problems, let total) where problems.first?.line == 1 && mapping == nil {
            // A file of another kind given as this one: say what it looks like, and how to import it.
            guard let looks = try? FileRecognition.kind(of: file), looks != kind else {
                throw ImportError.invalidRows(problems, totalProblems: total)
            }
            let hint = ImportProblem(
                file: name, line: 1, column: 1,
                reason: "filen ligner \(looks.danishName), ikke \(kind.danishName); importér den med: hjemtag import \(looks.rawValue) \(name)")
            throw ImportError.invalidRows([hint] + problems, totalProblems: total + 1)
        }
    }

    func run(kind: ImportKind, job: Job, mapping: ColumnMapping?, name: String) async throws -> ImportOutcome {
        let summary: ImportSummary
        switch kind {
        case .postings:
            if let mapping {
                let problems = mapping.problems()
                guard problems.isEmpty else {
                    throw ImportError.invalidRows(
                        problems.map { ImportProblem(file: name, line: 1, column: 1, reason: "kortlægningen \(mapping.name): \($0)") },
                        totalProblems: problems.count)
                }
                summary = try await job.run(MappedPostingParser(mapping: mapping), wrap: RecordBatch.postings)
            } else {
                summary = try await job.run(PostingParser(), wrap: RecordBatch.postings)
            }
        case .os2bosPayments: summary = try await job.run(OS2bosPaymentParser(), wrap: RecordBatch.postings)
        case .prisme: summary = try await job.runPrisme()
        case .os2bosForecast: summary = try await job.run(OS2bosForecastParser(), key: { _ in nil }, wrap: RecordBatch.forecastPayments)
        case .yrNotice: summary = try await job.archiveOnly()
        case .households: summary = try await job.run(HouseholdParser(), wrap: RecordBatch.households)
        case .benefitPayments: summary = try await job.run(BenefitPaymentParser(), wrap: RecordBatch.benefitPayments)
        case .subsidisedEmployment: summary = try await job.run(SubsidisedPeriodParser(), wrap: RecordBatch.subsidisedPeriods)
        case .yrCalculation: summary = try await job.run(YRCalculationParser(), wrap: RecordBatch.yrRows)
        case .residence: summary = try await job.run(ResidenceParser(), wrap: RecordBatch.residence)
        case .incomingClaims: summary = try await job.run(IncomingClaimParser(), wrap: RecordBatch.incomingClaims)
        case .pensionGrants: summary = try await job.run(PensionGrantParser(), wrap: RecordBatch.pensionGrants)
        case .initiatives: summary = try await job.run(InitiativeParser(), wrap: RecordBatch.budgetRows)
        case .businessCase: summary = try await job.run(BusinessCaseParser(), wrap: RecordBatch.budgetRows)
        case .integration: summary = try await job.run(ResultGrantParser(), wrap: RecordBatch.integration)
        case .positiveList: summary = try await job.run(PositiveListParser(), wrap: RecordBatch.positiveList)
        case .vatRegistrations: summary = try await job.run(VATRegistrationParser(), wrap: RecordBatch.vatRegistrations)
        case .incomeBudget: summary = try await job.run(IncomeBudgetParser(), wrap: RecordBatch.budgetRows)
        // A Sensum file is a full extract: the newest of a kind replaces the older, so no content keys.
        case .sensumCitizens: summary = try await job.run(SensumCitizenParser(), wrap: RecordBatch.sensumCitizens)
        case .sensumCases: summary = try await job.run(SensumCaseParser(), wrap: RecordBatch.sensumCases)
        case .sensumServices: summary = try await job.run(SensumServiceParser(), wrap: RecordBatch.sensumServices)
        case .sensumProviders: summary = try await job.run(SensumProviderParser(), wrap: RecordBatch.sensumProviders)
        // The newest scenario file is the plan's list of cases: it replaces the one before.
        case .scenarioCases: summary = try await job.run(ScenarioCaseParser(), wrap: RecordBatch.scenarioCases)
        case .tariffs: summary = try await job.run(TariffParser(), wrap: RecordBatch.tariffs)
        case .internalUses: summary = try await job.run(InternalUseParser(), wrap: RecordBatch.internalUses)
        }
        var warnings: [String] = []
        if summary.rowCount == 0 {
            warnings.append(
                "filen har ingen rækker at gemme" + (job.skipped.counts.isEmpty ? " (kun en overskrift)" : "; alle rækker blev sprunget over"))
        }
        return ImportOutcome(
            summary: summary, encoding: job.fingerprint.encoding, skipped: job.skipped.counts, notes: job.skipped.noteCounts,
            warnings: warnings)
    }

    /// One file on its way in: what the parser and the store need to know about it.
    struct Job: Sendable {
        let file: URL
        let name: String
        let fingerprint: FileFingerprint
        let importedBy: String
        let duplicatesReason: String?
        let destination: any ImportDestination
        let skipped: SkipCounter
        let progress: Progress?
        var mappingName: String? = nil
        var sdeSums: SDEConfiguration? = nil

        /// What the store keeps with the file (the store sums only the kinds summed as stored).
        func importMeta(_ kind: ImportKind, separator: String, mappingName: String? = nil) -> ImportMeta {
            var meta = ImportMeta(
                kind: kind, fileName: name, fingerprint: fingerprint, importedBy: importedBy, separator: separator,
                duplicatesReason: duplicatesReason, mappingName: mappingName)
            meta.sdeSums = sdeSums
            return meta
        }

        /// A kind whose rows add to what is stored: each row gets its content key, for the
        /// duplicate check.
        func run<P: RecordParser>(_ parser: P, wrap: @escaping @Sendable ([P.Record]) -> RecordBatch) async throws -> ImportSummary
        where P.Record: ContentIdentified {
            try await run(parser, key: { $0.contentKey.stored }, wrap: wrap)
        }

        /// Prisme's fixed records: a day's export is small, so the file is read whole, checked, and
        /// written in batches in the import's one transaction.
        func runPrisme() async throws -> ImportSummary {
            let data = try Data(contentsOf: file)
            let parsed = PrismeParser.parse(text: fingerprint.encoding.decode(data), file: name)
            if !parsed.problems.isEmpty {
                throw ImportError.invalidRows(Array(parsed.problems.prefix(ImportRunner.problemListLimit)), totalProblems: parsed.problems.count)
            }
            for (reason, n) in parsed.skipped { for _ in 0..<n { skipped.add(reason) } }
            let meta = importMeta(.prisme, separator: "faste poster")
            let postings = parsed.postings
            return try await destination.performImport(meta: meta, file: file) { writer in
                for start in stride(from: 0, to: postings.count, by: ImportRunner.batchSize) {
                    let batch = Array(postings[start..<min(start + ImportRunner.batchSize, postings.count)])
                    try await writer.write(.postings(batch), rows: batch.map { RowOrigin(line: $0.line, key: $0.contentKey.stored) })
                }
                return postings.count
            }
        }

        /// A notice whose columns are not public: archived with its line count, no rows read.
        func archiveOnly() async throws -> ImportSummary {
            let data = try Data(contentsOf: file)
            let lines = data.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } + (data.last.map { $0 == 10 ? 0 : 1 } ?? 0)
            let meta = importMeta(.yrNotice, separator: "ikke læst")
            return try await destination.performImport(meta: meta, file: file) { _ in max(0, lines - 1) }
        }

        /// A kind a newer file replaces (budget tables, positive lists): no content keys.
        func run<P: RecordParser>(_ parser: P, wrap: @escaping @Sendable ([P.Record]) -> RecordBatch) async throws -> ImportSummary {
            try await run(parser, key: { _ in nil }, wrap: wrap)
        }

        func run<P: RecordParser>(
            _ parser: P, key: @escaping @Sendable (P.Record) -> Int64?, wrap: @escaping @Sendable ([P.Record]) -> RecordBatch
        ) async throws -> ImportSummary {
            let reader = try CSVReader(url: file, encoding: fingerprint.encoding)
            let meta = importMeta(P.kind, separator: reader.separatorName, mappingName: mappingName)
            let box = ReaderBox(reader: reader, name: name)
            let (skipped, progress) = (skipped, progress)
            return try await destination.performImport(meta: meta, file: file) { writer in
                try await box.consume(parser, writer: writer, skipped: skipped, progress: progress, key: key, wrap: wrap)
            }
        }
    }
}

/// Holds the non-Sendable reader for the one task that drives the import.
private final class ReaderBox: @unchecked Sendable {
    let reader: CSVReader
    let name: String
    init(reader: CSVReader, name: String) {
        self.reader = reader
        self.name = name
    }

    func consume<P: RecordParser>(
        _ parser: P, writer: any ImportWriter, skipped: SkipCounter, progress: ImportRunner.Progress?,
        key: (P.Record) -> Int64?, wrap: ([P.Record]) -> RecordBatch
    ) async throws -> Int {
        var problems: [ImportProblem] = []
        var problemCount = 0
        func note(_ p: [ImportProblem]) {
            problemCount += p.count
            for x in p where problems.count < ImportRunner.problemListLimit { problems.append(x) }
        }
        let firstRecord: CSVRecord?
        do {
            firstRecord = try reader.next()
        } catch let p as ImportProblem {
            throw ImportError.invalidRows([p], totalProblems: 1) // a broken header line is a refusal like any other
        }
        guard let headerRecord = firstRecord else {
            throw ImportError.invalidRows([ImportProblem(file: name, line: 1, column: 1, reason: "filen er tom")], totalProblems: 1)
        }
        let header = CSVHeader(fields: headerRecord.fields)
        let missing = parser.requiredHeader.filter { header.position(of: $0) == nil }
        if !missing.isEmpty {
            let p = missing.map {
                ImportProblem(
                    file: name, line: headerRecord.line, column: header.names.count + 1, columnName: $0,
                    reason: "kolonnen mangler i overskriften (fundet: \(header.names.joined(separator: ", ")); separator: \(reader.separatorName))")
            }
            throw ImportError.invalidRows(p, totalProblems: p.count)
        }
        var batch: [P.Record] = []
        var origins: [RowOrigin] = []
        batch.reserveCapacity(ImportRunner.batchSize)
        origins.reserveCapacity(ImportRunner.batchSize)
        var rows = 0
        var ahead = WriteAhead(writer: writer, progress: progress)
        do {
            while true {
                let record: CSVRecord
                do {
                    guard let r = try reader.next() else { break }
                    record = r
                } catch let p as ImportProblem {
                    note([p])
                    break // the rest of the file cannot be split into rows reliably
                }
                if record.count != header.names.count {
                    note([
                        ImportProblem(
                            file: name, line: record.line, column: min(record.count, header.names.count) + 1,
                            reason: "rækken har \(record.count) felter, men overskriften har \(header.names.count)")
                    ])
                    continue
                }
                var ctx = RowContext(file: name, header: header, record: record)
                let parsed = parser.parse(&ctx)
                if !ctx.problems.isEmpty {
                    note(ctx.problems)
                    continue
                }
                if let reason = ctx.skipReason {
                    skipped.add(reason)
                    continue
                }
                for n in Set(ctx.notes) { skipped.note(n) }
                guard let parsed else { continue }
                rows += 1
                // After the first problem, keep validating but stop writing: the transaction will roll back.
                guard problemCount == 0 else { continue }
                batch.append(parsed)
                origins.append(RowOrigin(line: record.line, key: key(parsed)))
                if batch.count == ImportRunner.batchSize {
                    try await ahead.write(wrap(batch), rows: origins)
                    batch.removeAll(keepingCapacity: true)
                    origins.removeAll(keepingCapacity: true)
                }
            }
            if problemCount > 0 { throw ImportError.invalidRows(problems, totalProblems: problemCount) }
            if !batch.isEmpty { try await ahead.write(wrap(batch), rows: origins) }
            try await ahead.finish()
        } catch {
            await ahead.abandon()
            throw error
        }
        return rows
    }
}

/// Writes batches while the next are read: the database works on one core while the file is
/// parsed on the other. Batches are written in file order, one at a time; the reader may be up to
/// `depth` batches ahead, so a batch that parses slowly or writes slowly does not stall the other
/// side (with one batch in flight each side waited a third of the time). Each batch is prepared
/// (`ImportWriter.prepare`) as soon as it is handed over, before it waits for the one before.
private struct WriteAhead {
    let writer: any ImportWriter
    let progress: ImportRunner.Progress?
    /// Batches handed over and not yet written, oldest first; each waits for the one before.
    private var inFlight: [Task<Void, any Error>] = []
    /// Rows handed over so far; a batch reports the total up to and including itself once written.
    private var handedOver = 0
    static let depth = 3

    init(writer: any ImportWriter, progress: ImportRunner.Progress?) {
        self.writer = writer
        self.progress = progress
    }

    /// Waits while `depth` batches are in flight (and reports an error of the oldest), then hands
    /// this one over: it is written after the batch before it.
    mutating func write(_ batch: RecordBatch, rows: [RowOrigin]) async throws {
        if inFlight.count == WriteAhead.depth { try await inFlight.removeFirst().value }
        handedOver += batch.count
        let writer = writer
        let before = inFlight.last
        let progress = progress
        let total = handedOver
        inFlight.append(
            Task {
                let prepared = try writer.prepare(batch, rows: rows)
                try await before?.value
                try await prepared.run()
                progress?(total)
            })
    }

    /// Waits for the last batch.
    mutating func finish() async throws {
        let last = inFlight.last
        inFlight = []
        try await last?.value
    }

    /// On the way out after an error: a write still running must end before the transaction does.
    mutating func abandon() async {
        _ = try? await finish()
    }
}

/// Counts rows left out on purpose, by reason.
final class SkipCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var table: [String: Int] = [:]
    private var notes: [String: Int] = [:]
    func add(_ reason: String) {
        lock.lock()
        table[reason, default: 0] += 1
        lock.unlock()
    }
    func note(_ what: String) {
        lock.lock()
        notes[what, default: 0] += 1
        lock.unlock()
    }
    var counts: [String: Int] {
        lock.lock()
        defer { lock.unlock() }
        return table
    }
    var noteCounts: [String: Int] {
        lock.lock()
        defer { lock.unlock() }
        return notes
    }
}
