import Foundation
import HjemtagCore
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// The backends the contract runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set
/// (CI starts a real server and sets it).
enum Backend: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }

    static var available: [Backend] {
        ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    /// Runs `body` with a fresh, empty store and always closes and removes it.
    func withFreshStore(_ body: (SQLStore) async throws -> Void) async throws {
        let (store, cleanup) = try await freshStore()
        do { try await body(store) } catch {
            await cleanup()
            throw error
        }
        await cleanup()
    }

    /// Two connections to one fresh store, as two processes have (the web server and the
    /// robot's CLI): what one writes, the other must read.
    func withTwoConnections(_ body: (SQLStore, SQLStore) async throws -> Void) async throws {
        let location: String
        var schema: String?
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-store-\(UUID().uuidString)")
        switch self {
        case .sqlite:
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            location = dir.appendingPathComponent("test.sqlite").path
        case .postgres:
            location = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"]!
            schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        }
        let a = try await SQLStore.open(location, schema: schema)
        let b = try await SQLStore.open(location, schema: schema)
        func cleanup() async {
            if let schema { try? await a.dropSchema(schema) }
            try? await a.close()
            try? await b.close()
            try? FileManager.default.removeItem(at: dir)
        }
        do { try await body(a, b) } catch {
            await cleanup()
            throw error
        }
        await cleanup()
    }

    /// A fresh, empty store; `cleanup` closes and removes it.
    func freshStore() async throws -> (SQLStore, @Sendable () async -> Void) {
        switch self {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let store = try await SQLStore.open(dir.appendingPathComponent("test.sqlite").path)
            return (
                store,
                {
                    try? await store.close()
                    try? FileManager.default.removeItem(at: dir)
                }
            )
        case .postgres:
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let store = try await SQLStore.open(ProcessInfo.processInfo.environment["TEST_DATABASE_URL"]!, schema: schema)
            return (
                store,
                {
                    try? await store.dropSchema(schema)
                    try? await store.close()
                }
            )
        }
    }
}

func writeTemp(_ text: String, name: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
}

func postingsCSV(rows: Int, badAt: Int? = nil) -> String {
    var lines = ["bilag;dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til;forvaltning;moms;tekst"]
    for i in 1...rows {
        let amount = i == badAt ? "ikke et beløb" : "\(i),\(zeroPad(i % 100, 2))"
        lines.append("\(i);2022-01-15;\(amount);5.38.50;\(i % 2 == 0 ? "010190-1234" : "");SEL-108;2022-01-01;2022-01-31;SOF;;række \(i)")
    }
    return lines.joined(separator: "\n") + "\n"
}
