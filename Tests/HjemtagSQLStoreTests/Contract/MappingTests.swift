import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// A ledger extract in another system's layout, read through a saved column mapping, is stored as
/// the same rows as the canonical file; every guarantee of the canonical import holds.
@Suite("Column mappings for ledger extracts", .serialized)
struct MappingTests {
    static let canonical = """
        dato;beloeb;funktion;dranst;art;cpr;paragraf;tekst
        2021-01-28;1000,00;5.38.50;1;4.0;010170-1111;SEL-108;Botilbud januar
        2021-02-26;-250,50;5.38.50;1;7.2;010170-1111;SEL-108;Egenbetaling
        2021-03-31;1234567,89;5.38.52;2;4.0;;SEL-107;Midlertidigt botilbud

        """
    /// The same three postings as an Opus-like extract: Danish dates, a combined account string,
    /// unsigned amounts with a debit/credit column, other column names and order.
    static let foreign = """
        Bogf.dato;Kontostreng;D/K;Beløb;CPR-nr;Lovgrundlag;Posteringstekst;Bruger
        28.01.2021;53850-1-4.0;D;1.000,00;0101701111;SEL-108;Botilbud januar;AB
        26.02.2021;53850-1-7.2;K;250,50;0101701111;SEL-108;Egenbetaling;AB
        31.03.2021;53852-2-4.0;D;1.234.567,89;;SEL-107;Midlertidigt botilbud;CD

        """
    static let mapping = ColumnMapping(
        name: "opus", fileNamePattern: "OPUS_*.csv",
        fields: [
            "dato": .init(column: "Bogf.dato", dateFormat: "DD.MM.ÅÅÅÅ"),
            "beloeb": .init(column: "Beløb", sign: .init(column: "D/K", creditValues: ["K"])),
            "funktion": .init(column: "Kontostreng", part: .init(separator: "-", number: 1)),
            "dranst": .init(column: "Kontostreng", part: .init(separator: "-", number: 2)),
            "art": .init(column: "Kontostreng", part: .init(separator: "-", number: 3)),
            "cpr": .init(column: "CPR-nr"), "paragraf": .init(column: "Lovgrundlag"), "tekst": .init(column: "Posteringstekst"),
        ])

    func stored(_ store: SQLStore) async throws -> [Posting] {
        let box = Collected<Posting>()
        try await store.forEachPosting { box.add($0) }
        // The free columns the file had beyond Hjemtag's are kept as extra by the canonical parser only.
        return box.all.map {
            var p = $0
            p.extra = [:]
            return p
        }
    }

    @Test(
        "Mapped and canonical files give the same stored rows; a bad value names the file's column; nothing is half-stored",
        arguments: Backend.available)
    func sameRows(backend: Backend) async throws {
        var rows: [[Posting]] = []
        for useMapping in [false, true] {
            try await backend.withFreshStore { store in
                _ = try await store.migrate()
                try await store.setSetting("kommune", "350")
                let text = useMapping ? Self.foreign : Self.canonical
                let outcome = try await ImportRunner().run(
                    kind: .postings, file: try writeTemp(text, name: "p.csv"), importedBy: "t", into: store, mapping: useMapping ? Self.mapping : nil)
                #expect(outcome.summary.rowCount == 3)
                rows.append(try await stored(store))
                if useMapping {
                    let audit = try await store.auditEntries(cpr: nil, username: "t", limit: 5).compactMap(\.purpose)
                    #expect(audit.contains { $0.hasSuffix("læst med kortlægningen opus") })
                }
            }
        }
        #expect(rows[0].count == 3 && rows[0] == rows[1])
        #expect(rows[1][1].amount == Money(ore: -25_050), "a credit row is negative")

        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let bad = Self.foreign.replacingOccurrences(of: "26.02.2021", with: "2021-02-26").replacingOccurrences(
                of: "53852-2-4.0", with: "5x852-2-4.0")
            await #expect {
                _ = try await ImportRunner().run(
                    kind: .postings, file: try writeTemp(bad, name: "opus.csv"), importedBy: "t", into: store, mapping: Self.mapping)
            } throws: { error in
                guard case .invalidRows(let problems, _)? = error as? ImportError else { return false }
                return problems.map(\.description) == [
                    "opus.csv:3:1: kolonne 'Bogf.dato': '2021-02-26' er ikke en dato på formen DD.MM.ÅÅÅÅ (feltet dato)",
                    "opus.csv:4:2: kolonne 'Kontostreng → funktion': '5x852' er ikke en kontoplanfunktion (skriv 5.38.50 eller 053850)",
                ]
            }
            #expect(try await store.postingCount() == 0)
        }
    }

    @Test(
        "Mappings are data in the store: saved, listed, refused when unusable, deleted, each in the audit log; the inbox binds a file name",
        arguments: Backend.available)
    func stored(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            try await store.saveMapping(Self.mapping, by: "ada", page: "test")
            #expect(try await store.mapping(named: "opus") == Self.mapping)
            #expect(try ColumnMapping.decode(try Self.mapping.encoded()) == Self.mapping, "the JSON export reads back")
            #expect(throws: MappingError.self) { try ColumnMapping.decode(#"{"navn": "x", "felter": {"dato": {"kolonne": "D"}}}"#) }
            do {
                _ = try ColumnMapping.decode(
                    #"{"navn": "x", "felter": {"dato": {"kolonne": "D", "datoformat": "MM/DD"}, "beloeb": {"kolonne": "B"}}}"#)
                Issue.record("an unusable mapping was accepted")
            } catch let error as MappingError {
                #expect(
                    error.description.contains("feltet 'funktion' skal have en kolonne")
                        && error.description.contains("datoformatet 'MM/DD' kendes ikke"))
            }

            // The robot's inbox: a file named as the mapping says is read through it.
            let inbox = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-inbox-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: inbox) }
            let file = inbox.appendingPathComponent("OPUS_2021-03.csv")
            try Self.foreign.write(to: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-60)], ofItemAtPath: file.path)
            let report = try await RobotService(store: store).run(inbox: inbox, today: Day(year: 2021, month: 4, day: 1)!, by: "robot")
            #expect(report.filer.map(\.status) == ["importeret"] && report.filer.first?.raekker == 3)

            #expect(try await store.deleteMapping(named: "opus", by: "ada", page: "test"))
            #expect(try await store.deleteMapping(named: "opus", by: "ada", page: "test") == false)
            #expect(try await store.mappings().isEmpty)
            let audit = try await store.auditEntries(cpr: nil, username: "ada", limit: 10).compactMap(\.purpose)
            #expect(audit.contains { $0.hasPrefix("kortlægning opus gemt") } && audit.contains("kortlægning opus slettet"))
        }
    }

    @Test("The glob of the inbox binding")
    func glob() {
        #expect(Self.mapping.matches(fileName: "OPUS_2026-11.csv") && Self.mapping.matches(fileName: "opus_x.CSV"))
        #expect(!Self.mapping.matches(fileName: "posteringer.csv") && !Self.mapping.matches(fileName: "OPUS_2026.txt"))
    }
}
