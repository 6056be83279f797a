import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// EG Sensum's deliveries (shared/formats/README.md § 3) give the residence episodes of § 9 c where
/// no `ophold` file does, and the personal data Hjemtag does not need never reaches the store.
@Suite("EG Sensum", .serialized)
struct SensumTests {
    /// The citizen of the `ophold` contract test (StoreContractTests.intermunicipal), as Sensum has
    /// her: handled by Roskilde (265) since 2015, in a § 108 botilbud in Lejre (350) from March 2025.
    static let files: [(String, String)] = [
        (
            "Borger_20261201.csv",
            "BorgerId;CPR;Fornavn;Efternavn;PrimærAdresse;Telefon;Email;Diagnose;Kommentar;OpholdsKommuneNr;OpholdsKommune\n"
                + "B1;0303803333;Testine;Testesen;Testvej 1;12345678;t@example.invalid;Hemmelig diagnose;Fortrolig kommentar;350;Lejre\n"
        ),
        (
            "Leverandør_20261201.csv",
            "LeverandørId;LeverandørNavn;LeverandørGruppe;LeverandørCVR;LeverandørEjerskab;LeverandørEgetAfMyndighed;Aktiv\n"
                + "L1;Lejre Bo;Botilbud;12345678;Kommunal;Ja;Ja\n"
        ),
        (
            "Sager_20261201.csv",
            "SagId;BorgerId;SagNavn;HandleKommune;BetalingsKommune;HenvendelsesDato;SlutDato;ForventetParagraf;AfdelingNavn\n"
                + "S1;B1;Botilbud;265;265;01-01-2015 10-15;;SEL § 108;Handicap\n" + "S1;B1;Botilbud;265;265;01-01-2015 10-15;;SEL § 108;Handicap\n"
        ),
        (
            "Indsatser_20261201.csv",
            "IndsatsId;SagId;Indsats;VigtigeNotater;IndsatsParagraf;LeverandørId;IndsatsStatus;IndsatsStartDato;IndsatsSlutDato;IndsatskontoNummer;StatsRefusionsKontoNummer\n"
                + "I1;S1;Længerevarende botilbud;Fortroligt notat;SEL § 108;L1;Bevilget;01-03-2025 00-00;;538501234;538509999\n"
                + "I2;S1;Støtte i eget hjem;;SEL § 85;;Bevilget;01-01-2016;28-02-2025;538420001;\n"
        ),
    ]

    @Test(
        "A delivery gives residence episodes (with their source), and the § 9 c claim the ophold file gives; names, contact data, diagnoses and notes are never stored",
        arguments: Backend.available)
    func delivery(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            let jobs = Jobs(store: store, user: "t", origin: "test", today: Day(year: 2026, month: 11, day: 23)!)
            for (name, text) in Self.files {
                let url = try writeTemp(text, name: name)
                let kind = try FileRecognition.kind(of: url)
                let o = try await jobs.importFile(kind, file: url, name: name)
                if kind == .sensumCases { #expect(o.skipped == ["rækker, der gentager en tidligere række i filen": 1]) }
            }
            let sensum = try await store.sensum()
            #expect(sensum.providers.first?.ownOffer == true && sensum.providers.first?.cvr == "12345678")
            #expect(sensum.services.first?.account == "538501234")
            let episodes = try await store.residenceEpisodes()
            #expect(episodes.map(\.episode.housing) == [.ownHome, .sel108])
            let stay = try #require(episodes.last)
            #expect(stay.episode.municipality == 350 && stay.episode.referral == .municipalities([265]) && stay.episode.offer == "Lejre Bo")
            #expect(stay.episode.source == "Sensum, indsats I1 (Indsatser linje 2)")
            #expect(try await store.residenceEpisode(id: stay.id)?.episode == stay.episode, "a derived episode is found by its id")

            let postings = try writeTemp(
                "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til\n2025-03-31;10000,00;5.57.73;030380-3333;LAS-25;2025-03-01;2025-03-31\n",
                name: "p.csv")
            _ = try await ImportRunner().run(kind: .postings, file: postings, importedBy: "test", into: store)
            try await IntermunicipalService(store: store).run(by: "test", today: Day(year: 2026, month: 11, day: 23)!)
            let claim = try #require(try await store.claims(direction: .outgoing, includeInactive: false).first)
            #expect(claim.draft.counterpart == 265 && claim.draft.amount == Money(kroner: 10_000))

            // Nothing personal beyond the CPR number and the municipality reached a table (the
            // provider's name is the offer's, not the citizen's).
            let columns: [String: Set<String>] = [
                "sensum_citizens": ["id", "import_id", "line", "citizen_id", "cpr", "residence_municipality"],
                "sensum_cases": [
                    "id", "import_id", "line", "case_id", "citizen_id", "acting_municipality", "paying_municipality", "opened", "closed", "section",
                    "department",
                ],
                "sensum_services": [
                    "id", "import_id", "line", "service_id", "case_id", "name", "section", "provider_id", "status", "valid_from", "valid_to",
                    "account", "refund_account",
                ],
                "sensum_providers": ["id", "import_id", "line", "provider_id", "name", "cvr", "ownership", "own_offer"],
            ]
            for (table, expected) in columns {
                let rows = try await store.rows("SELECT * FROM \(unsafeRaw: table)")
                #expect(Set(try #require(rows.first).allColumns) == expected, "\(table) has a column for nothing a rule reads")
                guard backend == .sqlite else { continue }
                // SQLite's rows print their values: none of the personal data is among them.
                let text = rows.map { "\($0)" }.joined().lowercased()
                #expect(text.contains(table == "sensum_citizens" ? "0303803333" : "s1") || table == "sensum_providers", "the values are read")
                for secret in ["Testine", "Testesen", "Testvej", "example.invalid", "diagnose", "kommentar", "notat"] {
                    #expect(!text.contains(secret.lowercased()), "\(secret) in \(table)")
                }
            }
        }
    }

    @Test(
        "A posting without CPR on a service's account gets the service's citizen, section and period; an account two citizens share in the month matches neither"
    )
    func accounts() async throws {
        try await Backend.sqlite.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            let jobs = Jobs(store: store, user: "t", origin: "test", today: Day(year: 2026, month: 11, day: 23)!)
            var files = Self.files
            // A second citizen with a service on the shared account 538420001 from 2016 on.
            files[0].1 += "B2;0404904444;A;B;;;;;;350;Lejre\n"
            files[2].1 += "S2;B2;Støtte;350;350;01-01-2016;;SEL § 85;Handicap\n"
            files[3].1 += "I3;S2;Støtte i eget hjem;;SEL § 85;;Bevilget;01-01-2016;;538420001;\n"
            for (name, text) in files {
                let url = try writeTemp(text, name: name)
                _ = try await jobs.importFile(try FileRecognition.kind(of: url), file: url, name: name)
            }
            let ledger = try writeTemp(
                "bilag;dato;beloeb;funktion;konto;tekst\nB-1;2025-04-10;60000,00;5.38.50;538501234;Lejre Bo april\nB-2;2024-05-10;8000,00;5.38.42;538420001;Støtte maj\n",
                name: "erp.csv")
            _ = try await jobs.importFile(.postings, file: ledger, name: "erp.csv")
            let service = PaymentMatchService(store: store, today: Day(year: 2026, month: 11, day: 23)!)
            let summary = try await service.refresh()
            #expect(summary.counts == ["sensum_matchet": 1, "sensum_tvetydig": 1], "\(summary.text)")
            let hers = try await store.postings(cpr: try CPR(parsing: "0303803333"))
            let april = try #require(hers.first { $0.voucher == "B-1" })
            #expect(april.paragraph == "SEL-108" && april.period == Month(year: 2025, month: 4).range && april.department == "Handicap")
            #expect(OS2bosPayment.provenance(of: april).first?.hasPrefix("CPR, paragraf og periode fra Sensum-indsats I1") == true)
            let findings = try await service.findings(year: 2024)
            #expect(findings.map(\.kind) == [FindingKind.serviceAmbiguous.rawValue] && findings[0].text.contains("2 Sensum-indsatser (I2, I3)"))
        }
    }

    @Test("The ophold file wins for a citizen it covers; OS2bos gives children's episodes from its opholdskommune and handlekommune")
    func precedence() async throws {
        try await Backend.sqlite.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "151")
            let jobs = Jobs(store: store, user: "t", origin: "test", today: Day(year: 2026, month: 12, day: 2)!)
            for (name, text) in Self.files {
                _ = try await jobs.importFile(
                    try FileRecognition.kind(of: try writeTemp(text, name: name)), file: try writeTemp(text, name: name), name: name)
            }
            let ophold = try writeTemp("cpr;fra;til;kommune;boligtype;visiteret_af\n030380-3333;2024-01-01;;350;SEL108;265\n", name: "ophold.csv")
            _ = try await ImportRunner().run(kind: .residence, file: ophold, importedBy: "t", into: store)
            let report = OS2bosLedgerTests.fixtures.appendingPathComponent("granted_payments_3.csv")
            _ = try await jobs.importFile(.os2bosPayments, file: report, name: "granted_payments_3.csv")
            let all = try await store.residenceEpisodes()
            let hers = all.filter { $0.episode.cpr.digits == "0303803333" }
            #expect(hers.count == 1 && hers[0].episode.source == nil, "the ophold file's episode only")
            let ella = all.filter { $0.episode.cpr.digits == "0808104008" }
            #expect(ella.count == 1 && ella[0].episode.housing == .childPlacement && ella[0].episode.municipality == 151)
            #expect(ella[0].episode.from == Day(year: 2025, month: 6, day: 1)! && ella[0].episode.source?.hasPrefix("OS2bos") == true)
        }
    }
}
