import Foundation
import HjemtagCore
import HjemtagSQLStore
import Testing

@testable import HjemtagCLI

/// A shared service (an IT fællesskab, a consultancy) keeps each municipality in a schema of its
/// own on one PostgreSQL database (issue 22 § 6, docs/scaling.md): `--skema` or HJEMTAG_SCHEMA.
@Suite("A shared PostgreSQL server: each municipality in its own schema")
struct SharedServerTests {
    /// `hjemtag ARGS --database URL`, captured.
    static func run(_ args: [String], _ url: String) async -> (code: Int32, out: String, err: String) {
        let captured = Captured()
        let console = Console(out: { captured.out($0) }, err: { captured.err($0) })
        let code = await Console.$current.withValue(console) { await HjemtagMain.execute(args + ["--database", url]) }
        return (code, captured.stdout, captured.stderr)
    }

    @Test("A schema on an SQLite file, and a name that is not a schema's, are refused in Danish")
    func refusals() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-skema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sqlite = await hjemtag(["migrate", "--kommune", "101", "--skema", "k101"], in: dir)
        #expect(sqlite.code != 0 && sqlite.err.contains("--skema gælder en delt PostgreSQL-server"), "\(sqlite.err)")
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] else { return }
        let bad = await Self.run(["status", "--skema", "k101\"; DROP SCHEMA public; --"], url)
        #expect(bad.code != 0 && bad.err.contains("er ikke et gyldigt navn"), "\(bad.err)")
    }

    @Test("Two municipalities in one database keep their own municipality and postings")
    func twoMunicipalities() async throws {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] else { return }
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let (copenhagen, aarhus) = ("k101_\(suffix)", "k751_\(suffix)")
        #expect(await Self.run(["migrate", "--kommune", "101", "--skema", copenhagen], url).code == 0)
        #expect(await Self.run(["migrate", "--kommune", "751", "--skema", aarhus], url).code == 0)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("skema-\(suffix).csv")
        try "dato;beloeb;funktion;cpr;paragraf\n2021-01-31;1000,00;5.38.50;010170-1111;SEL-108\n".write(
            to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let imported = await Self.run(["import", "posteringer", file.path, "--skema", copenhagen], url)
        #expect(imported.code == 0, "\(imported.err)")
        let first = await Self.run(["status", "--skema", copenhagen], url)
        let second = await Self.run(["status", "--skema", aarhus], url)
        #expect(first.out.contains("København Kommune") && first.out.contains("skemaet \(copenhagen)"), "\(first.out)")
        #expect(second.out.contains("Aarhus Kommune") && second.out.contains("skemaet \(aarhus)"), "\(second.out)")
        #expect(first.out.contains("posteringer: 1\n"), "\(first.out)")
        #expect(second.out.contains("posteringer: 0\n"), "\(second.out)")
        for schema in [copenhagen, aarhus] {
            let store = try await SQLStore.open(url, schema: schema)
            try await store.dropSchema(schema)
            try await store.close()
        }
    }
}
