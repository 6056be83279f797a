import Foundation
import Testing

@testable import HjemtagCore
@testable import HjemtagImport

/// A file's dates, amounts, CPR numbers and account functions are read straight from the field's
/// bytes when they have the plain form; everything else goes the String way, which alone writes
/// the messages. The byte way must never read a value differently, and must leave to the String
/// way everything that way would refuse.
@Suite("Fields read from their bytes")
struct FieldBytesTests {
    /// Short strings from the characters these fields are made of, so random draws often hit
    /// valid, nearly valid and ambiguous forms.
    static func draws(_ count: Int, seed: UInt64, alphabet: [Character], length: ClosedRange<Int>) -> [String] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in String((0..<random.int(length)).map { _ in random.pick(alphabet) }) }
    }

    @Test("A CPR number read from bytes is the one the general reading gives, and nothing it refuses")
    func cpr() {
        let alphabet: [Character] = ["0", "1", "2", "3", "4", "5", "9", "-", " ", "x"]
        var read = 0
        for raw in Self.draws(200_000, seed: 1, alphabet: alphabet, length: 9...12) + ["010190-1234", "0101901234", "3102901234", "0101905234"] {
            guard let fast = CPR(exactUTF8: Array(raw.utf8)) else { continue }
            read += 1
            #expect((try? CPR(general: raw)) == fast, "\(raw)")
        }
        #expect(read > 100) // the draws reach the byte way often enough to mean something
        #expect(CPR(exactUTF8: Array("3102901234".utf8)) == nil) // 31 February: the general way names it
        #expect(CPR(exactUTF8: Array("0101901-234".utf8)) == nil)
    }

    @Test("An amount read from bytes is the one the general reading gives, and nothing it refuses")
    func money() {
        let alphabet: [Character] = ["0", "1", "5", "9", "-", ",", ".", " "]
        var read = 0
        for raw in Self.draws(200_000, seed: 2, alphabet: alphabet, length: 1...8) + ["1.234", "1234,5", "-0,01", "1,234"] {
            guard let fast = Money.plainFast(utf8: Array(raw.utf8)) else { continue }
            read += 1
            #expect((try? Money.parseGeneral(raw)) == fast, "\(raw)")
        }
        #expect(read > 1000)
        #expect(Money.plainFast(utf8: Array("1.234".utf8)) == nil) // ambiguous: the general way says so
        #expect(Money.plainFast(utf8: Array("1234,5".utf8)) == Money(ore: 123_450))
    }

    @Test("An account function read from bytes is the one the general reading gives, and nothing it refuses")
    func accountFunction() {
        let alphabet: [Character] = ["0", "5", "3", "8", "."]
        var read = 0
        for raw in Self.draws(100_000, seed: 3, alphabet: alphabet, length: 5...8) + ["5.38.50", "053850", "153850"] {
            guard let fast = AccountFunction(canonicalUTF8: Array(raw.utf8)) else { continue }
            read += 1
            #expect(AccountFunction(general: raw) == fast, "\(raw)")
        }
        #expect(read > 100)
        #expect(AccountFunction(canonicalUTF8: Array("153850".utf8)) == nil)
        #expect(AccountFunction(canonicalUTF8: Array("5.38.50".utf8)) == AccountFunction(main: 5, group: 38, function: 50))
    }

    @Test("An account function's text written in place is the interpolated one, and reads back as the same function")
    func accountFunctionText() {
        for main in [0, 5, 9, 10, 12] {
            for group in [0, 1, 9, 10, 38, 99, 100] {
                for function in [0, 2, 50, 99, 123] {
                    let f = AccountFunction(main: main, group: group, function: function)
                    #expect(f.description == "\(main).\(zeroPad(group, 2)).\(zeroPad(function, 2))")
                    if main < 10 && group < 100 && function < 100 { #expect(AccountFunction(parsing: f.description) == f) }
                }
            }
        }
    }

    @Test("A municipality read from a code's bytes is the one looked up by the text, and nothing the lookup refuses")
    func kommune() {
        let header = CSVHeader(fields: ["betalingskommune"])
        let alphabet: [Character] = ["0", "1", "5", "3", " ", "x"]
        var found = 0
        for raw in Self.draws(20_000, seed: 6, alphabet: alphabet, length: 1...5) + ["151", "0151", "Ballerup", "411"] {
            var row = RowContext(file: "f.csv", header: header, record: CSVRecord(fields: [raw], line: 2))
            let read = row.kommune("betalingskommune")
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            #expect(read == (trimmed.isEmpty ? nil : Kommune.lookup(trimmed)), "\(raw)")
            if read != nil { found += 1 }
        }
        #expect(found > 100)
    }

    @Test("A record keeps its fields: each read back as written, empty ones too, and equal content means equal fields")
    func recordFields() {
        var random = SeededRandom(seed: 4)
        let pieces = ["", "a", "Køge", "1;2", "x y", "€"]
        var byContent: [CSVRecord.Content: [String]] = [:]
        for line in 0..<5_000 {
            let fields = (0..<random.int(1...4)).map { _ in random.pick(pieces) }
            let record = CSVRecord(fields: fields, line: line)
            #expect(record.fields == fields)
            #expect(record.count == fields.count)
            for (i, f) in fields.enumerated() {
                #expect(record.isEmpty(i) == f.isEmpty)
                #expect(record.withBytes(of: i) { Array($0) } == Array(f.utf8))
            }
            if let earlier = byContent.updateValue(fields, forKey: record.content) { #expect(earlier == fields) }
        }
        #expect(byContent.count > 100)
    }

    @Test("A quoted line and the same fields unquoted have the same content; other fields do not")
    func contentAcrossForms() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("f.csv")
        try Data("a;b\n\"x\";y\nx;y\nx;yy\nxy;\n".utf8).write(to: url)
        let reader = try CSVReader(url: url, encoding: .utf8)
        var records: [CSVRecord] = []
        while let r = try reader.next() { records.append(r) }
        #expect(records[1].content == records[2].content) // "x";y and x;y
        #expect(Set([records[1].content, records[2].content]).count == 1)
        #expect(records[2].content != records[3].content)
        #expect(records[2].content != records[4].content) // x;y is not xy;
        #expect(records[2].content == CSVRecord(fields: ["x", "y"], line: 9).content)
    }
}
