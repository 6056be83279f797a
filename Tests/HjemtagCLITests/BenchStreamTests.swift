import Foundation
import HjemtagCore
import HjemtagImport
import Testing

@testable import HjemtagCLI

/// `bench sde` and `bench trappe` read a file in parts on the guess that it is UTF-8 without
/// quotes; a part that meets a quote or a byte that is not UTF-8 makes the file be read again
/// the safe way. Whatever the file, the parts must give what one reader of the whole file gives.
@Suite("Benchmark reading in parts")
struct BenchStreamTests {
    static let header = "bilag;dato;beloeb;funktion;cpr;tekst\n"

    static func file(_ bytes: [UInt8]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("posteringer.csv")
        try Data(bytes).write(to: url)
        return url
    }

    /// The postings read, in order, without their line numbers (a part counts lines from its own start).
    static func read(_ url: URL, parts: Int) async throws -> [Posting] {
        let (all, _) = try await Bench.stream(
            url, PostingParser(), into: { [Posting]() },
            add: {
                var p = $1
                p.line = 0
                $0.append(p)
            },
            merge: { $0 += $1 }, parts: parts, minimumBytes: 0)
        return all
    }

    static func rows(_ text: (Int) -> String) -> String {
        Self.header + (0..<600).map { i in "\(i);2024-0\(i % 9 + 1)-15;\(i),50;5.38.50;0101901234;\(text(i))\n" }.joined()
    }

    @Test("Plain UTF-8, with BOM, Windows-1252, and quoted fields holding newlines: the parts give what the whole gives")
    func sameAsWhole() async throws {
        let plain = Self.rows { "Ydelse æøå \($0)" }
        let quoted = Self.rows { $0 % 3 == 0 ? "\"linje 1\nlinje; 2 \($0)\"" : "Ydelse \($0)" }
        let latin1 = Array(plain.unicodeScalars.map { UInt8($0.value) })
        let cases: [(String, [UInt8])] = [
            ("UTF-8", Array(plain.utf8)), ("BOM", [0xEF, 0xBB, 0xBF] + Array(plain.utf8)),
            ("Windows-1252", latin1), ("citater", Array(quoted.utf8)),
        ]
        for (what, bytes) in cases {
            let url = try Self.file(bytes)
            let whole = try await Self.read(url, parts: 1)
            #expect(whole.count == 600, "\(what)")
            for parts in [2, 3, 7] {
                #expect(try await Self.read(url, parts: parts) == whole, "\(what), \(parts) dele")
            }
        }
        let text = try await Self.read(try Self.file(latin1), parts: 3)
        #expect(text[5].text == "Ydelse æøå 5") // Windows-1252 read as such, not as broken UTF-8
        let lines = try await Self.read(try Self.file(Array(quoted.utf8)), parts: 3)
        #expect(lines[3].text == "linje 1\nlinje; 2 3")
    }
}
