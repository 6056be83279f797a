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
