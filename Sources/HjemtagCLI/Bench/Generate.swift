import ArgumentParser
import Foundation
import HjemtagCore

/// Writes synthetic source files of a given size in the real formats, streaming, so ten million
/// rows never sit in memory. For benchmarks and load tests; `demo` is the small end-to-end story.
struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Danner syntetiske kildefiler i en given størrelse (til benchmarks).",
        discussion:
            "kommune: ca. 300.000 posteringer over tre år; koebenhavn: ca. 10 mio.; national: ca. 60 mio. Brug --posteringer for et præcist antal.")

    enum Scale: String, ExpressibleByArgument, CaseIterable {
        case kommune, koebenhavn, national
        var postings: Int {
            switch self {
            case .kommune: return 300_000
            case .koebenhavn: return 10_000_000
            case .national: return 60_000_000
            }
        }
    }

    @Option(help: "Størrelse: kommune, koebenhavn eller national.") var scale: Scale = .kommune
    @Option(help: "Frø.") var seed: UInt64 = 1
    @Option(help: "Præcist antal posteringer (overstyrer --scale).") var posteringer: Int?
    @Option(help: "Første år; der dannes tre år.") var fraAar = 2020
    @Option(help: "Dan også ugentlige ydelsesrækker for så mange personer i ét år (national: 1.400.000).") var ydelsesPersoner: Int?
    @Argument(help: "Katalog til filerne.") var directory: String

    func run() async throws {
        let dir = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let target = posteringer ?? scale.postings
        let started = Date()
        var generator = LedgerGenerator(seed: seed, years: fraAar...(fraAar + 2))
        let (rows, persons, households) = try generator.write(
            postings: target, to: dir.appendingPathComponent("posteringer.csv"), households: dir.appendingPathComponent("husstande.csv"))
        if let n = ydelsesPersoner ?? (scale == .national ? 1_400_000 : nil) {
            let started = Date()
            var benefits = BenefitGenerator(seed: seed)
            let written = try benefits.write(persons: n, year: fraAar + 2, to: dir.appendingPathComponent("ydelser.csv"))
            say(
                "Skrev \(DanishFormat.integer(written)) ugentlige ydelsesrækker for \(DanishFormat.integer(n)) personer (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)."
            )
        }
        say(
            "Skrev \(DanishFormat.integer(rows)) posteringer for \(DanishFormat.integer(persons)) borgere og \(DanishFormat.integer(households)) husstandsmedlemskaber i \(dir.path)/ "
                + "(\(String(format: "%.1f", Date().timeIntervalSince(started))) s).")
    }
}

/// Persons with one to six services each, invoiced monthly over three years; ten percent of
/// persons are children in households; a share of postings are one-offs, income, or paid by
/// another municipality, as in a real ledger.
struct LedgerGenerator {
    var rng: SeededRandom
    let years: ClosedRange<Int>

    init(seed: UInt64, years: ClosedRange<Int>) {
        rng = SeededRandom(seed: seed)
        self.years = years
    }

    static let services: [(String, String, String)] = [
        ("SEL-108", "053850", "SOF"), ("SEL-107", "053852", "SOF"), ("SEL-85", "053842", "SOF"), ("SEL-97", "053853", "SOF"),
        ("SEL-103", "053858", "SOF"), ("SEL-104", "053859", "SOF"), ("SEL-95", "053232", "SUF"), ("SEL-52-3.7", "052823", "BUF"),
        ("SEL-52-3.3", "052821", "BUF"), ("SEL-76-3.1", "052824", "BUF"),
    ]

    mutating func write(postings target: Int, to url: URL, households: URL) throws -> (rows: Int, persons: Int, households: Int) {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        FileManager.default.createFile(atPath: households.path, contents: nil)
        let out = try FileHandle(forWritingTo: url)
        let hh = try FileHandle(forWritingTo: households)
        defer {
            try? out.close()
            try? hh.close()
        }
        var buffer = "bilag;dato;beloeb;funktion;dranst;art;cpr;paragraf;periode_fra;periode_til;forvaltning;betalingskommune;cvr;moms;tekst\n"
        var hbuffer = "cpr;husstand;fra;til\n"
        buffer.reserveCapacity(1 << 21)
        let months = (years.count) * 12
        var rows = 0
        var persons = 0
        var memberships = 0
        var voucher = 1
        var used = Set<Int>()
        let firstYear = years.lowerBound
        while rows < target {
            persons += 1
            let child = rng.chance(0.1)
            let birthYear = child ? rng.int((firstYear - 15)...(firstYear - 1)) : rng.int((firstYear - 64)...(firstYear - 19))
            var cprNumber: Int
            var cprText: String
            repeat {
                let month = rng.int(1...12)
                let day = rng.int(1...28)
                let seventh = birthYear >= 2000 ? 4 : rng.int(0...3)
                cprNumber = ((day * 100 + month) * 100 + birthYear % 100) * 10_000 + seventh * 1000 + rng.int(0...999)
                cprText = zeroPad(cprNumber / 10_000, 6) + "-" + zeroPad(cprNumber % 10_000, 4)
            } while !used.insert(cprNumber).inserted
            if child {
                memberships += 1
                hbuffer += "\(cprText);H\(persons / 3);\(birthYear)-01-01;\n"
            }
            let serviceCount = rng.int(1...6)
            for _ in 0..<serviceCount where rows < target {
                let s = LedgerGenerator.services[rng.int(0...(LedgerGenerator.services.count - 1))]
                let monthly = rng.chance(0.05) ? rng.int(60_000...180_000) : rng.int(2_000...30_000)
                let payer = rng.chance(0.03) ? "151" : ""
                let first = rng.int(0...(months / 2))
                for m in first..<months where rows < target {
                    let month = Month(year: firstYear, month: 1).adding(m)
                    let amount = monthly * 100 + rng.int(-5_000...5_000)
                    let posted = month.lastDay.adding(days: rng.int(1...15))
                    voucher += 1
                    buffer +=
                        "\(voucher);\(posted.iso);\(amount / 100),\(zeroPad(abs(amount % 100), 2));\(s.1);1;4.0;\(cprText);\(s.0);\(month.firstDay.iso);\(month.lastDay.iso);\(s.2);\(payer);;;Ydelse\n"
                    rows += 1
                    if rng.chance(0.02) && rows < target {
                        voucher += 1
                        buffer +=
                            "\(voucher);\(posted.iso);-\(monthly / 20),00;\(s.1);1;7.2;\(cprText);\(s.0);\(month.firstDay.iso);\(month.lastDay.iso);\(s.2);;;;Egenbetaling\n"
                        rows += 1
                    }
                    if buffer.utf8.count > 1 << 20 {
                        out.write(Data(buffer.utf8))
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
            }
            if rng.chance(0.01) && rows < target {
                voucher += 1
                buffer += "\(voucher);\(firstYear + 1)-06-15;\(rng.int(10_000...90_000)),00;053850;1;4.0;\(cprText);SEL-108;;;SOF;;;;Enkeltudgift\n"
                rows += 1
            }
            if hbuffer.utf8.count > 1 << 20 {
                hh.write(Data(hbuffer.utf8))
                hbuffer.removeAll(keepingCapacity: true)
            }
        }
        out.write(Data(buffer.utf8))
        hh.write(Data(hbuffer.utf8))
        return (rows, persons, memberships)
    }
}

/// One year of weekly benefit rows per person, sorted by person: one or two spells, a benefit that
/// may change between them, as Ydelsesrefusion sees the country (1,4 mio. persons a year).
struct BenefitGenerator {
    var rng: SeededRandom
    init(seed: UInt64) { rng = SeededRandom(seed: seed &+ 99) }

    static let benefits = ["Kontanthjælp", "Sygedagpenge", "Arbejdsløshedsdagpenge", "Ressourceforløbsydelse", "Ledighedsydelse", "Førtidspension"]

    mutating func write(persons: Int, year: Int, to url: URL) throws -> Int {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let out = try FileHandle(forWritingTo: url)
        defer { try? out.close() }
        var buffer = "cpr;ydelse;periode_fra;periode_til;beloeb\n"
        var rows = 0
        let first = ISOWeek(year: year, week: 1)!.monday
        for p in 0..<persons {
            // Distinct, valid CPR numbers in order: the person index spread over days and serials.
            let day = 1 + p % 28
            let month = 1 + (p / 28) % 12
            let yy = 40 + (p / 336) % 60
            let serial = (p / 20_160) % 4000
            let cpr = zeroPad(day, 2) + zeroPad(month, 2) + zeroPad(yy, 2) + "-" + zeroPad(serial, 4)
            let weekly = rng.int(2_000...5_000)
            var week = rng.int(0...30)
            for spell in 0..<rng.int(1...2) {
                let benefit = BenefitGenerator.benefits[rng.int(0...(BenefitGenerator.benefits.count - 1))]
                let length = rng.int(4...52)
                for _ in 0..<length where week < 52 {
                    let monday = first.adding(days: 7 * week)
                    buffer += "\(cpr);\(benefit);\(monday.iso);\(monday.adding(days: 6).iso);\(weekly),\(zeroPad(rng.int(0...99), 2))\n"
                    rows += 1
                    week += 1
                }
                week += spell == 0 ? rng.int(1...10) : 0
            }
            if buffer.utf8.count > 1 << 20 {
                out.write(Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        out.write(Data(buffer.utf8))
        return rows
    }
}
