import Foundation
import HjemtagCore
import Testing

@testable import HjemtagImport

func tempFile(_ bytes: [UInt8], name: String = "fil.csv") throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url
}

func tempFile(_ text: String, name: String = "fil.csv") throws -> URL { try tempFile(Array(text.utf8), name: name) }

func readAll(_ url: URL) throws -> (CSVReader, [CSVRecord]) {
    let fp = try FileFingerprint.compute(url: url)
    let reader = try CSVReader(url: url, encoding: fp.encoding)
    var out: [CSVRecord] = []
    while let r = try reader.next() { out.append(r) }
    return (reader, out)
}

@Suite("CSV reader: Danish municipal CSV as it comes")
struct CSVReaderTests {
    @Test("Semicolon detected; quoted separators, doubled quotes and embedded newlines survive")
    func quoting() throws {
        let url = try tempFile("a;b;c\r\n1;\"x; y\";\"sagde \"\"hej\"\"\"\r\n2;\"linje 1\nlinje 2\";z\r\n3;;\n")
        let (reader, rows) = try readAll(url)
        #expect(reader.separatorName == "semikolon")
        #expect(rows.count == 4)
        #expect(rows[1].fields == ["1", "x; y", "sagde \"hej\""])
        #expect(rows[2].fields == ["2", "linje 1\nlinje 2", "z"])
        #expect(rows[3].line == 5) // the embedded newline moved the physical line on
        #expect(rows[3].fields == ["3", "", ""])
    }

    @Test("Comma detected (OS2bos writes with Python's csv module)")
    func comma() throws {
        let (reader, rows) = try readAll(try tempFile("id,amount,date\n1,\"1,5\",2024-01-01\n"))
        #expect(reader.separatorName == "komma")
        #expect(rows[1].fields == ["1", "1,5", "2024-01-01"])
    }

    @Test("UTF-8 with BOM, UTF-8 and Windows-1252 are detected and decoded")
    func encodings() throws {
        let bom = try FileFingerprint.compute(url: try tempFile([0xEF, 0xBB, 0xBF] + Array("navn\nKøge\n".utf8)))
        #expect(bom.encoding == .utf8BOM)
        let (_, bomRows) = try readAll(try tempFile([0xEF, 0xBB, 0xBF] + Array("navn\nKøge\n".utf8)))
        #expect(bomRows[0].fields == ["navn"]) // the BOM is not part of the first header
        #expect(bomRows[1].fields == ["Køge"])
        let latin = try tempFile(Array("navn\n".utf8) + [0x4B, 0xF8, 0x67, 0x65, 0x20, 0x80, 0x0A]) // "Køge €"
        #expect(try FileFingerprint.compute(url: latin).encoding == .windows1252)
        let (_, latinRows) = try readAll(latin)
        #expect(latinRows[1].fields == ["Køge €"])
    }

    @Test("A header's encoding from its first line: the file's recognition reads no further")
    func headerEncoding() throws {
        let utf8 = try tempFile("bilag;dato;beløb\n1;2024-01-01;5\n")
        #expect(try FileFingerprint.headerEncoding(url: utf8) == .utf8)
        let bom = try tempFile([0xEF, 0xBB, 0xBF] + Array("beløb\n5\n".utf8))
        #expect(try FileFingerprint.headerEncoding(url: bom) == .utf8BOM)
        // "beløb" in Windows-1252: ø is 0xF8, never valid UTF-8.
        let latin = try tempFile(Array("bel".utf8) + [0xF8] + Array("b\n5\n".utf8))
        #expect(try FileFingerprint.headerEncoding(url: latin) == .windows1252)
        let header = try CSVReader(url: latin, encoding: try FileFingerprint.headerEncoding(url: latin)).next()
        #expect(header?.fields == ["beløb"])
        // A file of one line without its newline, and a first line past 64 KiB (the whole file then).
        #expect(try FileFingerprint.headerEncoding(url: try tempFile(Array("bel".utf8) + [0xF8, 0x62])) == .windows1252)
        let long = try tempFile(String(repeating: "a", count: 70_000) + "\n" + "Køge\n")
        #expect(try FileFingerprint.headerEncoding(url: long) == .utf8)
    }

    @Test("An unterminated quote is reported with its line")
    func unterminated() throws {
        let url = try tempFile("a;b\n1;\"aldrig lukket\n2;3\n")
        let fp = try FileFingerprint.compute(url: url)
        let reader = try CSVReader(url: url, encoding: fp.encoding)
        _ = try reader.next()
        #expect(throws: ImportProblem.self) { try reader.next() }
    }

    @Test("Header names match case- and accent-insensitively")
    func header() {
        let h = CSVHeader(fields: ["Beløb", " Periode fra ", "CPR", "Betalingskommune"])
        #expect(h.position(of: "beloeb") == 0)
        #expect(h.position(of: "periode_fra") == 1)
        #expect(h.position(of: "cpr") == 2)
        #expect(h.position(of: "moms") == nil)
    }

    @Test("SHA-256 of a known text")
    func sha() throws {
        let fp = try FileFingerprint.compute(url: try tempFile("abc"))
        #expect(fp.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(fp.size == 3)
    }

    @Test("Reads across the 1 MiB chunk boundary without losing or splitting a field")
    func chunkBoundary() throws {
        var text = "a;b\n"
        for i in 0..<60_000 { text += "\(i);\"felt \(i) med ; og \"\"citat\"\"\"\n" }
        let (_, rows) = try readAll(try tempFile(text))
        #expect(rows.count == 60_001)
        #expect(rows[59_999].fields == ["59998", "felt 59998 med ; og \"citat\""])
    }
}

/// A national file is parsed on every core: cut into byte ranges at line starts. Every record
/// must come out exactly once, whatever the cut and the line endings.
@Suite("CSV reader in byte ranges")
struct CSVRangeTests {
    func records(_ url: URL, ranges: [Range<UInt64>], encoding: TextEncoding) throws -> [[String]] {
        let separator = try CSVReader(url: url, encoding: encoding).separator
        var out: [[String]] = []
        for range in ranges {
            let reader = try CSVReader(url: url, encoding: encoding, separator: separator, range: range)
            while let r = try reader.next() { out.append(r.fields) }
        }
        return out
    }

    @Test("Cut into 2, 3 and 7 parts, with BOM, CRLF and Windows-1252, the parts hold every record of the whole file once, in order")
    func partsEqualWhole() throws {
        var rng = SystemRandomNumberGenerator()
        for (bom, newline, latin) in [(false, "\n", false), (true, "\r\n", false), (false, "\r\n", true)] {
            var text = "cpr;ydelse;beloeb" + newline
            for i in 0..<2_000 {
                text += "0101\(zeroPad(i % 100, 2))-\(zeroPad(i, 4));Kontanthjælp æøå \(Int.random(in: 0...999_999, using: &rng));\(i),50" + newline
            }
            let bytes: [UInt8] = latin ? text.unicodeScalars.map { UInt8($0.value) } : (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
            let url = try tempFile(bytes)
            let (whole, expected) = try readAll(url)
            for parts in [2, 3, 7] {
                let ranges = try #require(try CSVReader.ranges(of: url, parts: parts, minimumBytes: 0))
                #expect(ranges.count == parts)
                #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == UInt64(bytes.count))
                #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
                #expect(try records(url, ranges: ranges, encoding: whole.encoding) == expected.map(\.fields))
            }
        }
    }

    @Test("The scan finds a quote anywhere in any part and the encoding of the whole; a small file is not cut")
    func scan() async throws {
        var text = "a;b\n"
        for i in 0..<1_000 { text += "\(i);æ\n" }
        let plain = try tempFile(text)
        let cuts = try #require(try CSVReader.ranges(of: plain, parts: 3, minimumBytes: 0))
        #expect(try await FileScan.scan(url: plain, ranges: cuts) == FileScan(encoding: .utf8, hasQuote: false))
        let quoted = try tempFile(text + "1001;\"y\"\n")
        #expect(try await FileScan.scan(url: quoted, ranges: try #require(try CSVReader.ranges(of: quoted, parts: 3, minimumBytes: 0))).hasQuote)
        // One Windows-1252 byte in the last part makes the whole file Windows-1252.
        let latin = try tempFile(Array(text.utf8) + [0x31, 0x3B, 0xE6, 0x0A])
        #expect(
            try await FileScan.scan(url: latin, ranges: try #require(try CSVReader.ranges(of: latin, parts: 3, minimumBytes: 0))).encoding
                == .windows1252)
        let bom = try tempFile([0xEF, 0xBB, 0xBF] + Array(text.utf8))
        #expect(
            try await FileScan.scan(url: bom, ranges: try #require(try CSVReader.ranges(of: bom, parts: 2, minimumBytes: 0))).encoding == .utf8BOM)
        #expect(try CSVReader.ranges(of: plain, parts: 2) == nil) // under 16 MiB
        #expect(try CSVReader.ranges(of: plain, parts: 1, minimumBytes: 0) == nil)
    }
}

@Suite("Encoding detection")
struct UTF8ValidatorTests {
    @Test("Fed in any chunks, the check agrees with Swift's own UTF-8 validation, across the eight-byte ASCII steps")
    func agreesWithSwift() {
        // Whole characters of one to four bytes, and stray bytes that break UTF-8 (a lone lead byte,
        // a lone continuation byte, a byte never used in UTF-8). No draw can form an overlong or a
        // surrogate, which the check does not look for.
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("12345678;".utf8), Array("ø".utf8), Array("€".utf8),
            Array("😀".utf8), [0xC3], [0x80], [0xFF],
        ]
        var random = SeededRandom(seed: 5)
        var invalid = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<random.int(0...12) {
                // Stray bytes are rare, so most draws are valid and long runs of ASCII occur.
                let piece = random.chance(0.05) ? random.pick(Array(pieces[5...])) : random.pick(Array(pieces[0..<5]))
                bytes += piece
            }
            var validator = UTF8Validator()
            var at = 0
            while at < bytes.count {
                let end = min(bytes.count, at + random.int(1...40))
                bytes[at..<end].withUnsafeBytes { validator.feed($0) }
                at = end
            }
            let swift = String(validating: bytes, as: UTF8.self) != nil
            #expect(validator.complete == swift, "\(bytes)")
            if !swift { invalid += 1 }
        }
        #expect(invalid > 1_000 && invalid < 19_000)
    }

    @Test("A character cut by eight ASCII bytes is invalid, whether its end comes after them or not")
    func cutCharacter() {
        for bytes: [UInt8] in [
            [0xC3] + Array("abcdefgh".utf8) + [0xB8], [0xE2, 0x82] + Array("abcdefgh".utf8) + [0xAC],
            Array("abcdefgh".utf8) + [0xC3],
        ] {
            var validator = UTF8Validator()
            bytes.withUnsafeBytes { validator.feed($0) }
            #expect(!validator.complete, "\(bytes)")
        }
        var whole = UTF8Validator()
        (Array("abcdefgh".utf8) + Array("ø".utf8) + Array("ijklmnop".utf8)).withUnsafeBytes { whole.feed($0) }
        #expect(whole.complete)
    }
}
