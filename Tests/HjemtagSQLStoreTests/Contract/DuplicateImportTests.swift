import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import SQLKit
import Testing

@testable import HjemtagSQLStore

/// Each krone counts once: a row whose content is already stored, from another file or an
/// earlier line of the same one, is refused with its line and the earlier import and line, and
/// nothing of the file is stored, unless the user says why it comes again.
@Suite("Duplicate rows across files, encodings and within a file", .serialized)
struct DuplicateImportTests {
    /// Eight vouchers, 5,3 mio. kr. in all, as the issue found them: semicolons and UTF-8.
    static let vouchers: [(voucher: String, day: String, ore: Int64, cpr: String, text: String)] = [
        ("V1", "2022-01-31", 1_250_000_00, "010190-1234", "Opholdssted Åbo januar"),
        ("V2", "2022-02-28", 1_250_000_00, "010190-1234", "Opholdssted Åbo februar"),
        ("V3", "2022-03-31", 980_000_00, "020290-2345", "Plejefamilie Ærø"),
        ("V4", "2022-04-30", 640_000_00, "020290-2345", "Plejefamilie Ærø"),
        ("V5", "2022-05-31", 410_000_00, "030390-3456", "Aflastning Øster"),
        ("V6", "2022-06-30", 390_000_00, "030390-3456", "Aflastning Øster"),
        ("V7", "2022-07-31", 225_500_50, "040490-4567", "Støttekontaktperson"),
        ("V8", "2022-08-31", 154_499_50, "040490-4567", "Støttekontaktperson"),
    ]

    static func semicolonUTF8() -> String {
        "bilag;dato;beloeb;funktion;cpr;paragraf;forvaltning;tekst\n"
            + vouchers.map { "\($0.voucher);\($0.day);\(Money(ore: $0.ore).danish);5.38.50;\($0.cpr);SEL-108;SOF;\($0.text)" }.joined(separator: "\n")
            + "\n"
    }

    /// The same rows written another way: commas, decimal points, dates as dd.mm.yyyy, CPR numbers without the dash.
    static func commaWithPoints() -> String {
        "bilag,dato,beloeb,funktion,cpr,paragraf,forvaltning,tekst\n"
            + vouchers.map { v in
                let parts = v.day.split(separator: "-")
                let amount = "\(v.ore / 100).\(zeroPad(Int(v.ore % 100), 2))"
                return "\(v.voucher),\(parts[2]).\(parts[1]).\(parts[0]),\(amount),5.38.50,\(v.cpr.filter(\.isNumber)),SEL-108,SOF,\(v.text)"
            }.joined(separator: "\n") + "\n"
    }

    static func write(_ text: String, _ name: String, latin1: Bool = false) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-dublet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try (latin1 ? text.data(using: .isoLatin1)! : Data(text.utf8)).write(to: url)
        return url
    }

    @Test(
        "The same eight vouchers as semicolon UTF-8, comma with decimal points and Latin-1: the second and third file are refused, every line named, nothing stored",
        arguments: Backend.available)
    func sameVouchersThreeWays(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let first = try await ImportRunner().run(
                kind: .postings, file: try Self.write(Self.semicolonUTF8(), "posteringer.csv"), importedBy: "test", into: store)
            #expect(first.summary.rowCount == 8)
            let total = Self.vouchers.reduce(Int64(0)) { $0 + $1.ore }
            #expect(total == 5_300_000_00)
            let files = [
                try Self.write(Self.commaWithPoints(), "posteringer-komma.csv"),
                try Self.write(Self.semicolonUTF8(), "posteringer-latin1.csv", latin1: true),
            ]
            for file in files {
                do {
                    _ = try await ImportRunner().run(kind: .postings, file: file, importedBy: "test", into: store)
                    Issue.record("\(file.lastPathComponent): imported although every row is already stored")
                } catch ImportError.duplicateRows(let name, let rows, let count) {
                    #expect(name == file.lastPathComponent && count == 8)
                    #expect(rows.map(\.line) == Array(2...9))
                    #expect(rows.allSatisfy { $0.earlierImport == first.summary.id && $0.earlierFile == "posteringer.csv" })
                    #expect(rows.map(\.earlierLine) == Array(2...9))
                    let text = ImportError.duplicateRows(file: name, rows, total: count).description
                    #expect(
                        text.contains(
                            "\(name):2:1: rækken har samme indhold som en gemt række: findes allerede fra import nr. \(first.summary.id) (posteringer.csv), linje 2"
                        ))
                    #expect(text.contains("Intet er gemt: 8 rækker"))
                    #expect(ImportError.duplicateRows(file: name, rows, total: count).isDataError)
                }
            }
            #expect(try await store.postingCount() == 8)
            #expect(try await store.imports().count == 1)
            var sum: Int64 = 0
            for p in try await store.postings(cpr: try CPR(parsing: "0101901234")) { sum += p.amount.ore }
            #expect(sum == 2_500_000_00)
        }
    }

    @Test("A stated reason lets the rows in; the reason is kept with the import and written to the audit log", arguments: Backend.available)
    func intendedDuplicates(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            _ = try await ImportRunner().run(kind: .postings, file: try Self.write(Self.semicolonUTF8(), "a.csv"), importedBy: "test", into: store)
            let reason = "Samme bilag bogført i to regnskaber (fejlrettes af økonomi)"
            let again = try await ImportRunner().run(
                kind: .postings, file: try Self.write(Self.commaWithPoints(), "b.csv"), importedBy: "anna", into: store, duplicatesReason: reason)
            #expect(again.summary.rowCount == 8)
            #expect(try await store.postingCount() == 16)
            let kept = try await store.db.raw("SELECT duplicates_reason AS r FROM imports WHERE id = \(bind: again.summary.id)").first()
            #expect(try kept?.decode(column: "r", as: String.self) == reason)
            // The import itself and, beside it, the duplicates it was allowed to store, with the reason.
            let lines = try await store.auditEntries(cpr: nil, username: "anna", limit: 5)
            #expect(lines.contains { $0.action == "import" && $0.page == "import nr. \(again.summary.id)" })
            let audit = try #require(lines.first { $0.action == "import med dubletter" })
            #expect(audit.page == "import nr. \(again.summary.id)")
            #expect(audit.purpose?.contains("8 rækker findes allerede") == true && audit.purpose?.contains(reason) == true)
            // A blank reason is no reason.
            await #expect(throws: ImportError.self) {
                _ = try await ImportRunner().run(
                    kind: .postings, file: try Self.write(Self.semicolonUTF8(), "c.csv"), importedBy: "t", into: store, duplicatesReason: "  ")
            }
        }
    }

    @Test(
        "A row repeated inside one file is refused with the line it repeats; a file with new and old rows names only the old",
        arguments: Backend.available)
    func withinFileAndPartial(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let header = "bilag;dato;beloeb;funktion;cpr;paragraf\n"
            let repeated =
                header
                + "A1;2022-01-15;100,00;5.38.50;010190-1234;SEL-108\nA2;2022-01-16;200,00;5.38.50;010190-1234;SEL-108\nA1;2022-01-15;100,00;5.38.50;010190-1234;SEL-108\n"
            do {
                _ = try await ImportRunner().run(kind: .postings, file: try Self.write(repeated, "gentaget.csv"), importedBy: "t", into: store)
                Issue.record("a repeated row was imported")
            } catch ImportError.duplicateRows(_, let rows, let total) {
                #expect(total == 1 && rows == [DuplicateRow(line: 4, earlierImport: nil, earlierFile: "gentaget.csv", earlierLine: 2)])
                #expect(
                    ImportError.duplicateRows(file: "gentaget.csv", rows, total: 1).description.contains(
                        "gentaget.csv:4:1: rækken har samme indhold som en gemt række: gentager linje 2 i samme fil"))
            }
            #expect(try await store.postingCount() == 0)
            let first = try await ImportRunner().run(
                kind: .postings, file: try Self.write(header + "A1;2022-01-15;100,00;5.38.50;010190-1234;SEL-108\n", "a.csv"), importedBy: "t",
                into: store)
            let mixed =
                header
                + "N1;2022-02-15;300,00;5.38.50;010190-1234;SEL-108\nA1;2022-01-15;100,00;5.38.50;010190-1234;SEL-108\nN2;2022-02-16;400,00;5.38.50;010190-1234;SEL-108\n"
            do {
                _ = try await ImportRunner().run(kind: .postings, file: try Self.write(mixed, "blandet.csv"), importedBy: "t", into: store)
                Issue.record("an old row was imported again")
            } catch ImportError.duplicateRows(_, let rows, let total) {
                #expect(total == 1 && rows == [DuplicateRow(line: 3, earlierImport: first.summary.id, earlierFile: "a.csv", earlierLine: 2)])
            }
            #expect(try await store.postingCount() == 1)
            // A row that differs in one field is a row of its own.
            let other = header + "A1;2022-01-15;100,01;5.38.50;010190-1234;SEL-108\n"
            #expect(
                try await ImportRunner().run(kind: .postings, file: try Self.write(other, "b.csv"), importedBy: "t", into: store).summary.rowCount
                    == 1)
        }
    }

    @Test(
        "Every kind that adds rows refuses its rows a second time; budget tables and positive lists are replaced, so they may come again",
        arguments: Backend.available)
    func everyKind(backend: Backend) async throws {
        let files: [(ImportKind, String, String)] = [
            (.households, "husstande.csv", "cpr;husstand;fra;til\n010310-4111;A;2010-03-01;\n"),
            (
                .benefitPayments, "ydelser.csv",
                "cpr;ydelse;periode_fra;periode_til;beloeb;udbetalingsdato;kilde\n160986-0374;Ledighedsydelse;2022-03-28;2022-04-10;6370,00;2022-04-13;KY\n"
            ),
            (.subsidisedEmployment, "stoettet.csv", "cpr;ordning;fra;til\n210176-3613;løntilskud;2022-08-27;2023-09-15\n"),
            (
                .residence, "ophold.csv",
                "cpr;fra;til;kommune;boligtype;tilbud;visiteret_af;lovgrundlag\n030380-3333;2015-01-01;2025-02-28;265;EGEN_BOLIG;;;\n"
            ),
            (
                .incomingClaims, "krav.csv",
                "krav_id;fra_kommune;cpr;periode_fra;periode_til;beloeb;lovgrundlag;modtaget_dato\nR-9;265;040490-4444;2025-06-01;2025-08-31;30000,00;§ 9 c;2025-10-01\n"
            ),
            (.pensionGrants, "foertidspension.csv", "cpr;tilkendt_dato;tilkendt_af\n030380-3333;2020-05-01;265\n"),
            (.vatRegistrations, "momsregistrering.csv", "cvr;fra;til;driftsoverenskomst\n12345678;2020-01-01;;nej\n"),
        ]
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            for (kind, name, text) in files {
                _ = try await ImportRunner().run(kind: kind, file: try Self.write(text, name), importedBy: "t", into: store)
                // The same rows again, written with a trailing blank line so the bytes differ.
                do {
                    _ = try await ImportRunner().run(kind: kind, file: try Self.write(text + "\n", "igen-" + name), importedBy: "t", into: store)
                    Issue.record("\(kind): the same row was imported twice")
                } catch ImportError.duplicateRows(_, let rows, _) {
                    #expect(rows.first?.line == 2 && rows.first?.earlierLine == 2, "\(kind)")
                }
            }
            let plan = "type;navn;aar;beloeb_1000\nmaal;Reduktionsmål;2022;-100\n"
            _ = try await ImportRunner().run(kind: .initiatives, file: try Self.write(plan, "initiativer.csv"), importedBy: "t", into: store)
            _ = try await ImportRunner().run(
                kind: .initiatives, file: try Self.write(plan + "\n", "initiativer-igen.csv"), importedBy: "t", into: store)
        }
    }

    @Test("A file with a header and no rows is accepted with a warning", arguments: Backend.available)
    func emptyFile(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let outcome = try await ImportRunner().run(
                kind: .postings, file: try Self.write("bilag;dato;beloeb;funktion\n", "tom.csv"), importedBy: "t", into: store)
            #expect(outcome.summary.rowCount == 0)
            #expect(outcome.warnings == ["filen har ingen rækker at gemme (kun en overskrift)"])
            let full = try await ImportRunner().run(
                kind: .postings, file: try Self.write(Self.semicolonUTF8(), "p.csv"), importedBy: "t", into: store)
            #expect(full.warnings.isEmpty)
        }
    }

    @Test(
        "Rows stored before content keys existed get theirs when the store is opened, and are then found as duplicates", arguments: Backend.available)
    func keysForOldRows(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            _ = try await ImportRunner().run(kind: .postings, file: try Self.write(Self.semicolonUTF8(), "gammel.csv"), importedBy: "t", into: store)
            _ = try await ImportRunner().run(
                kind: .households, file: try Self.write("cpr;husstand;fra;til\n010310-4111;A;2010-03-01;\n", "h.csv"), importedBy: "t", into: store)
            // As a store written before migration 0013 has them.
            try await store.executeRaw("UPDATE postings SET content_key = NULL")
            try await store.executeRaw("UPDATE households SET content_key = NULL")
            try await store.executeRaw("DELETE FROM settings WHERE key = '\(SQLStore.contentKeysFilledSetting)'")
            _ = try await store.migrate()
            let unkeyed = try await store.db.raw("SELECT COUNT(*) AS n FROM postings WHERE content_key IS NULL").first()
            #expect(try unkeyed?.decode(column: "n", as: Int.self) == 0)
            await #expect(throws: ImportError.self) {
                _ = try await ImportRunner().run(
                    kind: .postings, file: try Self.write(Self.commaWithPoints(), "ny.csv"), importedBy: "t", into: store)
            }
            await #expect(throws: ImportError.self) {
                _ = try await ImportRunner().run(
                    kind: .households, file: try Self.write("cpr,husstand,fra,til\n0103104111,A,01.03.2010,\n", "h2.csv"), importedBy: "t",
                    into: store)
            }
        }
    }

    @Test("After the first import into an empty store, every index the migrations made is there (the citizens' departments' index was lost)")
    func indexesAfterFirstImport() async throws {
        try await Backend.sqlite.withFreshStore { store in
            _ = try await store.migrate()
            let indexes = {
                try await store.db.raw("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all()
                    .map { try $0.decode(column: "name", as: String.self) }
            }
            let before = try await indexes()
            #expect(before.contains("person_departments_department") && before.contains("postings_content"))
            _ = try await ImportRunner().run(kind: .postings, file: try Self.write(Self.semicolonUTF8(), "p.csv"), importedBy: "t", into: store)
            #expect(try await indexes() == before)
        }
    }

    @Test(
        "A file larger than the postings already stored has its indexes built after its rows too: a row it repeats from the store is still refused, and every index is there after",
        arguments: Backend.available)
    func largeFileOverAFewRows(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "101")
            func indexes() async throws -> [String] {
                let sql =
                    store.isSQLite
                    ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'postings' AND sql IS NOT NULL ORDER BY name"
                    : "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'postings' AND schemaname = current_schema() ORDER BY 1"
                return try await store.db.raw(SQLQueryString(sql)).all().map { try $0.decode(column: "name", as: String.self) }
            }
            let header = "dato;beloeb;funktion;cpr;paragraf\n"
            func line(_ i: Int) -> String { "2021-01-\(zeroPad(1 + i % 28, 2));\(1000 + i),00;5.38.50;010170-1111;SEL-108\n" }
            _ = try await ImportRunner().run(
                kind: .postings, file: try Self.write(header + line(0) + line(1), "lille.csv"), importedBy: "t", into: store)
            let before = try await indexes()
            #expect(before.count >= 4, "\(before)")
            // 40 rows over 2 stored: the indexes are built after the rows; line 12 repeats a stored row.
            let large = header + (2..<12).map(line).joined() + line(1) + (12..<41).map(line).joined()
            do {
                _ = try await ImportRunner().run(kind: .postings, file: try Self.write(large, "stor.csv"), importedBy: "t", into: store)
                Issue.record("a row already stored was imported again")
            } catch ImportError.duplicateRows(_, let rows, let count) {
                #expect(count == 1 && rows.map(\.line) == [12] && rows.first?.earlierFile == "lille.csv" && rows.first?.earlierLine == 3)
            }
            #expect(try await store.postingCount() == 2)
            #expect(try await indexes() == before, "a refused import leaves the indexes as they were")
            let clean = header + (2..<41).map(line).joined()
            _ = try await ImportRunner().run(kind: .postings, file: try Self.write(clean, "stor.csv"), importedBy: "t", into: store)
            #expect(try await store.postingCount() == 41)
            #expect(try await indexes() == before, "built again after the rows")
            #expect(try await store.postings(cpr: try CPR(parsing: "010170-1111")).count == 41)
        }
    }
}
