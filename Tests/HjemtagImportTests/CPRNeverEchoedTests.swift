import Foundation
import HjemtagCore
import Testing

@testable import HjemtagImport

/// A destination that takes every batch and keeps nothing: the parsers' verdicts are what is tested.
struct DiscardingDestination: ImportDestination {
    struct Writer: ImportWriter {
        func write(_ batch: RecordBatch, rows: [RowOrigin]) async throws {}
    }
    func findImport(sha256: String) async throws -> ImportSummary? { nil }
    func performImport(meta: ImportMeta, file: URL, _ body: @Sendable (any ImportWriter) async throws -> Int) async throws -> ImportSummary {
        let count = try await body(Writer())
        return ImportSummary(
            id: 1, kind: meta.kind.rawValue, fileName: meta.fileName, sha256: "", size: 0, rowCount: count,
            importedBy: meta.importedBy, importedAt: "", encoding: "UTF-8")
    }
}

/// docs/SECURITY.md: a CPR number is never repeated in a message. Put in any column of any kind
/// of file, in any of the forms the importer reads, it does not come back in what the import says.
@Suite("A CPR number in any column of any import kind is never echoed")
struct CPRNeverEchoedTests {
    /// A valid header and row per kind (the row is changed one field at a time).
    static let templates: [(ImportKind, String, String, String, Character)] = [
        (
            .postings, "p.csv",
            "bilag;dato;beloeb;funktion;dranst;art;cpr;paragraf;periode_fra;periode_til;forvaltning;betalingskommune;cvr;moms;tekst",
            "B1;2022-01-15;100,00;5.38.50;1;4.0;020290-2345;SEL-108;2022-01-01;2022-01-31;SOF;350;12345678;10,00;tekst", ";"
        ),
        (.os2bosPayments, "granted_payments.csv", os2bosHeader, os2bosRow(id: 1, paid: "80000.00", date: "2021-01-28", frequency: "MONTHLY"), ","),
        (.households, "h.csv", "cpr;husstand;fra;til", "020290-2345;A;2010-01-01;2020-01-01", ";"),
        (
            .benefitPayments, "y.csv", "cpr;ydelse;periode_fra;periode_til;beloeb;udbetalingsdato;kilde",
            "020290-2345;kontanthjælp;2022-01-03;2022-01-09;3000,00;2022-01-12;KY", ";"
        ),
        (.subsidisedEmployment, "s.csv", "cpr;ordning;fra;til", "020290-2345;løntilskud;2022-01-01;2022-06-30", ";"),
        (
            .yrCalculation, "yr-ydelsesrefusion-beregning-101-0001-2023-01-15.csv",
            "Uge;CPR nummer;Ydelse;Indberetning udbetalingsbeløb;Beregnet udbetalingsbeløb;Refusionssats;Refusionsbeløb;Medfinansieringssats;Medfinansieringsbeløb;Finansiering Kommunenavn",
            "2022-01-03;0202902345;Sygedagpenge;3132,00;3100,00;40;1240,00;0;0,00;København", ";"
        ),
        (
            .residence, "o.csv", "cpr;fra;til;kommune;boligtype;tilbud;visiteret_af;lovgrundlag",
            "020290-2345;2015-01-01;2025-02-28;265;SEL108;Bo;265;SEL-108", ";"
        ),
        (
            .incomingClaims, "k.csv", "krav_id;fra_kommune;cpr;periode_fra;periode_til;beloeb;lovgrundlag;modtaget_dato",
            "R-9;265;020290-2345;2025-06-01;2025-08-31;30000,00;§ 9 c;2025-10-01", ";"
        ),
        (.pensionGrants, "f.csv", "cpr;tilkendt_dato;tilkendt_af", "020290-2345;2020-05-01;265", ";"),
        (
            .integration, "i.csv", "cpr;programstart;haendelse;fra;til;timer_pr_uge;su;proeve",
            "020290-2345;2019-01-01;job;2020-01-01;2020-12-31;25;nej;", ";"
        ),
        (.positiveList, "pl.csv", "aar;funktion;art;sats;ejerforhold4", "2022;5.38.50;4.0;5;nej", ";"),
        (.vatRegistrations, "m.csv", "cvr;fra;til;driftsoverenskomst", "12345678;2020-01-01;;nej", ";"),
        (.initiatives, "in.csv", "type;navn;aar;beloeb_1000", "maal;Mål;2022;-100", ";"),
        (.businessCase, "bc.csv", "art;bevilling;refusionstype;beloeb_1000", "indtaegt;Børn;Mellemkommunal;-150", ";"),
        (.incomeBudget, "ib.csv", "type;aar;ordning;forvaltning;model;beloeb_1000;referenceaar", "budget;2022;sde;;;-19.000;2021", ";"),
    ]

    static let forms = ["010190-1234", "0101901234", "101901234", "010190 1234"]
    static let digits = ["0101901234", "010190-1234", "101901234", "010190 1234"]

    @Test("Every field of every kind, in every form of the number")
    func everyField() async throws {
        var checked = 0
        for (kind, name, header, row, separator) in Self.templates {
            // The template itself is a valid file.
            let valid = try tempFile(header + "\n" + row + "\n", name: name)
            let accepted = try await ImportRunner().run(kind: kind, file: valid, importedBy: "t", into: DiscardingDestination())
            #expect(accepted.summary.rowCount == 1, "\(kind): the template is valid")
            let fields = row.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
            for index in fields.indices {
                for form in Self.forms {
                    var changed = fields
                    changed[index] = form
                    let file = try tempFile(header + "\n" + changed.joined(separator: String(separator)) + "\n", name: name)
                    var said = ""
                    do {
                        let outcome = try await ImportRunner().run(kind: kind, file: file, importedBy: "t", into: DiscardingDestination())
                        said =
                            [outcome.skippedText, outcome.notesText].compactMap { $0 }.joined(separator: " ")
                            + outcome.warnings.joined(separator: " ")
                    } catch let error as ImportError {
                        said = error.description
                    }
                    for d in Self.digits { #expect(!said.contains(d), "\(kind), column \(index + 1), '\(form)': \(said)") }
                    checked += 1
                }
            }
        }
        #expect(checked > 400)
    }

    @Test("The mask replaces a number in every form the importer reads, and leaves other numbers")
    func mask() {
        #expect(CPRMask.scrub("'010190-1234' er ikke et beløb") == "et CPR-nummer (vises ikke) er ikke et beløb")
        #expect(CPRMask.scrub("fundet: 0101901234, beloeb") == "fundet: et CPR-nummer (vises ikke), beloeb")
        #expect(CPRMask.scrub("'101901234' er ikke en dato") == "et CPR-nummer (vises ikke) er ikke en dato")
        // Not a date (month 13), so not a CPR number: left as it is.
        #expect(CPRMask.scrub("'3213901234' er ikke en dato") == "'3213901234' er ikke en dato")
        #expect(CPRMask.scrub("'1.234.567' er for stort") == "'1.234.567' er for stort")
    }
}
