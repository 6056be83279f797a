import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagImport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import ZIPFoundation

@testable import HjemtagSchemes
@testable import HjemtagStore
@testable import HjemtagWeb

/// The auditor's evidence pack (issue 21 § 5), downloaded by the auditor from the SDE page.
@Suite("Evidence pack for the auditor", .serialized)
struct EvidencePackTests {
    static func files(_ body: ByteBuffer) throws -> [String: String] {
        let archive = try Archive(data: Data(buffer: body), accessMode: .read)
        var out: [String: String] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            out[entry.path] = String(decoding: data, as: UTF8.self)
        }
        return out
    }

    @Test(
        "The auditor downloads a reproducible sample: rows with file, SHA-256 and line, parameters with sources, explanation, manifest; no CPR in a name; audit-logged"
    )
    func download() async throws {
        let f = try await WebSDETests.fixture()
        let app = try await buildApplication(store: f.store)
        let sha = try #require(try await f.store.imports().first { $0.fileName == "sde.csv" }?.sha256)
        try await app.test(.router) { client in
            let rita = try await WebSDETests.logIn(client, as: "rita")
            let sde = String(buffer: try await client.execute(uri: "/sde?aar=2021", method: .get, headers: headers(rita)).body)
            #expect(sde.contains(#"action="/sde/revisionspakke.zip""#))
            let r = try await client.execute(uri: "/sde/revisionspakke.zip?aar=2021&stikproeve=5&froe=42", method: .get, headers: headers(rita))
            #expect(r.status == .ok && r.headers[.contentDisposition]?.contains("revisionspakke-sde-2021.zip") == true)
            let files = try Self.files(r.body)
            #expect(
                Set(files.keys) == [
                    "parametre.csv", "emne-001/resultat.csv", "emne-001/posteringer.csv", "emne-001/forklaring.txt", "om-pakken.txt", "manifest.csv",
                ])
            #expect(!files.keys.contains { $0.contains("0202") }, "no CPR number in a file's name")
            let rows = try #require(files["emne-001/posteringer.csv"])
            #expect(
                rows.components(separatedBy: "\r\n").filter { $0.contains(sha) && $0.contains(";sde.csv;") }.count == 12,
                "each posting with its file and SHA-256")
            #expect(files["parametre.csv"]?.contains("sde.graense.t1") == true && files["parametre.csv"]?.contains("850.000") == true)
            #expect(files["emne-001/forklaring.txt"]?.contains("Månedlig test") == true)
            #expect(files["om-pakken.txt"]?.contains("stikprøve: 1 af 1 emner, trukket med frø 42") == true)
            // The manifest names every other file with its SHA-256.
            for line in try #require(files["manifest.csv"]).components(separatedBy: "\r\n").dropFirst() where !line.isEmpty {
                let parts = line.split(separator: ";").map(String.init)
                let digest = FileFingerprint.sha256(of: Data(try #require(files[parts[0]]).utf8))
                #expect(digest == parts[1], "\(parts[0])")
            }
            // The same seed draws the same subjects.
            let again = try Self.files(
                try await client.execute(uri: "/sde/revisionspakke.zip?aar=2021&stikproeve=5&froe=42", method: .get, headers: headers(rita)).body)
            #expect(again["emne-001/resultat.csv"] == files["emne-001/resultat.csv"])
            let bo = try await WebSDETests.logIn(client, as: "bo")
            #expect(try await client.execute(uri: "/sde/revisionspakke.zip?aar=2021", method: .get, headers: headers(bo)).status == .forbidden)
        }
        let audit = try await f.store.auditEntries(cpr: nil, username: "rita", limit: 20)
        #expect(audit.contains { $0.purpose?.hasPrefix("revisionspakke SDE 2021: 1 emner; stikprøve") == true })
        #expect(audit.contains { $0.cpr != nil && $0.purpose == "revisionspakke SDE 2021, emne-001" }, "each citizen in the pack is logged")
        try await f.store.close()
    }

    @Test("A text from a file that a spreadsheet would take for a formula stays text in the pack's CSV files")
    func formulas() {
        #expect(EvidencePack.csv("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(EvidencePack.csv("-630,35") == "-630,35" && EvidencePack.csv("Botilbud; januar") == "\"Botilbud; januar\"")
    }
}
