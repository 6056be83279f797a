import Foundation
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
