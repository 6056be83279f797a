import Foundation
import HjemtagCore
import Testing

@testable import HjemtagImport

func parse(_ csv: String) throws -> ([Posting], [ImportProblem]) {
    let url = try tempFile(csv, name: "posteringer.csv")
    let fp = try FileFingerprint.compute(url: url)
    let reader = try CSVReader(url: url, encoding: fp.encoding)
    let header = CSVHeader(fields: try reader.next()!.fields)
    var postings: [Posting] = []
    var problems: [ImportProblem] = []
    while let r = try reader.next() {
        var ctx = RowContext(file: "posteringer.csv", header: header, record: r)
        if let p = PostingParser().parse(&ctx) { postings.append(p) }
        problems += ctx.problems
    }
    return (postings, problems)
}

@Suite("Postings file: the canonical ledger format")
struct PostingParserTests {
    @Test("One parser read on two files with their columns in other orders, and back: each row by its own file's header")
    func oneParserTwoHeaders() {
        let parser = PostingParser()
        let a = CSVHeader(fields: ["dato", "beloeb", "funktion"])
        let b = CSVHeader(fields: ["funktion", "dato", "beloeb"])
        func read(_ header: CSVHeader, _ fields: [String]) -> Posting? {
            var ctx = RowContext(file: "f.csv", header: header, record: CSVRecord(fields: fields, line: 2))
            return parser.parse(&ctx)
        }
        for _ in 0..<2 {
            #expect(read(a, ["2024-01-31", "10,00", "5.38.50"])?.amount == Money(ore: 1_000))
            #expect(read(b, ["5.38.51", "2024-02-29", "20,00"])?.function == AccountFunction(main: 5, group: 38, function: 51))
            #expect(read(b, ["5.38.51", "2024-02-29", "20,00"])?.amount == Money(ore: 2_000))
        }
    }

    @Test("Two parsers on one header object each get their own facts, whichever asks first, also from many tasks at once")
    func oneHeaderTwoParsers() async {
        final class Facts: Sendable {
            let tag: String
            init(_ tag: String) { self.tag = tag }
        }
        for firstAsks in ["a", "b"] {
            let header = CSVHeader(fields: ["dato", "beloeb"])
            let a = PerHeader { _ in Facts("a") }
            let b = PerHeader { _ in Facts("b") }
            #expect((firstAsks == "a" ? a(header) : b(header)).tag == firstAsks)
            let tags = await withTaskGroup(of: [String].self) { group in
                for _ in 0..<8 { group.addTask { (0..<1_000).flatMap { _ in [a(header).tag, b(header).tag] } } }
                return await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(tags.count == 16_000 && Set(tags.enumerated().map { "\($0.offset % 2)\($0.element)" }) == ["0a", "1b"])
        }
    }

    @Test("Leaving the free texts out changes no verdict: the same rows refused with the same problems, the same values kept")
    func withoutTexts() {
        let header = CSVHeader(fields: [
            "bilag", "dato", "beloeb", "funktion", "dranst", "art", "cpr", "paragraf", "forvaltning", "cvr", "moms", "tekst", "sagsnr",
        ])
        let full = PostingParser()
        let lean = PostingParser(keepsText: false)
        var random = SeededRandom(seed: 5)
        /// One of `good`, or now and then (one time in ten) one of `bad`.
        func pick(_ good: [String], bad: [String]) -> String {
            Int.random(in: 0..<10, using: &random) == 0 ? bad.randomElement(using: &random)! : good.randomElement(using: &random)!
        }
        var refused = 0
        for n in 0..<5_000 {
            let fields = [
                "B-\(n)", pick(["2024-03-31", "31.03.2024"], bad: ["2024-02-30"]), pick(["1.234,56", "-12,5"], bad: ["x"]),
                pick(["5.38.50", "053850"], bad: ["9.99"]), "1", "4.0", pick(["0101901234", ""], bad: ["01019"]), "sel-108", "SOF",
                pick(["", "12345678", "1234 5678", " 12345678 ", "12 34 56 78"], bad: ["1234567", "123456789", "1234567x", "１２３４５６７８"]),
                pick(["", "10,00"], bad: ["moms"]), "Tekst \(n)", "S-\(n)",
            ]
            var a = RowContext(file: "f.csv", header: header, record: CSVRecord(fields: fields, line: n + 2))
            var b = RowContext(file: "f.csv", header: header, record: CSVRecord(fields: fields, line: n + 2))
            let kept = full.parse(&a)
            let left = lean.parse(&b)
            #expect(a.problems.map(\.description) == b.problems.map(\.description))
            if kept == nil { refused += 1 }
            var expected = kept
            expected?.voucher = nil
            expected?.dranst = nil
            expected?.art = nil
            expected?.text = nil
            expected?.cvr = nil
            expected?.extra = [:]
            #expect(left == expected)
        }
        #expect(refused > 500 && refused < 4_500) // both verdicts drawn often
    }

    @Test("A full row with every column, order free, extra columns kept")
    func fullRow() throws {
        let (rows, problems) = try parse(
            """
            tekst;Beløb;dato;funktion;cpr;paragraf;periode_fra;periode_til;forvaltning;betalingskommune;cvr;moms;art;dranst;bilag;sagsnr
            Botilbud marts;1.234,56;2024-03-31;053850;010190-1234;sel-108;01.03.2024;31.03.2024;SOF;Ballerup;12345678;0,00;4.0;1;B-17;S-99

            """)
        #expect(problems.isEmpty)
        let p = try #require(rows.first)
        #expect(p.amount == Money(ore: 123_456))
        #expect(p.function.description == "5.38.50")
        #expect(p.cpr?.digits == "0101901234")
        #expect(p.paragraph == "SEL-108")
        #expect(p.period == DateRange(Day(year: 2024, month: 3, day: 1)!, Day(year: 2024, month: 3, day: 31)!))
        #expect(p.payingMunicipality == 151)
        #expect(p.extra == ["sagsnr": "S-99"])
        #expect(p.line == 2)
    }

    @Test("Only dato, beloeb and funktion are required")
    func minimal() throws {
        let (rows, problems) = try parse("dato;beloeb;funktion\n05.02.2022;-500;6.45.51\n")
        #expect(problems.isEmpty)
        #expect(rows.first?.amount == Money(kroner: -500))
        #expect(rows.first?.cpr == nil)
        #expect(rows.first?.period == nil)
    }

    @Test("Every problem in a row is reported with line, column and a Danish reason; CPR is never echoed")
    func problems() throws {
        let (rows, problems) = try parse(
            "dato;beloeb;funktion;cpr;periode_fra;periode_til;betalingskommune\n2022-02-30;12x;5.38;3102901234;2022-02-01;;Atlantis\n")
        #expect(rows.isEmpty)
        let where_ = problems.map { "\($0.line):\($0.column)" }
        #expect(where_ == ["2:1", "2:2", "2:3", "2:4", "2:6", "2:7"])
        #expect(problems.allSatisfy { !$0.description.contains("3102901234") })
        #expect(problems[0].description.hasPrefix("posteringer.csv:2:1: kolonne 'dato':"))
    }
}
