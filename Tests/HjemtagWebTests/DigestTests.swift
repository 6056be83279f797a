import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSQLStore
import HjemtagSchemes
import HummingbirdBcrypt
import Testing

@testable import HjemtagStore
@testable import HjemtagWeb

/// The daily digest (issue 19.5): one message per user with an address after a pass, about their
/// own area, with links and masked CPR numbers only, nothing when nothing is new; sent through a
/// sendmail command, here msmtp to a real SMTP server (aiosmtpd) on loopback.
@Suite("The robot's daily digest by e-mail", .serialized)
struct DigestTests {
    static let base = "http://hjemtag.test"

    /// A store with anna (økonomi), bo (BUF caseworker) and rita (revisor), all with addresses, and
    /// an inbox holding a year of SDE costs for a SOF citizen (020270-2222), old enough to be taken.
    static func fixture() async throws -> (WebFixture, inbox: URL) {
        let f = try await WebFixture.make()
        _ = try await f.store.createUser(
            username: "bo", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: .sagsbehandler, departments: ["BUF"])
        _ = try await f.store.createUser(username: "rita", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: .revisor, departments: [])
        _ = try await f.store.createUser(username: "uden", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: .okonomi, departments: [])
        for (name, address) in [("anna", "anna@kommune.test"), ("bo", "bo@kommune.test"), ("rita", "rita@kommune.test")] {
            try await f.store.updateUser(name, UserChange(email: .some(address)), by: "test")
        }
        let inbox = f.dir.appendingPathComponent("indbakke")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let file = inbox.appendingPathComponent("sde-2021.csv")
        try
            ("dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til;forvaltning\n"
            + (1...12).map {
                "2021-\(zeroPad($0, 2))-28;100000,00;5.38.50;020270-2222;SEL-108;2021-\(zeroPad($0, 2))-01;\(Month(year: 2021, month: $0).lastDay.iso);SOF"
            }.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: file.path)
        return (f, inbox)
    }

    static let today = Day(year: 2026, month: 12, day: 2)!

    /// Runs a pass whose digest is composed but kept here instead of sent.
    static func pass(_ store: SQLStore, _ inbox: URL) async throws -> [DailyDigest.Message] {
        let kept = Kept()
        _ = try await RobotService(store: store).run(inbox: inbox, today: today, by: "robot") { report, since in
            let previous = try? await store.robotRuns(limit: 5).first { $0.finishedAt != nil }.flatMap {
                Day(parsing: String($0.startedAt.prefix(10)))
            }
            await kept.set(
                (try? await DailyDigest(store: store, baseURL: base).messages(report: report, since: since, previous: previous, today: today)) ?? [])
            return []
        }
        return await kept.messages
    }

    actor Kept {
        var messages: [DailyDigest.Message] = []
        func set(_ m: [DailyDigest.Message]) { messages = m }
    }

    @Test(
        "After a pass: each user's own new findings with links and masked CPR; the BUF caseworker and the user without an address get nothing; nothing new, nothing sent"
    )
    func composition() async throws {
        let (f, inbox) = try await Self.fixture()
        let messages = try await Self.pass(f.store, inbox)
        let sde = try #require(
            try await f.store.findings(scheme: .sde, year: 2021, includeInactive: false).first { $0.finding.kind == "mistet_refusion" })
        let anna = try #require(messages.first { $0.username == "anna" })
        #expect(anna.to == "anna@kommune.test" && anna.subject.hasPrefix("Hjemtag: ") && anna.subject.contains("nye eller ændrede fund"))
        #expect(anna.body.contains("020270-XXXX") && anna.body.contains("87.500,00 kr.") && anna.body.contains("\(Self.base)/fund/\(sde.id)"))
        #expect(anna.body.contains("Arbejdslisten: \(Self.base)/"))
        #expect(messages.first { $0.username == "rita" }?.body.contains("020270-XXXX") == true)
        // Bo works in BUF: the SOF citizen is not his; "uden" has no address.
        #expect(!messages.contains { $0.username == "bo" || $0.username == "uden" })
        for m in messages { #expect(!m.body.contains("020270-2222") && !m.body.contains("0202702222") && !m.subject.contains("0202")) }

        // The next pass finds nothing new: the auditor (who gets no robot errors) is sent nothing.
        // The store's times are whole seconds; a pass in the same second as the last one's
        // findings would count them as its own, which back-to-back passes in a test are.
        try await Task.sleep(for: .milliseconds(1100))
        let again = try await Self.pass(f.store, inbox)
        #expect(!again.contains { $0.username == "rita" })
        for m in again { #expect(!m.body.contains("Nye og ændrede fund")) }
        try await f.store.close()
    }

    @Test("The pass's errors: a refused file a line each, a scheme's years failed alike one line")
    func errorsGrouped() {
        let missing = "grænserne for 2023 er ikke indtastet"
        var report = RobotReport()
        report.filer = [.init(fil: "ydelser.csv", art: "ydelser", status: "afvist", fejl: ["ydelser.csv:3:2: ukendt ydelse"])]
        report.ordninger =
            [.init(ordning: "sde", aar: 2022, status: "beregnet")]
            + [2023, 2024, 2025].map { .init(ordning: "sde", aar: $0, status: "fejl", fejl: missing) }
            + [
                .init(ordning: "sde", aar: 2026, status: "fejl", fejl: "noget andet"),
                .init(ordning: "moms", aar: nil, status: "fejl", fejl: missing),
            ]
        #expect(
            DailyDigest.errors(report) == [
                "ydelser.csv: afvist: ydelser.csv:3:2: ukendt ydelse", "\(Scheme.sde.title) 2023, 2024, 2025: \(missing)",
                "\(Scheme.sde.title) 2026: noget andet", "\(Scheme.vat.title): \(missing)",
            ])
    }

    @Test("A failing sendmail is recorded with the pass, per user, and the pass still completes")
    func failingSendmail() async throws {
        let (f, inbox) = try await Self.fixture()
        let report = try await RobotService(store: f.store).run(
            inbox: inbox, today: Self.today, by: "robot",
            after: DailyDigest.hook(
                store: f.store, sendmail: Sendmail(command: "/bin/false", from: "hjemtag@kommune.test"), baseURL: Self.base, today: Self.today))
        let post = try #require(report.post)
        #expect(post.contains { $0.bruger == "anna" && $0.status == "fejl" && ($0.fejl ?? "").contains("afsluttede med kode 1") })
        let stored = try #require(try await f.store.robotRuns(limit: 1).first?.report?.post)
        #expect(stored == post)
        #expect(report.filer.first?.status == "importeret")
        try await f.store.close()
    }

    static let mailTools =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/msmtp")
        && (try? Process.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", "-c", "import aiosmtpd"]))
            .map { p in
                p.waitUntilExit()
                return p.terminationStatus == 0
            } == true
    /// CI installs both and sets this, so there the test cannot skip.
    static let mailRequired = ProcessInfo.processInfo.environment["HJEMTAG_MAIL_TEST"] != nil

    @Test(
        "Delivered through msmtp to a real SMTP server on loopback: the mail arrives with its subject, links and masked CPR",
        .enabled(if: mailTools || mailRequired))
    func realSMTP() async throws {
        #expect(Self.mailTools, "msmtp og aiosmtpd skal være installeret (.ci/run installerer dem)")
        guard Self.mailTools else { return }
        let (f, inbox) = try await Self.fixture()
        let maildir = f.dir.appendingPathComponent("maildir")
        let port = Int.random(in: 20_000...40_000)
        let server = try Process.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            arguments: ["python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox", maildir.path])
        // Killed outright (the server can inherit an ignored SIGTERM from the test process) and
        // waited for, so no server outlives the test.
        defer {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        // Wait until it listens.
        for _ in 0..<50 {
            if FileManager.default.fileExists(atPath: maildir.appendingPathComponent("new").path) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .milliseconds(500))
        let sendmail = Sendmail(
            command: "/usr/bin/msmtp --host=127.0.0.1 --port=\(port) --auth=off --tls=off --from=hjemtag@kommune.test", from: "hjemtag@kommune.test")
        let report = try await RobotService(store: f.store).run(
            inbox: inbox, today: Self.today, by: "robot",
            after: DailyDigest.hook(store: f.store, sendmail: sendmail, baseURL: Self.base, today: Self.today))
        let post = try #require(report.post)
        #expect(post.filter { $0.status == "sendt" }.map(\.bruger).sorted() == ["anna", "rita"], "\(post)")
        let files = try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("new").path)
        let mails = try files.map { try String(contentsOf: maildir.appendingPathComponent("new").appendingPathComponent($0), encoding: .utf8) }
        #expect(mails.count == 2)
        let anna = try #require(mails.first { $0.contains("X-RcptTo: anna@kommune.test") })
        #expect(anna.contains("From: Hjemtag <hjemtag@kommune.test>"))
        #expect(anna.contains("Subject: =?UTF-8?B?" + Data("Hjemtag: ".utf8).base64EncodedString().prefix(8)))
        #expect(anna.contains("020270-XXXX") && anna.contains("\(Self.base)/fund/"))
        for m in mails { #expect(!m.contains("020270-2222") && !m.contains("0202702222")) }
        try await f.store.close()
    }
}
