import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagImport
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
    /// (no database). Any invalid row stops the measurement: a benchmark on refused data says nothing.
    static func stream<P: RecordParser>(_ url: URL, _ parser: P, _ body: (P.Record) -> Void) throws -> Int {
        let reader = try CSVReader(url: url, encoding: try FileFingerprint.compute(url: url).encoding)
        let header = CSVHeader(fields: try reader.next()?.fields ?? [])
        let name = url.lastPathComponent
        var rows = 0, invalid = 0
        while let record = try reader.next() {
            var ctx = RowContext(file: name, header: header, record: record)
            if let r = parser.parse(&ctx) { body(r); rows += 1 } else { invalid += 1 }
        }
        guard invalid == 0 else {
            throw UserFacingError(message: "\(invalid) rækker i \(name) er ugyldige; kør hjemtag import \(P.kind.rawValue) for at se dem", exitCode: 65)
        }
        return rows
    }

    static func report(_ what: String, rows: Int, seconds: Double) {
        say(String(format: "%@: %d rækker på %.2f s = %.0f rækker/s; maks. hukommelse %.0f MiB", what, rows, seconds, Double(rows) / seconds, peakMemoryMiB()))
    }

    struct ImportBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "Importerer en posteringsfil i en ny database og måler.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Posteringsfilen.") var file: String

        func run() async throws {
            let started = Date()
            let outcome = try await withStore(global, migrated: true) { store in
                try await ImportRunner().run(kind: .postings, file: URL(fileURLWithPath: file), importedBy: cliUser, into: store)
            }
            Bench.report("import (\(global.location.hasPrefix("postgres") ? "PostgreSQL" : "SQLite"))", rows: outcome.summary.rowCount, seconds: Date().timeIntervalSince(started))
        }
    }

    struct SDEBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "sde", abstract: "Beregner SDE direkte fra en posteringsfil (uden database) og måler.")
        @Argument(help: "Posteringsfilen.") var file: String
        @Option(name: .customLong("year"), help: "Året.") var year: Int
        @Option(help: "Egen kommunekode.") var kommune = 101

        func run() async throws {
            let started = Date()
            let url = URL(fileURLWithPath: file)
            var calc = try SDECalculator(year: year, configuration: SDEConfiguration(ownMunicipality: kommune), parameters: try ParameterSet.bundled())
            let rows = try Bench.stream(url, PostingParser()) { calc.add($0) }
            let result = try calc.result()
            let seconds = Date().timeIntervalSince(started)
            say("SDE \(year): refusion \(result.totalRefund.plain) for \(result.subjects.filter { $0.refund != .zero }.count) emner")
            Bench.report("sde", rows: rows, seconds: seconds)
        }
    }

    struct StaircaseBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "trappe", abstract: "Beregner refusionstrappen direkte fra en ydelsesfil (uden database) og måler.")
        @Argument(help: "Ydelsesfilen.") var file: String
        @Option(name: .customLong("year"), help: "Året.") var year: Int

        func run() async throws {
            let started = Date()
            let url = URL(fileURLWithPath: file)
            var calc = try StaircaseCalculator(from: Day(year: year, month: 1, day: 1)!, to: Day(year: year, month: 12, day: 31)!, parameters: try ParameterSet.bundled())
            let rows = try Bench.stream(url, BenefitPaymentParser()) { calc.add($0) }
            let t = calc.totals()
            say("Trappe \(year): refusion \(t.refund.plain), medfinansiering \(t.coFinancing.plain), \(t.personWeeks) personuger")
            Bench.report("trappe", rows: rows, seconds: Date().timeIntervalSince(started))
        }
    }
}
