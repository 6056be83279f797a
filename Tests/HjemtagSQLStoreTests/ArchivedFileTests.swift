import Foundation
import HjemtagCore
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

@Suite("Archived files: deflated and read back")
struct ArchivedFileTests {
    func file(_ data: Data) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-arkiv-\(UUID().uuidString).csv")
        try data.write(to: url)
        return url
    }

    @Test("Empty, small, and larger than the read chunk (with bytes that do not compress): each reads back byte for byte")
    func roundTrip() throws {
        var random = SeededRandom(seed: 7)
        let ledger = Data((0..<60_000).map { "\($0);2024-01-15;\($0 % 977),50;5.38.50;0101901234;Ydelse æøå\n" }.joined().utf8)
        let noise = Data((0..<(ArchivedFile.chunk + 12_345)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        for data in [Data(), Data("a;b\n".utf8), ledger, noise] {
            let deflated = try ArchivedFile.deflate(try file(data))
            #expect(try ArchivedFile.inflate(deflated) == data)
        }
        #expect(try ArchivedFile.deflate(try file(ledger)).count * 4 < ledger.count)
    }

    @Test("A damaged archive is an error, not a shorter file; a stopped archive stops")
    func damaged() throws {
        let deflated = try ArchivedFile.deflate(try file(Data(String(repeating: "1;2;3\n", count: 10_000).utf8)))
        #expect(throws: ArchivedFile.Failed.self) { try ArchivedFile.inflate(deflated.prefix(deflated.count / 2)) }
        #expect(throws: ArchivedFile.Failed.self) { try ArchivedFile.deflate(try file(Data("x".utf8)), stop: { true }) }
    }
}
