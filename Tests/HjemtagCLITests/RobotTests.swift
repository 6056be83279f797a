import Foundation
import HjemtagCore
import HjemtagSQLStore
import HjemtagStore
import Testing

@testable import HjemtagCLI
@testable import HjemtagSchemes

/// The robot's pass from the command line: files recognised and taken in or refused with their
/// problems beside them, every scheme whose inputs changed run again, the pass recorded.
@Suite("Robot", .serialized)
struct RobotTests {
    static func write(_ text: String, _ name: String, in dir: URL, age: TimeInterval = 10) throws {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: url.path)
    }

    /// A store of Lejre's (350) in a new folder, and an empty inbox beside it.
    static func migratedWithInbox() async throws -> (dir: URL, inbox: URL) {
        let dir = try tempDir()
        let inbox = dir.appendingPathComponent("indbakke")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        _ = await hjemtag(["migrate", "--kommune", "350"], in: dir)
        return (dir, inbox)
    }

    /// One citizen, 100.000 kr. a month of § 108 in 2021: SDE 87.500 kr. (12 × 25 % × (100.000 − 850.000/12)).
    static let postings2021 =
        "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til\n"
        + (1...12).map {
            "2021-\(zeroPad($0, 2))-28;100000,00;5.38.50;010170-1111;SEL-108;2021-\(zeroPad($0, 2))-01;\(Month(year: 2021, month: $0).lastDay.iso)"
        }.joined(separator: "\n") + "\n"

    @Test(
        "A pass takes in the good files, refuses the bad ones with fil:linje:kolonne beside them, leaves a file being written, and runs the schemes")
    func pass() async throws {
        let (dir, inbox) = try await Self.migratedWithInbox()
        try Self.write(Self.postings2021, "bogholderi-2021.csv", in: inbox)
        try Self.write(
            "cpr;ydelse;periode_fra;periode_til;beloeb\n010180-2222;kontanthjælp;2021-01-04;2021-01-10;3000,00\n010180-2222;ukendt ydelse;2021-01-11;2021-01-17;3000,00\n",
            "ydelser.csv", in: inbox)
        try Self.write("kolonne;anden\n1;2\n", "noget.csv", in: inbox)
        // Named as a transfer in progress; the two-second rule for a file just changed is tested
        // below without a clock (a loaded machine may start the pass more than two seconds later).
        try Self.write("dato;beloeb\n", "kommer.csv.part", in: inbox)
        let run = await hjemtag(["robot", "koer", "--indbakke", inbox.path, "--dato", "2026-11-23", "--json"], in: dir)
        #expect(run.code == 0, "\(run.err)")
        let report = try JSONDecoder().decode(RobotReport.self, from: Data(run.out.utf8))
        let byName = Dictionary(uniqueKeysWithValues: report.filer.map { ($0.fil, $0) })
        #expect(byName["bogholderi-2021.csv"]?.status == "importeret" && byName["bogholderi-2021.csv"]?.art == "posteringer")
        #expect(byName["bogholderi-2021.csv"]?.raekker == 12)
        #expect(byName["ydelser.csv"]?.status == "afvist" && byName["ydelser.csv"]?.fejl.first?.hasPrefix("ydelser.csv:3:2:") == true)
        #expect(byName["noget.csv"]?.status == "afvist" && byName["kommer.csv.part"]?.status == "venter")
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: inbox.appendingPathComponent("behandlet/bogholderi-2021.csv").path))
        let problems = try String(contentsOf: inbox.appendingPathComponent("afvist/ydelser.csv.fejl.txt"), encoding: .utf8)
        #expect(problems.contains("ydelser.csv:3:2:") && problems.contains("ukendt ydelse"))
        #expect(fm.fileExists(atPath: inbox.appendingPathComponent("kommer.csv.part").path))
        // SDE 2021 computed from the new file, with its finding; nothing for schemes without data.
        let sde = try #require(report.ordninger.first { $0.ordning == "sde" && $0.aar == 2021 })
        #expect(sde.status == "beregnet" && sde.nye_fund == 1)
        #expect(!report.ordninger.contains { $0.ordning == "trappe" })
        // Where the pass's time went: each file taken in and each computation carries its seconds;
        // a file left for the next pass does not. `robot status` shows them.
        #expect((byName["bogholderi-2021.csv"]?.sekunder ?? -1) >= 0 && byName["kommer.csv.part"]?.sekunder == nil)
        #expect(report.ordninger.filter { $0.status == "beregnet" }.allSatisfy { ($0.sekunder ?? -1) >= 0 })
        let shown = await hjemtag(["robot", "status"], in: dir)
        #expect(
            shown.out.contains("Tid") && shown.out.contains("importeret på ")
                && shown.out.range(of: #"beregnet .* \d+,\d+ s"#, options: .regularExpression) != nil, "\(shown.out)")
        let store = try await SQLStore.open(dir.appendingPathComponent("cli.sqlite").path)
        #expect(try await store.latestSDERun(year: 2021)?.totalRefund == Money(kroner: 87_500))
        try await store.close()

        // The worklist has the money and what the pass found: SDE 2021's 87.500 kr. not yet claimed, new.
        let work = await hjemtag(["arbejdsliste", "--dato", "2026-11-23", "--json"], in: dir)
        let list = try JSONDecoder().decode(Worklist.self, from: Data(work.out.utf8))
        #expect(list.ordninger.first { $0.ordning == "sde" }?.kan_hjemtages == Money(kroner: 87_500))
        #expect(list.siden_sidste_koersel.map(\.hvad) == ["ny"] && list.siden_sidste_koersel.first?.beloeb == Money(kroner: 87_500))
        #expect(list.afviste_filer.contains { $0.hasPrefix("ydelser.csv:3:2:") } && list.robot?.contains("1 fil importeret, 2 afvist") == true)
        #expect(list.frister.map(\.dato) == [Day(year: 2027, month: 2, day: 15)!, Day(year: 2027, month: 3, day: 1)!])

        // Nothing new: the next pass changes nothing and says so.
        let again = await hjemtag(["robot", "koer", "--indbakke", inbox.path, "--dato", "2026-11-23", "--json"], in: dir)
        let second = try JSONDecoder().decode(RobotReport.self, from: Data(again.out.utf8))
        #expect(second.ordninger.first { $0.ordning == "sde" && $0.aar == 2021 }?.status == "uændret")
        let status = await hjemtag(["robot", "status"], in: dir)
        #expect(status.out.contains("Kørsel 2:") && status.out.contains("Kørsel 1:") && status.out.contains("1 fil importeret, 2 filer afvist"))
        #expect(second.ordninger.filter { $0.status == "uændret" }.allSatisfy { $0.sekunder == nil })
        let missing = await hjemtag(["robot", "koer", "--indbakke", dir.appendingPathComponent("findes-ikke").path], in: dir)
        #expect(missing.code == 1 && missing.err.contains("indbakken"))
    }

    @Test("A residence file alone: mellemkommunal finds a claim and SDE's year it covers is computed again the same night")
    func claimsFoundTonightRecomputeSDE() async throws {
        let (dir, inbox) = try await Self.migratedWithInbox()
        try Self.write(Self.postings2021, "bogholderi-2021.csv", in: inbox)
        let first = await hjemtag(["robot", "koer", "--indbakke", inbox.path, "--dato", "2022-06-01", "--json"], in: dir)
        #expect(first.code == 0, "\(first.err)")
        // The next night only a residence file: from 2021 in a § 108 botilbud in Lejre (350), visited
        // by Roskilde (265): flytteret (R5), Roskilde refunds, and the cost must not be in our SDE
        // too (BEK § 1 stk. 3). No file SDE reads is new, yet its 2021 is due: the claim is.
        try Self.write(
            "cpr;fra;til;kommune;boligtype;visiteret_af\n010170-1111;2015-01-01;2020-12-31;265;EGEN_BOLIG;\n010170-1111;2021-01-01;;350;SEL108;265+350\n",
            "ophold.csv", in: inbox)
        let second = await hjemtag(["robot", "koer", "--indbakke", inbox.path, "--dato", "2022-06-01", "--json"], in: dir)
        #expect(second.code == 0, "\(second.err)")
        let report = try JSONDecoder().decode(RobotReport.self, from: Data(second.out.utf8))
        #expect(report.filer.map(\.art) == ["ophold"], "\(report.filer)")
        #expect(report.ordninger.first { $0.ordning == "mellemkommunal" }?.status == "beregnet")
        let sde = try #require(report.ordninger.first { $0.ordning == "sde" && $0.aar == 2021 })
        #expect(sde.status == "beregnet" && sde.nye_fund == 1, "\(report.ordninger)")
        let third = await hjemtag(["robot", "koer", "--indbakke", inbox.path, "--dato", "2022-06-01", "--json"], in: dir)
        let quiet = try JSONDecoder().decode(RobotReport.self, from: Data(third.out.utf8))
        #expect(quiet.ordninger.allSatisfy { $0.status == "uændret" }, "\(quiet.ordninger)")
    }

    @Test("`robot status`: an error is a numbered note under the table, each message once, and the table as wide as its columns")
    func errorNotes() async throws {
        let (dir, inbox) = try await Self.migratedWithInbox()
        // SDE 2023 and 2024 have no verified limits (law-check-2026-12): each year refused with its own entry to make.
        try Self.write(
            "dato;beloeb;funktion;cpr;paragraf\n2023-03-28;100000,00;5.38.50;010170-1111;SEL-108\n2024-03-28;100000,00;5.38.50;010170-1111;SEL-108\n",
            "bogholderi.csv", in: inbox)
        let run = await hjemtag(["robot", "koer", "--indbakke", inbox.path, "--dato", "2026-11-23", "--json"], in: dir)
        let report = try JSONDecoder().decode(RobotReport.self, from: Data(run.out.utf8))
        let refused = report.ordninger.filter { $0.ordning == "sde" && $0.status == "fejl" }.compactMap(\.fejl)
        #expect(refused.count == 2 && refused.allSatisfy { $0.contains("ingen verificeret værdi") }, "\(report.ordninger)")
        let shown = await hjemtag(["robot", "status"], in: dir)
        let lines = shown.out.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("Særligt dyre enkeltsager  2023") && $0.hasSuffix("se (1)") }, "\(shown.out)")
        #expect(lines.contains { $0.hasPrefix("Særligt dyre enkeltsager  2024") && $0.hasSuffix("se (2)") }, "\(shown.out)")
        #expect(lines.filter { refused.contains(String($0.dropFirst(4))) } == ["(1) \(refused[0])", "(2) \(refused[1])"], "\(shown.out)")
        let table = lines.filter { $0.hasPrefix("Ordning") || $0.hasPrefix("---") || $0.hasPrefix("Særligt") }
        #expect(table.count == 4 && table.allSatisfy { $0.count < 100 }, "\(shown.out)")
    }

    @Test("A file changed less than two seconds ago, or named .part or .tmp, waits for the next pass")
    func beingWritten() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(RobotService.isBeingWritten("a.csv", modified: now.addingTimeInterval(-1.9), now: now))
        #expect(!RobotService.isBeingWritten("a.csv", modified: now.addingTimeInterval(-2), now: now))
        #expect(RobotService.isBeingWritten("a.csv.part", modified: now.addingTimeInterval(-3600), now: now))
        #expect(RobotService.isBeingWritten("a.csv.tmp", modified: now.addingTimeInterval(-3600), now: now))
        // A clock set back after the copy: changed "in the future" is still being written.
        #expect(RobotService.isBeingWritten("a.csv", modified: now.addingTimeInterval(30), now: now))
    }

    @Test("Two passes never run at once; a lock left by a pass that died is taken over")
    func lock() async throws {
        let dir = try tempDir()
        _ = await hjemtag(["migrate", "--kommune", "350"], in: dir)
        let store = try await SQLStore.open(dir.appendingPathComponent("cli.sqlite").path)
        let first = try await store.beginRobotRun(by: "natten", staleAfter: 3600)
        await #expect(throws: RobotError.self) { _ = try await store.beginRobotRun(by: "anna", staleAfter: 3600) }
        let inbox = dir.appendingPathComponent("ind")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let busy = await hjemtag(["robot", "koer", "--indbakke", inbox.path], in: dir)
        #expect(busy.code == 1 && busy.err.contains("robotten kører allerede") && busy.err.contains("natten"))
        // A lock older than the limit belongs to a pass that died.
        let taken = try await store.beginRobotRun(by: "anna", staleAfter: -1)
        #expect(taken != first)
        try await store.finishRobotRun(id: taken, report: RobotReport())
        _ = try await store.beginRobotRun(by: "anna", staleAfter: 3600)
        try await store.close()
    }

    @Test("The nightly time: HH:MM read strictly, the next run the same day before it and the next day after it, in local time")
    func schedule() throws {
        #expect(RobotSchedule("02:00") != nil && RobotSchedule("23:59") != nil)
        for bad in ["2", "24:00", "02:60", "2:0", "02:5", "kl. 2", ""] { #expect(RobotSchedule(bad) == nil, "\(bad)") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Copenhagen")!
        let at = try #require(RobotSchedule("02:00"))
        func local(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int) -> Date {
            calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!
        }
        #expect(at.next(after: local(2026, 12, 2, 1, 30), calendar: calendar) == local(2026, 12, 2, 2, 0))
        #expect(at.next(after: local(2026, 12, 2, 2, 0), calendar: calendar) == local(2026, 12, 3, 2, 0))
        #expect(at.next(after: local(2026, 12, 31, 23, 0), calendar: calendar) == local(2027, 1, 1, 2, 0))
        // Summer time: 02:00 local is 00:00 UTC in July, 01:00 UTC in December.
        let july = at.next(after: local(2026, 7, 1, 12, 0), calendar: calendar)
        #expect(july.formatted(.iso8601) == "2026-07-02T00:00:00Z")
    }
}
