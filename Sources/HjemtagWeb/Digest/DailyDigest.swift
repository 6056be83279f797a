import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore

/// After each robot pass, one message to each active user with an e-mail address: the findings
/// the pass made new or changed about the citizens they see, our claims whose deadline came
/// within 30 days, and (for økonomi and the administrator) the robot's errors, each with a link.
/// Nothing is sent to a user for whom nothing is new. No CPR number appears in full: citizens are
/// masked `DDMMYY-XXXX` and every text is scrubbed again before it goes out.
public struct DailyDigest: Sendable {
    public struct Message: Sendable, Hashable {
        public var username: String
        public var to: String
        public var subject: String
        public var body: String
    }

    let store: any Store
    /// The web application's address as users reach it, for the links.
    let baseURL: String

    public init(store: any Store, baseURL: String) {
        self.store = store
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// The messages for a pass that started at `since` (the store's timestamp) on `today`;
    /// `previous`: the day of the pass before, from which a deadline is new within 30 days.
    public func messages(report: RobotReport, since: String, previous: Day?, today: Day) async throws -> [Message] {
        let findings = try await store.findings(scheme: nil, year: nil, includeInactive: false).filter { $0.updatedAt >= since }
        let claims = try await store.claims(direction: .outgoing, includeInactive: false)
        var out: [Message] = []
        for user in try await store.users() where user.active {
            guard let to = user.email else { continue }
            // A caseworker's digest holds their own citizens; what names no citizen is økonomi's.
            let persons = user.role == .sagsbehandler ? try await store.persons(inDepartments: user.departments) : nil
            func sees(_ cprs: [CPR]) -> Bool { persons.map { p in cprs.contains(where: p.contains) } ?? true }
            let mine = findings.filter { sees($0.finding.cprs) }.sorted { ($0.finding.amount, $1.id) > ($1.finding.amount, $0.id) }
            var urgent: [(StoredClaim, Day, Money)] = []
            var newlyUrgent = 0
            for c in claims where sees([c.draft.cpr]) {
                let value = c.value(today: today)
                guard let next = c.nextOpenDeadline(today: today, value: value), next - today <= ClaimRules.secondWarningDays else { continue }
                urgent.append((c, next, value.claimable))
                if previous.map({ next - $0 > ClaimRules.secondWarningDays }) ?? true { newlyUrgent += 1 }
            }
            urgent.sort { ($0.1, $0.0.id) < ($1.1, $1.0.id) }
            let errors = user.role == .administrator || user.role == .okonomi ? Self.errors(report) : []
            guard !mine.isEmpty || newlyUrgent > 0 || !errors.isEmpty else { continue }
            out.append(
                Message(
                    username: user.username, to: to, subject: Self.subject(findings: mine.count, urgent: urgent.count, errors: errors.count),
                    body: CPRMask.scrub(body(user: user.username, today: today, findings: mine, since: since, urgent: urgent, errors: errors))))
        }
        return out
    }

    /// A refused file a line each; a scheme's years that failed with the same message one line
    /// (SDE's years without verified limits fail alike every night).
    static func errors(_ report: RobotReport) -> [String] {
        var failed: [(scheme: String, message: String, years: [Int])] = []
        for run in report.ordninger where run.status == "fejl" {
            let message = run.fejl ?? "fejl"
            if let i = failed.firstIndex(where: { $0.scheme == run.ordning && $0.message == message }) {
                failed[i].years += run.aar.map { [$0] } ?? []
            } else {
                failed.append((run.ordning, message, run.aar.map { [$0] } ?? []))
            }
        }
        return report.filer.filter { $0.status == "afvist" }.map { "\($0.fil): afvist: \($0.fejl.first ?? "")" }
            + failed.map {
                "\(Scheme(rawValue: $0.scheme)?.title ?? $0.scheme)\($0.years.isEmpty ? "" : " " + $0.years.map(String.init).joined(separator: ", ")): \($0.message)"
            }
    }

    static func subject(findings: Int, urgent: Int, errors: Int) -> String {
        var parts: [String] = []
        if findings > 0 { parts.append(DanishFormat.count(findings, "nyt eller ændret fund", "nye eller ændrede fund")) }
        if urgent > 0 { parts.append("\(DanishFormat.count(urgent, "krav", "krav")) med frist inden 30 dage") }
        if errors > 0 { parts.append(DanishFormat.count(errors, "fejl i robottens kørsel", "fejl i robottens kørsel")) }
        return "Hjemtag: " + parts.joined(separator: ", ")
    }

    func body(user: String, today: Day, findings: [StoredFinding], since: String, urgent: [(StoredClaim, Day, Money)], errors: [String])
        -> String
    {
        var lines = ["Hej \(user)", "", "Robottens kørsel \(DanishFormat.timestamp(since)) har fundet følgende til dig.", ""]
        if !findings.isEmpty {
            lines.append("Nye og ændrede fund (\(Danish.integer(findings.count))):")
            for f in findings.prefix(15) {
                let who = f.finding.cprs.isEmpty ? "" : " (" + f.finding.cprs.map(\.masked).joined(separator: ", ") + ")"
                let what = f.createdAt >= since ? "nyt" : "ændret"
                lines.append(
                    "- \(f.finding.scheme.title) \(f.finding.year), \(f.finding.amount.danishKroner) \(f.finding.direction.danishName)\(who), \(what): \(f.finding.text)"
                )
                lines.append("  \(baseURL)\(Route.finding.path(f.id))")
            }
            if findings.count > 15 { lines.append("… og \(Danish.integer(findings.count - 15)) flere: \(baseURL)\(Route.findings.path())") }
            lines.append("")
        }
        if !urgent.isEmpty {
            lines.append("Vores krav med frist inden 30 dage (\(Danish.integer(urgent.count))):")
            for (c, deadline, amount) in urgent.prefix(15) {
                lines.append(
                    "- \(c.draft.cpr.masked) til \(Kommune.byCode(c.draft.counterpart)?.name ?? String(c.draft.counterpart)): \(amount.danishKroner), frist \(deadline.danish)"
                )
                lines.append("  \(baseURL)\(Route.intermunicipalClaim.path(c.id))")
            }
            lines.append("")
        }
        if !errors.isEmpty {
            lines.append("Robottens fejl:")
            lines += errors.map { "- \($0)" }
            lines.append("")
        }
        lines += [
            "Arbejdslisten: \(baseURL)\(Route.dashboard.path())", "", "Denne besked er sendt af Hjemtag efter robottens kørsel \(today.danish).",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Hands a message to the system's sendmail interface (`sendmail -t`, or any compatible command
/// such as msmtp), which is how a municipal server reaches its mail relay. The command is given
/// as its words (`msmtp --host=relay.kommune.dk`), run without a shell.
public struct Sendmail: Sendable {
    public let command: [String]
    public let from: String
    /// A relay that does not answer must not hold the night's pass.
    public var timeout: TimeInterval = 60

    public init(command: String, from: String) {
        self.command = command.split(separator: " ").map(String.init)
        self.from = from
    }

    /// The message as RFC 5322 text: UTF-8 body, the subject encoded for non-ASCII letters.
    public func text(of m: DailyDigest.Message, date: Date = Date()) -> String {
        let subject = "=?UTF-8?B?" + Data(m.subject.utf8).base64EncodedString() + "?="
        let day = date.formatted(
            Date.VerbatimFormatStyle(
                format:
                    "\(weekday: .abbreviated), \(day: .twoDigits) \(month: .abbreviated) \(year: .defaultDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits) +0000",
                locale: Locale(identifier: "en_US_POSIX"), timeZone: TimeZone(identifier: "UTC")!, calendar: Calendar(identifier: .gregorian)))
        return [
            "From: Hjemtag <\(from)>", "To: \(m.to)", "Subject: \(subject)", "Date: \(day)", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", m.body,
        ].joined(separator: "\r\n").replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: "\r\r\n", with: "\r\n")
    }

    /// Sends one message; a command that cannot start, fails or hangs is a Danish error.
    public func send(_ m: DailyDigest.Message) async throws {
        guard let program = command.first else { throw SendmailError("ingen sendmail-kommando angivet") }
        let process = Process()
        if program.contains("/") {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(command.dropFirst()) + ["-t"]
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = command + ["-t"]
        }
        // The message and what the command says go through files, not pipes: the command sees
        // the end of its input however it was started, and a full pipe can never stall it.
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let inputURL = work.appendingPathComponent("besked.eml")
        let errorURL = work.appendingPathComponent("fejl.txt")
        try Data(text(of: m).utf8).write(to: inputURL)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        guard let input = FileHandle(forReadingAtPath: inputURL.path), let errors = FileHandle(forWritingAtPath: errorURL.path) else {
            throw SendmailError("kunne ikke skrive beskeden til en midlertidig fil")
        }
        defer {
            try? input.close()
            try? errors.close()
        }
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let finished = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { finished.continuation.yield($0.terminationStatus) }
        do { try process.run() } catch {
            throw SendmailError("\(program) kan ikke startes: \(error.localizedDescription)")
        }
        let timeout = timeout
        let watchdog = Task {
            try await Task.sleep(for: .seconds(timeout))
            // SIGKILL: a command that ignores SIGTERM must not hold the pass either.
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        var status: Int32 = -1
        for await s in finished.stream {
            status = s
            break
        }
        watchdog.cancel()
        guard status == 0 else {
            let said = ((try? String(contentsOf: errorURL, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            throw SendmailError("\(program) afsluttede med kode \(status)" + (said.isEmpty ? "" : ": \(CPRMask.scrub(said))"))
        }
    }

    /// The digest of a pass sent to each user: what was sent and what failed, for the pass's record.
    public func deliver(_ messages: [DailyDigest.Message]) async -> [RobotReport.Mail] {
        var out: [RobotReport.Mail] = []
        for m in messages {
            do {
                try await send(m)
                out.append(.init(bruger: m.username, status: "sendt"))
            } catch {
                out.append(.init(bruger: m.username, status: "fejl", fejl: String(describing: error)))
            }
        }
        return out
    }
}

public struct SendmailError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = "e-mail kunne ikke sendes: " + description }
}

extension DailyDigest {
    /// The hook a pass runs before it is recorded: the digest composed and handed to sendmail. A
    /// digest that cannot be composed is recorded as the pass's mail error, never dropped.
    public static func hook(store: any Store, sendmail: Sendmail, baseURL: String, today: Day)
        -> @Sendable (RobotReport, String) async -> [RobotReport.Mail]
    {
        { report, since in
            do {
                let previous = try await store.robotRuns(limit: 5).first { $0.finishedAt != nil }.flatMap {
                    Day(parsing: String($0.startedAt.prefix(10)))
                }
                let messages = try await DailyDigest(store: store, baseURL: baseURL).messages(
                    report: report, since: since, previous: previous, today: today)
                return await sendmail.deliver(messages)
            } catch {
                return [.init(bruger: "alle", status: "fejl", fejl: "sammendraget kunne ikke dannes: \(error)")]
            }
        }
    }
}
