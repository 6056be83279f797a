import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore

/// `hjemtag rapport styregruppe`: the steering group's status report (`SteeringReport`).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport", abstract: "Rapporter til styregruppen.", subcommands: [Steering.self])

    struct Steering: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "styregruppe",
            abstract: "Statusrapport: indtægter pr. ordning, SDE mod budget, mellemkommunale krav og frister, reduktionsplan, businesscase.",
            discussion: "--out FIL.html giver en side til print (stilarket indlejret), --out FIL.xlsx et regneark med et ark pr. afsnit.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("periode"), help: "ÅR eller ÅR-K1..K4.") var period: String
        @Option(name: .customLong("out"), help: "FIL.html eller FIL.xlsx.") var out: String

        func run() async throws {
            guard let p = SteeringReport.Period(parsing: period) else {
                throw UserFacingError(message: "perioden '\(period)' er hverken et år (2026) eller et kvartal (2026-K2)")
            }
            try await withStore(global, migrated: true) { store in
                let report = try await SteeringReport.make(period: p, store: store, today: .today)
                let url = URL(fileURLWithPath: out)
                switch url.pathExtension.lowercased() {
                case "html", "htm": try SteeringReportExport.html(report, style: .inline).write(to: url, atomically: true, encoding: .utf8)
                case "xlsx": try XLSXWriter.write(SteeringReportExport.sheets(report), to: url)
                default: throw UserFacingError(message: "\(out): skriv .html eller .xlsx")
                }
                say("\(out): \(report.title).")
            }
        }
    }
}
