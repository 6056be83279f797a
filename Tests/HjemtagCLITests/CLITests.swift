import Foundation
import HjemtagCore
import HjemtagStore
import Testing

@testable import HjemtagCLI

final class Captured: @unchecked Sendable {
    private let lock = NSLock()
    private var outLines: [String] = [], errLines: [String] = []
    func out(_ s: String) {
        lock.lock()
        outLines.append(s)
        lock.unlock()
    }
    func err(_ s: String) {
        lock.lock()
        errLines.append(s)
        lock.unlock()
    }
    var stdout: String {
        lock.lock()
        defer { lock.unlock() }
        return outLines.joined(separator: "\n")
    }
    var stderr: String {
        lock.lock()
        defer { lock.unlock() }
        return errLines.joined(separator: "\n")
    }
}

/// Runs `hjemtag ARGS` in-process against a database in `dir`.
func hjemtag(_ args: [String], in dir: URL) async -> (code: Int32, out: String, err: String) {
    let captured = Captured()
    let console = Console(out: { captured.out($0) }, err: { captured.err($0) })
    let code = await Console.$current.withValue(console) {
        await HjemtagMain.execute(args + ["--database", dir.appendingPathComponent("cli.sqlite").path])
    }
    return (code, captured.stdout, captured.stderr)
}

func tempDir() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

@Suite("CLI", .serialized)
struct CLITests {
    @Test("migrate sets the municipality; status shows it")
    func migrateAndStatus() async throws {
        let dir = try tempDir()
        let m = await hjemtag(["migrate", "--kommune", "350"], in: dir)
        #expect(m.code == 0)
        #expect(m.out.contains("Lejre Kommune (350)"))
        let s = await hjemtag(["status"], in: dir)
        #expect(s.out.contains("Kommune: Lejre Kommune (350)"))
        let bad = await hjemtag(["migrate", "--kommune", "999"], in: dir)
        #expect(bad.code == 1)
        #expect(bad.err.hasPrefix("fejl: '999' er ikke en kommunekode"))
    }

    @Test("import: good file exit 0; bad file exit 65 listing every problem; same file again refused")
    func importExitCodes() async throws {
        let dir = try tempDir()
        let good = dir.appendingPathComponent("god.csv")
        try "dato;beloeb;funktion\n2022-01-01;100,00;5.38.50\n2022-01-02;200,00;5.38.50\n".write(to: good, atomically: true, encoding: .utf8)
        let bad = dir.appendingPathComponent("daarlig.csv")
        try "dato;beloeb;funktion;cpr\n2022-01-01;x;5.38.50;\n2022-01-02;200,00;5.38.50;999999-9999\n".write(
            to: bad, atomically: true, encoding: .utf8)

        let ok = await hjemtag(["import", "posteringer", good.path], in: dir)
        #expect(ok.code == 0)
        #expect(ok.out.contains("god.csv: 2 rækker importeret"))

        let failed = await hjemtag(["import", "posteringer", bad.path], in: dir)
        #expect(failed.code == 65)
        #expect(failed.err.contains("daarlig.csv:2:2: kolonne 'beloeb': 'x' er ikke et beløb"))
        #expect(failed.err.contains("daarlig.csv:3:4: kolonne 'cpr':"))
        #expect(!failed.err.contains("999999"))
        #expect(failed.err.contains("Intet er gemt"))

        let again = await hjemtag(["import", "posteringer", good.path], in: dir)
        #expect(again.code == 1)
        #expect(again.err.contains("allerede importeret"))

        let list = await hjemtag(["imports", "--json"], in: dir)
        let imports = try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as! [[String: Any]]
        #expect(imports.count == 1)
        #expect(imports[0]["row_count"] as? Int == 2)

        let unknown = await hjemtag(["import", "ukendt", good.path], in: dir)
        #expect(unknown.code == 1)
        #expect(unknown.err.contains("ukendt importtype"))

        // The same rows in another file (decimal points, commas): refused with 65, every line named;
        // with a reason they come in, and the reason is in the audit log.
        let copy = dir.appendingPathComponent("kopi.csv")
        try "dato,beloeb,funktion\n01.01.2022,100.00,5.38.50\n02.01.2022,200.00,5.38.50\n".write(to: copy, atomically: true, encoding: .utf8)
        let duplicate = await hjemtag(["import", "posteringer", copy.path], in: dir)
        #expect(duplicate.code == 65)
        #expect(
            duplicate.err.contains("kopi.csv:2:1: rækken har samme indhold som en gemt række: findes allerede fra import nr. 1 (god.csv), linje 2"))
        #expect(duplicate.err.contains("kopi.csv:3:1:") && duplicate.err.contains("--tillad-dubletter"))
        let allowed = await hjemtag(["import", "posteringer", copy.path, "--tillad-dubletter", "Bogført i begge regnskaber; rettes i 2023"], in: dir)
        #expect(allowed.code == 0 && allowed.out.contains("kopi.csv: 2 rækker importeret"))
        let header = dir.appendingPathComponent("tom.csv")
        try "dato;beloeb;funktion\n".write(to: header, atomically: true, encoding: .utf8)
        let empty = await hjemtag(["import", "posteringer", header.path], in: dir)
        #expect(empty.code == 0 && empty.err.contains("tom.csv: advarsel: filen har ingen rækker at gemme (kun en overskrift)."))
    }

    @Test("bruger opret refuses an empty name, spaces and a formula; a valid name is created")
    func userNames() async throws {
        let dir = try tempDir()
        for bad in ["", " ", "a", "anna jensen", "=HYPERLINK(\"x\")", "web:anna"] {
            let r = await hjemtag(["bruger", "opret", "--brugernavn", bad, "--rolle", "revisor", "--adgangskode", "en-lang-adgangskode"], in: dir)
            #expect(r.code == 1 && r.err.contains("ugyldigt brugernavn"), "'\(bad)': \(r.err)")
        }
        let ok = await hjemtag(
            ["bruger", "opret", "--brugernavn", "anna.jensen", "--rolle", "revisor", "--adgangskode", "en-lang-adgangskode"], in: dir)
        #expect(ok.code == 0)
    }

    @Test("parametre saet fills a year; parametre lists it with its source")
    func parameters() async throws {
        let dir = try tempDir()
        _ = await hjemtag(["migrate"], in: dir)
        let set = await hjemtag(
            [
                "parametre", "saet", "sde.graense.t1", "--fra", "2023-01-01", "--til", "2023-12-31",
                "--vaerdi", "880.000", "--kilde", "https://example.invalid/satser-2023",
            ], in: dir)
        #expect(set.code == 0)
        let list = await hjemtag(["parametre", "liste", "--json"], in: dir)
        #expect(list.out.contains("https://example.invalid/satser-2023"))
        #expect(list.out.contains("\"value\" : \"880000\""))
        let noURL = await hjemtag(["parametre", "saet", "sde.graense.t1", "--fra", "2024-01-01", "--vaerdi", "1", "--kilde", "min chef"], in: dir)
        #expect(noURL.code == 1)
    }

    @Test("parametre tjek names the years without a value and fails; a parameter file fills them, historik and tilbagetraek keep the record")
    func parameterCheckAndFiles() async throws {
        let dir = try tempDir()
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        _ = await hjemtag(["migrate"], in: dir)
        try "dato;beloeb;funktion\n2022-03-01;100,00;5.38.50\n2023-11-30;100,00;5.38.50\n".write(
            to: dir.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        _ = await hjemtag(["import", "posteringer", path("p.csv")], in: dir)
        let check = await hjemtag(["parametre", "tjek"], in: dir)
        #expect(check.code == 1)
        #expect(check.out.contains("sde.graense.t1") && check.out.contains("ingen verificeret værdi for 2023") && check.out.contains("3 problemer"))
        let file = """
            parameter;fra;til;vaerdi;kilde;kontrolleret;note
            sde.graense.t1;01.01.2023;31.12.2023;880.000;https://example.invalid/2023;20.11.2026;
            sde.graense.t2;01.01.2023;31.12.2023;1.720.000;https://example.invalid/2023;20.11.2026;
            sde.graense.t3;01.01.2023;31.12.2023;2.170.000;https://example.invalid/2023;20.11.2026;

            """
        try file.write(to: dir.appendingPathComponent("satser.csv"), atomically: true, encoding: .utf8)
        let imported = await hjemtag(["parametre", "import", path("satser.csv")], in: dir)
        #expect(imported.code == 0 && imported.out.contains("3 værdier gemt"))
        let clean = await hjemtag(["parametre", "tjek"], in: dir)
        #expect(clean.code == 0 && clean.out.contains("Ingen problemer"), "\(clean.out)")
        // The file a municipality passes on reads back the same.
        let exported = await hjemtag(["parametre", "eksport", "--fil", path("ud.csv")], in: dir)
        #expect(exported.code == 0)
        let text = try String(contentsOf: dir.appendingPathComponent("ud.csv"), encoding: .utf8)
        #expect(text.contains("sde.graense.t2;01.01.2023;31.12.2023;1.720.000,00;https://example.invalid/2023;20.11.2026;"))
        let withdrawn = await hjemtag(["parametre", "tilbagetraek", "2", "--grund", "kilden var et udkast"], in: dir)
        #expect(withdrawn.code == 0)
        let history = await hjemtag(["parametre", "historik"], in: dir)
        #expect(history.out.contains("tilbagetrukket af cli:") && history.out.contains("kilden var et udkast"))
        #expect(await hjemtag(["parametre", "tjek"], in: dir).code == 1)
        // A broken file names the file, line and column, and stores nothing.
        try file.replacingOccurrences(of: "2.170.000", with: "1.000.000").replacingOccurrences(of: "2023", with: "2024")
            .write(to: dir.appendingPathComponent("forkert.csv"), atomically: true, encoding: .utf8)
        let broken = await hjemtag(["parametre", "import", path("forkert.csv")], in: dir)
        #expect(broken.code == 65 && broken.err.contains("forkert.csv:4:4"))
        #expect(!(await hjemtag(["parametre", "historik"], in: dir)).out.contains("2024"))
    }

    @Test("demo generates, imports and summarises deterministically")
    func demo() async throws {
        let dir = try tempDir()
        let out = dir.appendingPathComponent("demo-data").path
        let first = await hjemtag(["demo", "--indbyggere", "3000", "--seed", "7", "--katalog", out], in: dir)
        #expect(first.code == 0)
        #expect(first.out.contains("Demobruger: demo / "))
        #expect(first.out.contains("Resumé"))
        let bytes1 = try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("posteringer.csv"))
        let second = await hjemtag(["demo", "--indbyggere", "3000", "--seed", "7", "--katalog", out], in: dir)
        #expect(second.code == 0)
        #expect(second.out.contains("allerede importeret"))
        let bytes2 = try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("posteringer.csv"))
        #expect(bytes1 == bytes2)
        #expect(first.out.contains("Mellemkommunal: "))
        // The mellemkommunal flow as a user drives it: list, JSON, move a claim, refuse a wrong move, write a letter.
        let json = await hjemtag(["mellemkommunal", "--json", "--dato", "2026-11-23"], in: dir)
        #expect(json.code == 0)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        let candidates = parsed?["kravkandidater"] as? [[String: Any]] ?? []
        #expect(!candidates.isEmpty && (parsed?["betalingsperioder"] as? [Any])?.isEmpty == false)
        let list = await hjemtag(["mellemkommunal", "krav", "--ud", "--json", "--dato", "2026-11-23"], in: dir)
        let claims = try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [[String: Any]] ?? []
        let id = try #require(claims.first?["id"] as? Int)
        let wrong = await hjemtag(["mellemkommunal", "status", String(id), "betalt"], in: dir)
        #expect(wrong.code != 0 && wrong.err.contains("kan ikke ændres til 'betalt'"))
        let sent = await hjemtag(["mellemkommunal", "status", String(id), "sendt", "--note", "sendt pr. e-Boks"], in: dir)
        #expect(sent.code == 0)
        let letter = dir.appendingPathComponent("brev.html").path
        let written = await hjemtag(["mellemkommunal", "brev", String(id), "--out", letter], in: dir)
        #expect(written.code == 0)
        let html = try String(contentsOfFile: letter, encoding: .utf8)
        #expect(html.contains("Krav om mellemkommunal refusion") && html.contains("@media print") && html.contains("§ 9 c"))
        // Budget: the demo loads seed 004 and seed 000; the JSON carries the seed's rows in kroner.
        let plan = await hjemtag(["budget", "initiativer", "--json"], in: dir)
        let planJSON = try JSONSerialization.jsonObject(with: Data(plan.out.utf8)) as? [String: Any]
        let years = planJSON?["aar"] as? [[String: Any]] ?? []
        #expect(years.compactMap { $0["netto_udestaaende"] as? String } == ["0.00", "-720000.00", "-2720000.00", "-4720000.00"])
        let allocation = await hjemtag(
            ["budget", "fordeling", "--aar", "2022", "--xlsx", dir.appendingPathComponent("fordeling.xlsx").path], in: dir)
        #expect(allocation.code == 0 && allocation.out.contains("Kassen:"))
        let missing = await hjemtag(["budget", "fordeling", "--aar", "2030"], in: dir)
        #expect(missing.code == 1 && missing.err.contains("der er intet indtægtsbudget for sde 2030"))
    }

    @Test("Unknown commands get a one-line error, --version prints the version")
    func basics() async throws {
        let dir = try tempDir()
        let v = await hjemtag(["--version"], in: dir)
        #expect(v.out.contains(Hjemtag.version))
        let bad = await hjemtag(["findesikke"], in: dir)
        #expect(bad.code != 0)
        #expect(bad.err.hasPrefix("fejl: ") && bad.err.hasSuffix("(se: hjemtag --help)") && !bad.err.contains("\n"))
        #expect(
            UsageErrorText.danish("Error: Unexpected argument 'findesikke'\nUsage: hjemtag <subcommand>\n  See 'hjemtag --help'.")
                == "fejl: uventet argument 'findesikke' (se: hjemtag --help)")
        #expect(
            UsageErrorText.danish("Error: Missing expected argument '<file>'\nHelp: ...") == "fejl: mangler argumentet '<file>' (se: hjemtag --help)")
        // A subcommand's --help prints its help and succeeds (it once printed an internal error).
        let help = await hjemtag(["mellemkommunal", "krav", "--help"], in: dir)
        #expect(help.code == 0 && help.out.contains("USAGE") && help.err.isEmpty)
        let badValue = await hjemtag(["sde", "--year", "tyve"], in: dir)
        #expect(badValue.err.hasPrefix("fejl: værdien 'tyve' er ugyldig for '--year"))
        #expect(!badValue.err.contains("\n"))
    }

    @Test("sde --json has the issue's shape; a year without limits fails in Danish; explain and fund work")
    func sde() async throws {
        let dir = try tempDir()
        _ = await hjemtag(["migrate", "--kommune", "350"], in: dir)
        let file = dir.appendingPathComponent("p.csv")
        let rows = (1...12).map { m in
            "2021-\(m < 10 ? "0" : "")\(m)-28;100.000,00;5.38.50;010170-1111;SEL-108;01.\(m < 10 ? "0" : "")\(m).2021;\(m == 2 ? "28" : ([4, 6, 9, 11].contains(m) ? "30" : "31")).\(m < 10 ? "0" : "")\(m).2021"
        }
        try (["dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til"] + rows).joined(separator: "\n").write(
            to: file, atomically: true, encoding: .utf8)
        #expect(await hjemtag(["import", "posteringer", file.path], in: dir).code == 0)

        let r = await hjemtag(["sde", "--year", "2021", "--json"], in: dir)
        #expect(r.code == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        #expect(json["year"] as? Int == 2021)
        #expect(json["total_refund"] as? String == "87500.00")
        let subjects = json["subjects"] as! [[String: Any]]
        #expect(subjects.count == 1)
        #expect(subjects[0]["cprs"] as? [String] == ["0101701111"])
        #expect(subjects[0]["eligible"] as? String == "1200000.00")
        #expect(subjects[0]["refund"] as? String == "87500.00")
        let months = subjects[0]["months"] as! [[String: Any]]
        #expect(months.count == 12)
        #expect(months[0]["month"] as? String == "2021-01")
        #expect(months[0]["refund"] as? String == "7291.67")

        let missing = await hjemtag(["sde", "--year", "2023"], in: dir)
        #expect(missing.code == 1)
        #expect(missing.err.contains("hjemtag parametre saet sde.graense.t1"))

        let explained = await hjemtag(["explain", "sde", "--cpr", "010170-1111", "--year", "2021"], in: dir)
        #expect(explained.code == 0)
        #expect(explained.out.contains("SDE-refusion 2021"))
        #expect(explained.out.contains("87.500,00 kr."))
        #expect(explained.out.contains("danskelove.dk/serviceloven/176") || explained.out.contains("ft.dk"))

        let xlsx = dir.appendingPathComponent("sde.xlsx")
        #expect(
            await hjemtag(["sde", "--year", "2021", "--xlsx", xlsx.path, "--csv", dir.appendingPathComponent("sde.csv").path], in: dir).code == 0)
        #expect(FileManager.default.fileExists(atPath: xlsx.path))
        let csv = try String(contentsOf: dir.appendingPathComponent("sde.csv"), encoding: .utf8)
        #expect(csv.contains("1.200.000,00;87.500,00"))

        let fund = await hjemtag(["fund", "liste", "--ordning", "sde", "--json"], in: dir)
        let list = try JSONSerialization.jsonObject(with: Data(fund.out.utf8)) as! [[String: Any]]
        #expect(list.first?["kind"] as? String == "mistet_refusion")
        let id = list.first?["id"] as! Int
        #expect(await hjemtag(["fund", "status", String(id), "undersøges"], in: dir).code == 0)
        #expect(await hjemtag(["fund", "status", String(id), "måske"], in: dir).code == 1)
    }

    @Test("YR file with a 9-digit CPR, a duplicate row and a Fleksbidrag row imports and says what it did; reconciliation classifies every case")
    func yrImportAndReconciliation() async throws {
        let dir = try tempDir()
        _ = await hjemtag(["migrate", "--kommune", "730"], in: dir)
        // Our data: kontanthjælp 3.000 a week for person A (weeks 1-6 of 2024) and person B (week 1).
        let ydelser = dir.appendingPathComponent("ydelser.csv")
        var rows = ["cpr;ydelse;periode_fra;periode_til;beloeb"]
        for w in 1...6 {
            let monday = ISOWeek(year: 2024, week: w)!.monday
            rows.append("010180-1111;Kontanthjælp;\(monday.iso);\(monday.adding(days: 6).iso);3.000,00")
        }
        rows.append("020280-2222;Kontanthjælp;2024-01-01;2024-01-07;3.000,00")
        try rows.joined(separator: "\n").write(to: ydelser, atomically: true, encoding: .utf8)
        #expect(await hjemtag(["import", "ydelser", ydelser.path], in: dir).code == 0)

        // YR: A week 1 agrees (80 % of 3.000 = 2.400); week 5 rate differs (YR 80 %, we 40 %); week 6 amount differs;
        // week 2 duplicated exactly; A's CPR without leading zero; C only in YR; B missing from YR; a fleksbidrag row.
        let yr = dir.appendingPathComponent("yr-ydelsesrefusion-beregning-730-0001-2024-02-15.csv")
        let header =
            "Uge;CPR nummer;Ydelse;Indberetning udbetalingsbeløb;Beregnet udbetalingsbeløb;Refusionssats;Refusionsbeløb;Medfinansieringssats;Medfinansieringsbeløb;Finansiering Kommunenavn"
        let yrRows = [
            header,
            "2024-01-01;101801111;Kontanthjælp;3000,00;3000,00;80;2400,00;0;0,00;Randers",
            "2024-01-08;101801111;Kontanthjælp;3000,00;3000,00;80;2400,00;0;0,00;Randers",
            "2024-01-08;101801111;Kontanthjælp;3000,00;3000,00;80;2400,00;0;0,00;Randers",
            "2024-01-15;101801111;Kontanthjælp;3000,00;3000,00;80;2400,00;0;0,00;Randers",
            "2024-01-22;101801111;Kontanthjælp;3000,00;3000,00;80;2400,00;0;0,00;Randers",
            "2024-01-29;101801111;Kontanthjælp;3000,00;3000,00;80;2400,00;0;0,00;Randers",
            "2024-02-05;101801111;Kontanthjælp;2500,00;2500,00;40;1000,00;0;0,00;Randers",
            "2024-01-01;0303801333;Sygedagpenge;1000,00;1000,00;80;800,00;0;0,00;Randers",
            "2024-01-01;0404801444;Fleksbidrag fra staten;500,00;500,00;0;0,00;0;0,00;Randers",
        ]
        try yrRows.joined(separator: "\n").write(to: yr, atomically: true, encoding: .utf8)
        let imported = await hjemtag(["import", "yr-beregning", yr.path], in: dir)
        #expect(imported.code == 0)
        #expect(imported.out.contains("1 dubletter (identiske rækker)"))
        #expect(imported.out.contains("CPR-numre med 9 cifre rettet med foranstillet nul"))
        #expect(imported.out.contains("Fleksbidrag fra staten"))

        let badName = dir.appendingPathComponent("yr.csv")
        try yrRows.dropLast().joined(separator: "\n").write(to: badName, atomically: true, encoding: .utf8) // other bytes than the imported file
        let refused = await hjemtag(["import", "yr-beregning", badName.path], in: dir)
        #expect(refused.code == 65 && refused.err.contains("følger ikke mønstret"))

        let r = await hjemtag(["trappe", "afstem", "--from", "2024-01-01", "--to", "2024-02-11", "--json"], in: dir)
        #expect(r.code == 0)
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        let counts = json["counts"] as! [String: Int]
        #expect(counts == ["enig": 4, "sats_afviger": 1, "beloeb_afviger": 1, "kun_i_yr": 1, "kun_i_egne_data": 1])
        let lines = json["lines"] as! [[String: Any]]
        let rate = lines.first { $0["status"] as? String == "sats_afviger" }!
        #expect(rate["week"] as? String == "2024-W05" && rate["our_rate"] as? String == "40" && rate["yr_rate"] as? String == "80")
        #expect(rate["at_stake"] as? String == "-1200.00") // YR refunded 2.400, the law gives 1.200: we owe 1.200
        let amount = lines.first { $0["status"] as? String == "beloeb_afviger" }!
        #expect(amount["week"] as? String == "2024-W06" && amount["at_stake"] as? String == "200.00") // 40 % of 3.000 = 1.200 vs YR's 1.000
        #expect((lines.first { $0["status"] as? String == "kun_i_egne_data" }!)["at_stake"] as? String == "2400.00")
        #expect((lines.first { $0["status"] as? String == "kun_i_yr" }!)["at_stake"] as? String == "-800.00")
        #expect(json["fleksbidrag"] as? String == "500.00")

        let staircase = await hjemtag(["trappe", "--from", "2024-01-01", "--to", "2024-02-11", "--json"], in: dir)
        let sj = try JSONSerialization.jsonObject(with: Data(staircase.out.utf8)) as! [String: Any]
        // A: 4 × 2.400 + 2 × 1.200 = 12.000; B: 2.400.
        #expect(sj["total_refund"] as? String == "14400.00")
        let week5 = (sj["weeks"] as! [[String: Any]]).first { $0["cpr"] as? String == "0101801111" && $0["week"] as? String == "2024-W05" }!
        #expect(week5["count"] as? Int == 5 && week5["rate"] as? String == "40" && week5["refund"] as? String == "1200.00")

        let one = await hjemtag(["trappe", "--from", "2024-01-01", "--to", "2024-02-11", "--cpr", "010180-1111"], in: dir)
        #expect(one.out.range(of: #"2024-W05\s+Kontanthjælp\s+3\.000,00\s+5\s+2\s+40 %\s+1\.200,00"#, options: .regularExpression) != nil)
        let table = await hjemtag(["trappe", "--from", "2024-01-01", "--to", "2024-02-11"], in: dir)
        #expect(table.out.contains("010180-XXXX") && !table.out.contains("0101801111"))
        let why = await hjemtag(["explain", "trappe", "--cpr", "010180-1111", "--uge", "2024-W05"], in: dir)
        #expect(why.out.contains("Uger med ydelser talt siden første uge med ydelser (2024-W01): 5; trin 2"))
    }

    @Test("backup makes a consistent copy; restore puts it back and refuses what is not a Hjemtag store")
    func backupRestore() async throws {
        let dir = try tempDir()
        _ = await hjemtag(["migrate", "--kommune", "350"], in: dir)
        let copy = dir.appendingPathComponent("kopi.sqlite").path
        #expect(await hjemtag(["backup", copy], in: dir).code == 0)
        #expect(await hjemtag(["backup", copy], in: dir).code == 1) // never overwrites
        _ = await hjemtag(["migrate", "--kommune", "101"], in: dir)
        #expect(await hjemtag(["restore", copy], in: dir).code == 1) // needs --overskriv
        #expect(await hjemtag(["restore", copy, "--overskriv"], in: dir).code == 0)
        #expect(await hjemtag(["status"], in: dir).out.contains("Lejre Kommune (350)"))
        let junk = dir.appendingPathComponent("junk.sqlite").path
        FileManager.default.createFile(atPath: junk, contents: Data())
        #expect(await hjemtag(["restore", junk, "--overskriv"], in: dir).code == 1)
    }
}
