import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// The auditor's evidence pack for our § 9 c claims (issue 21 § 5, `--ordning mellemkommunal --krav`).
@Suite("Evidence pack for mellemkommunal claims", .serialized)
struct ClaimEvidencePackTests {
    @Test("A claim's pack: its lines add up to the claim, its postings name file, SHA-256 and line, the manifest's checksums match, it is logged")
    func claimPack() async throws {
        try await Backend.sqlite.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            let ophold = try writeTemp(
                "cpr;fra;til;kommune;boligtype;visiteret_af\n010170-1111;2015-01-01;2020-12-31;265;EGEN_BOLIG;\n010170-1111;2021-01-01;;350;SEL108;265+350\n",
                name: "ophold.csv")
            _ = try await ImportRunner().run(kind: .residence, file: ophold, importedBy: "t", into: store)
            let ledger = try await ImportRunner().run(
                kind: .postings, file: try writeTemp(StaleResultsTests.year2021, name: "p.csv"), importedBy: "t", into: store)
            let today = Day(year: 2022, month: 6, day: 1)!
            try await IntermunicipalService(store: store).run(by: "t", today: today)
            let claim = try #require(try await store.claims(direction: .outgoing, includeInactive: false).first)
            let pack = try await EvidencePack.intermunicipal(
                selection: .subjects([claim.id]), store: store, by: "rita", programVersion: "test", today: today, page: "test")
            func file(_ path: String) throws -> String { String(decoding: try #require(pack.files.first { $0.path == path }).data, as: UTF8.self) }
            #expect(pack.files.map(\.path).allSatisfy { !$0.contains("010170") }, "no CPR number in a file's name")
            // 12 × 100.000 under R5 (flytteret): Roskilde refunds 1.200.000.
            let lines = try file("krav-001/linjer.csv").split(separator: "\r\n").dropFirst()
            #expect(lines.count == 12 && lines.allSatisfy { $0.contains(";100.000,00;") })
            let postings = try file("krav-001/posteringer.csv").split(separator: "\r\n").dropFirst()
            #expect(postings.count == 12 && postings.allSatisfy { $0.contains(";p.csv;\(ledger.summary.sha256);") })
            let periods = try file("krav-001/betalerperioder.csv")
            let letter = try file("krav-001/brev.html")
            #expect(periods.contains(";265;") && letter.contains("1.200.000,00"))
            for row in try file("manifest.csv").split(separator: "\r\n").dropFirst() {
                let f = row.split(separator: ";").map(String.init)
                #expect(FileFingerprint.sha256(of: try #require(pack.files.first { $0.path == f[0] }).data) == f[1])
            }
            let logged = try await store.auditEntries(cpr: try CPR(parsing: "010170-1111"), username: "rita", limit: 5)
            #expect(logged.contains { $0.purpose?.contains("revisionspakke mellemkommunal") == true })
            await #expect(throws: EvidencePack.PackError.unknownClaim(999)) {
                try await EvidencePack.intermunicipal(selection: .subjects([999]), store: store, by: "rita", programVersion: "test", page: "test")
            }
        }
    }
}

/// The evidence pack for a scheme whose result is its findings (`--ordning moms|trappe|resultattilskud`).
@Suite("Evidence pack for findings", .serialized)
struct FindingEvidencePackTests {
    @Test("A finding's pack: the finding, the citizen's postings with file, SHA-256 and line, the scheme's parameters; none without findings")
    func findingPack() async throws {
        try await Backend.sqlite.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            let ledger = try await ImportRunner().run(
                kind: .postings, file: try writeTemp(StaleResultsTests.year2021, name: "p.csv"), importedBy: "t", into: store)
            await #expect(throws: EvidencePack.PackError.noFindings(scheme: .resultGrant, year: 2021)) {
                try await EvidencePack.findings(
                    scheme: .resultGrant, year: 2021, selection: .sample(count: 1, seed: 1), store: store, by: "rita", programVersion: "t", page: "t")
            }
            let cpr = try CPR(parsing: "010170-1111")
            try await store.replaceFindings(
                scheme: .resultGrant, year: 2021,
                [
                    Finding(
                        scheme: .resultGrant, year: 2021, kind: "ikke_hjemtaget", subjectKey: "0101701111:job:2021-06-01", cprs: [cpr],
                        amount: Money(kroner: 37_895), direction: .claim, text: "ordinær beskæftigelse")
                ])
            let pack = try await EvidencePack.findings(
                scheme: .resultGrant, year: 2021, selection: .sample(count: 5, seed: 9), store: store, by: "rita", programVersion: "t", page: "t")
            func file(_ path: String) throws -> String { String(decoding: try #require(pack.files.first { $0.path == path }).data, as: UTF8.self) }
            let found = try file("fund-001/fund.csv")
            #expect(pack.subjectCount == 1 && found.contains(";37.895,00;ny;ordinær beskæftigelse"))
            let rows = try file("fund-001/posteringer.csv").split(separator: "\r\n").dropFirst()
            #expect(rows.count == 12 && rows.allSatisfy { $0.contains(";p.csv;\(ledger.summary.sha256);") })
            // Resultattilskud's rates are verified for 2009, 2015, 2017 and 2024, not 2021: said, not guessed.
            let about = try file("om-pakken.txt")
            #expect(try file("parametre.csv") == "parameter;navn;vaerdi;periode;kilde;kontrolleret\r\n")
            #expect(about.contains("ingen verificerede satser, der gælder i 2021"))
            #expect(pack.files.map(\.path).allSatisfy { !$0.contains("010170") })
            let logged = try await store.auditEntries(cpr: cpr, username: "rita", limit: 5)
            #expect(logged.contains { $0.purpose == "revisionspakke resultattilskud 2021, fund-001" })
        }
    }
}
