import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore

/// Measurements that print their figures; the scripts in Benchmarks/ run them next to a peer.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Måler import og beregninger og skriver tid, rækker pr. sekund og maksimal hukommelse.",
        subcommands: [ImportBench.self, SDEBench.self, StaircaseBench.self])

    static func peakMemoryMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024 // Linux reports KiB
    }

    /// Streams a file through the same parser its import uses, straight into a calculation
    /// (no database), on every core: the file is cut into byte ranges at line starts, each range
    /// feeds its own accumulator, and the accumulators are added up. Any invalid row stops the
    /// measurement: a benchmark on refused data says nothing.
    static func stream<P: RecordParser, A: Sendable>(
        _ url: URL, _ parser: P, into make: @escaping @Sendable () throws -> A,
        add: @escaping @Sendable (inout A, P.Record) -> Void, merge: (inout A, A) -> Void,
        parts cores: Int = ProcessInfo.processInfo.activeProcessorCount, minimumBytes: UInt64 = 16 << 20
    ) async throws -> (A, rows: Int) {
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? UInt64 ?? 0
        let name = url.lastPathComponent
        let parts: [Part<A>]
        // Guess that the file is UTF-8 without quotes, as machine-written ledgers are, and read its
        // parts at once; a part that meets a quote or a byte that is not UTF-8 says so, and then
        // the file is scanned and read again the safe way. The guess saves a pass over the file.
        if let cuts = try CSVReader.ranges(of: url, parts: cores, minimumBytes: minimumBytes),
            let guessed = try await streamParts(
                url, parser, ranges: cuts, encoding: try startsWithBOM(url) ? .utf8BOM : .utf8, guessing: true, into: make, add: add),
            !guessed.contains(where: \.unsafe)
        {
            parts = guessed
        } else {
            let cuts = try CSVReader.ranges(of: url, parts: cores, minimumBytes: minimumBytes) ?? [0..<size]
            let scan = try await FileScan.scan(url: url, ranges: cuts)
            parts =
                try await streamParts(
                    url, parser, ranges: scan.hasQuote ? [0..<size] : cuts, encoding: scan.encoding, guessing: false, into: make, add: add) ?? []
        }
        let invalid = parts.reduce(0) { $0 + $1.invalid }
        guard invalid == 0 else {
            throw UserFacingError(
                message: "\(invalid) rækker i \(name) er ugyldige; kør hjemtag import \(P.kind.rawValue) for at se dem", exitCode: 65)
        }
        guard var total = parts.first?.accumulator else { throw UserFacingError(message: "\(name) er tom", exitCode: 65) }
        for part in parts.dropFirst() { merge(&total, part.accumulator) }
        if parts.count > 1 { say("Læst i \(parts.count) dele på \(cores) kerner.") }
        return (total, parts.reduce(0) { $0 + $1.rows })
    }

    struct Part<A: Sendable>: Sendable {
        var index: Int, accumulator: A, rows: Int, invalid: Int
        /// The part met what reading in parts must not (`CSVReader.sawQuote`, `sawNonUTF8`).
        var unsafe: Bool
    }

    static func startsWithBOM(_ url: URL) throws -> Bool {
        let h = try FileHandle(forReadingFrom: url)
        defer { try? h.close() }
        return try h.read(upToCount: 3) == Data([0xEF, 0xBB, 0xBF])
    }

    /// Each range read by its own reader into its own accumulator, at once; in file order. When
    /// `guessing`, a part the reader cannot split (a quoted newline cut in two) is unsafe, not an error.
    static func streamParts<P: RecordParser, A: Sendable>(
        _ url: URL, _ parser: P, ranges: [Range<UInt64>], encoding: TextEncoding, guessing: Bool,
        into make: @escaping @Sendable () throws -> A, add: @escaping @Sendable (inout A, P.Record) -> Void
    ) async throws -> [Part<A>]? {
        let first = try CSVReader(url: url, encoding: encoding)
        guard let headerRecord = try first.next() else { return nil }
        let headerFields = headerRecord.fields
        let separator = first.separator
        let name = url.lastPathComponent
        return try await withThrowingTaskGroup(of: Part<A>.self) { group in
            for (index, range) in ranges.enumerated() {
                group.addTask {
                    let reader = try CSVReader(url: url, encoding: encoding, separator: separator, range: range)
                    if index == 0 { _ = try reader.next() } // the header
                    // A header object per part: the parser keeps its facts in it, and two cores
                    // sharing one object wrote its reference count in turn on every row.
                    let header = CSVHeader(fields: headerFields)
                    var accumulator = try make()
                    var rows = 0
                    var invalid = 0
                    do {
                        while let record = try reader.next() {
                            var ctx = RowContext(file: name, header: header, record: record)
                            if let r = parser.parse(&ctx) {
                                add(&accumulator, r)
                                rows += 1
                            } else {
                                invalid += 1
                            }
                        }
                    } catch is ImportProblem where guessing {
                        return Part(index: index, accumulator: accumulator, rows: rows, invalid: invalid, unsafe: true)
                    }
                    return Part(index: index, accumulator: accumulator, rows: rows, invalid: invalid, unsafe: reader.sawQuote || reader.sawNonUTF8)
                }
            }
            var done: [Part<A>] = []
            for try await part in group { done.append(part) }
            return done.sorted { $0.index < $1.index }
        }
    }

    static func report(_ what: String, rows: Int, seconds: Double) {
        say(
            String(
                format: "%@: %d rækker på %.2f s = %.0f rækker/s; maks. hukommelse %.0f MiB", what, rows, seconds, Double(rows) / seconds,
                peakMemoryMiB()))
    }

    struct ImportBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "Importerer en posteringsfil i en ny database og måler.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Posteringsfilen.") var file: String

        func run() async throws {
            let started = Date()
            let outcome = try await withStore(global, migrated: true) { store in
                // As `hjemtag import` does it: SDE's sums kept as the rows are written.
                try await ImportRunner(sdeSums: try await SDEService(store: store).configurationIfSet()).run(
                    kind: .postings, file: URL(fileURLWithPath: file), importedBy: cliUser, into: store)
            }
            Bench.report(
                "import (\(global.location.hasPrefix("postgres") ? "PostgreSQL" : "SQLite"))", rows: outcome.summary.rowCount,
                seconds: Date().timeIntervalSince(started))
        }
    }

    struct SDEBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sde", abstract: "Beregner SDE direkte fra en posteringsfil (uden database) og måler.")
        @Argument(help: "Posteringsfilen.") var file: String
        @Option(name: .customLong("year"), help: "Året.") var year: Int
        @Option(help: "Egen kommunekode.") var kommune = 101

        func run() async throws {
            let started = Date()
            let url = URL(fileURLWithPath: file)
            let (year, kommune) = (year, kommune)
            let parameters = try ParameterSet.bundled()
            // Every field validated; the free texts SDE never reads are not kept.
            let (calc, rows) = try await Bench.stream(
                url, PostingParser(keepsText: false),
                into: {
                    try SDECalculator(year: year, configuration: SDEConfiguration(ownMunicipality: kommune), parameters: parameters)
                }, add: { $0.add($1) }, merge: { $0.merge($1) })
            let result = try calc.result()
            let seconds = Date().timeIntervalSince(started)
            say("SDE \(year): refusion \(result.totalRefund.plain) for \(result.subjects.filter { $0.refund != .zero }.count) emner")
            Bench.report("sde", rows: rows, seconds: seconds)
        }
    }

    struct StaircaseBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trappe", abstract: "Beregner refusionstrappen direkte fra en ydelsesfil (uden database) og måler.")
        @Argument(help: "Ydelsesfilen.") var file: String
        @Option(name: .customLong("year"), help: "Året.") var year: Int

        func run() async throws {
            let started = Date()
            let url = URL(fileURLWithPath: file)
            let (from, to) = (Day(year: year, month: 1, day: 1)!, Day(year: year, month: 12, day: 31)!)
            let parameters = try ParameterSet.bundled()
            let (calc, rows) = try await Bench.stream(
                url, BenefitPaymentParser(),
                into: {
                    try StaircaseCalculator(from: from, to: to, parameters: parameters)
                }, add: { $0.add($1) }, merge: { $0.merge($1) })
            let t = calc.totals()
            say("Trappe \(year): refusion \(t.refund.plain), medfinansiering \(t.coFinancing.plain), \(t.personWeeks) personuger")
            Bench.report("trappe", rows: rows, seconds: Date().timeIntervalSince(started))
        }
    }
}
