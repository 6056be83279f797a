import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import Synchronization

/// One pass of the robot: every new file in the inbox in, every scheme whose inputs changed run
/// again, the findings saved, and the pass recorded. The same pass runs from the CLI, from cron and
/// inside the server at night; two never run at once (`RobotStore`'s lock).
public struct RobotService: Sendable {
    let store: any Store
    public init(store: any Store) { self.store = store }

    /// Folders inside the inbox for files taken in and files refused.
    public static let processed = "behandlet"
    public static let refused = "afvist"
    /// A lock older than this belongs to a pass that died.
    static let staleLock = 6 * 3600

    /// `after` runs once the pass's work is done and before it is recorded (the daily digest):
    /// it gets the report and the pass's start, and what it returns is recorded with the pass.
    public func run(
        inbox: URL, today: Day, by user: String,
        after: (@Sendable (RobotReport, String) async -> [RobotReport.Mail])? = nil
    ) async throws -> RobotReport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: inbox.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RobotError.inboxMissing(inbox.path)
        }
        let id = try await store.beginRobotRun(by: user, staleAfter: Self.staleLock)
        var report = RobotReport()
        do {
            let jobs = Jobs(store: store, user: user, origin: "robot", today: today)
            report.filer = try await takeIn(inbox, jobs: jobs)
            report.ordninger = try await recompute(jobs: jobs)
        } catch {
            report.ordninger.append(.init(ordning: "robot", aar: nil, status: "fejl", fejl: Self.message(error)))
        }
        if let after {
            let started = try await store.robotRuns(limit: 5).first { $0.id == id }?.startedAt ?? ""
            report.post = await after(report, started)
        }
        try await store.finishRobotRun(id: id, report: report)
        return report
    }

    // MARK: Files

    /// A file named as a transfer in progress, or changed less than two seconds ago: the next
    /// pass's, so a half-written file is never taken for a broken one.
    static func isBeingWritten(_ name: String, modified: Date, now: Date) -> Bool {
        name.hasSuffix(".part") || name.hasSuffix(".tmp") || now.timeIntervalSince(modified) < 2
    }

    func takeIn(_ inbox: URL, jobs: Jobs) async throws -> [RobotReport.File] {
        let fm = FileManager.default
        let names = try fm.contentsOfDirectory(atPath: inbox.path).sorted()
        var out: [RobotReport.File] = []
        // A saved mapping with a file-name pattern claims the files of its system before the header is looked at.
        let mappings = try await store.mappings().map(\.mapping).filter { $0.fileNamePattern != nil }
        for name in names where !name.hasPrefix(".") {
            let url = inbox.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            // A file still being written is the next pass's.
            let modified = (try? fm.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? .distantPast
            if Self.isBeingWritten(name, modified: modified, now: Date()) {
                out.append(.init(fil: name, art: nil, status: "venter"))
                continue
            }
            let mapping = mappings.first { $0.matches(fileName: name) }
            let kind: ImportKind
            do { kind = try mapping == nil ? FileRecognition.kind(of: url) : .postings } catch {
                try refuse(url, in: inbox, problems: [error.description])
                out.append(.init(fil: name, art: nil, status: "afvist", fejl: [error.description]))
                continue
            }
            let started = ContinuousClock.now
            do {
                let outcome = try await jobs.importFile(kind, file: url, name: name, mapping: mapping)
                try move(url, to: inbox.appendingPathComponent(Self.processed))
                out.append(
                    .init(
                        fil: name, art: kind.rawValue, status: "importeret", raekker: outcome.summary.rowCount, sekunder: Self.seconds(since: started)
                    ))
            } catch let e as ImportError {
                let problems = e.description.split(separator: "\n").map(String.init)
                try refuse(url, in: inbox, problems: problems)
                out.append(.init(fil: name, art: kind.rawValue, status: "afvist", fejl: problems, sekunder: Self.seconds(since: started)))
            }
        }
        return out
    }

    /// Into `afvist/`, with the Danish problems beside it in `NAVN.fejl.txt`.
    func refuse(_ url: URL, in inbox: URL, problems: [String]) throws {
        let target = try move(url, to: inbox.appendingPathComponent(Self.refused))
        try (problems.joined(separator: "\n") + "\n").write(to: URL(fileURLWithPath: target.path + ".fejl.txt"), atomically: true, encoding: .utf8)
    }

    /// Moves a file into `folder`, numbering it when a file of that name is already there.
    @discardableResult
    func move(_ url: URL, to folder: URL) throws -> URL {
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        var target = folder.appendingPathComponent(url.lastPathComponent)
        var n = 2
        while fm.fileExists(atPath: target.path) {
            target = folder.appendingPathComponent("\(url.deletingPathExtension().lastPathComponent)-\(n).\(url.pathExtension)")
            n += 1
        }
        try fm.moveItem(at: url, to: target)
        return target
    }

    // MARK: Schemes

    /// Every scheme (and year) with data whose result is missing or stale, run again; one that
    /// cannot run is reported with its Danish message, and the others still run.
    func recompute(jobs: Jobs) async throws -> [RobotReport.SchemeRun] {
        let years = try await store.dataYears()
        @Sendable func attempt(_ due: DueResults, _ scheme: Scheme, _ year: Int?) async throws -> RobotReport.SchemeRun {
            guard due.due(scheme, year) else { return .init(ordning: scheme.rawValue, aar: year, status: "uændret") }
            let before = try await store.findings(scheme: scheme, year: year, includeInactive: true)
            let started = ContinuousClock.now
            do {
                _ = try await jobs.compute(scheme, year: year)
            } catch {
                return .init(ordning: scheme.rawValue, aar: year, status: "fejl", fejl: Self.message(error), sekunder: Self.seconds(since: started))
            }
            let seconds = Self.seconds(since: started)
            let after = try await store.findings(scheme: scheme, year: year, includeInactive: true)
            let change = FindingCounts(before: before, after: after)
            return .init(
                ordning: scheme.rawValue, aar: year, status: "beregnet", nye: change.new, aendrede: change.changed, lukkede: change.closed,
                sekunder: seconds)
        }
        /// Each scheme with data and each of its years, in the order the report lists them.
        let jobsOf = { (schemes: [Scheme]) -> [PassJob] in
            schemes.flatMap { scheme -> [PassJob] in
                if JobWork.isPerYear(scheme) { return (years[scheme].map(Array.init) ?? []).map { PassJob(scheme: scheme, year: $0) } }
                // VAT screens the ledger SDE reads: it has data when SDE has.
                return years[scheme == .vat ? .sde : scheme] != nil ? [PassJob(scheme: scheme, year: nil)] : []
            }
        }
        // Mellemkommunal first: SDE's check for costs claimed twice reads its claims. Then every
        // other scheme and year from one list, each taken by the first of two workers to be free
        // (SDE's years first, the longest at 5-6 s each at Copenhagen's size): none reads
        // another's results, and with SDE in one lane and the rest in another the shorter lane's
        // core stood idle for the last 5-8 s of the pass (issue 22 § 5).
        // What is due is read again after mellemkommunal: its claims are an input of SDE's years
        // (`ComputationInputs.passedOnClaims`), so claims it found tonight are counted tonight.
        var runs: [RobotReport.SchemeRun] = []
        let dueFirst = try await DueResults(store)
        for job in jobsOf([.intermunicipal]) { runs.append(try await attempt(dueFirst, job.scheme, job.year)) }
        let dueRest = try await DueResults(store)
        let list = PassList(jobsOf([.sde] + JobWork.computable.filter { $0 != .intermunicipal && $0 != .sde }))
        return runs + (try await list.run(workers: Self.workers) { try await attempt(dueRest, $0.scheme, $0.year) })
    }

    /// How many schemes or years run at once: the computations share the store's one writer, so
    /// more than a few only add to the peak memory.
    static let workers = max(2, min(4, ProcessInfo.processInfo.activeProcessorCount))

    /// Seconds to a tenth of a millisecond, for the report.
    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return (s * 10_000).rounded() / 10_000
    }

    /// The Danish message the command would give (every error of the program describes itself).
    static func message(_ error: any Error) -> String { String(describing: error) }
}

/// New, changed and closed findings between two readings of the same scheme (and year).
struct FindingCounts {
    var new = 0
    var changed = 0
    var closed = 0

    init(before: [StoredFinding], after: [StoredFinding]) {
        let earlier = Dictionary(before.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for f in after {
            guard let was = earlier[f.id], was.active else {
                if f.active { new += 1 }
                continue
            }
            if !f.active {
                closed += 1
            } else if was.finding.amount != f.finding.amount || was.finding.text != f.finding.text {
                changed += 1
            }
        }
    }
}

/// Which results a pass computes: those missing and those whose inputs changed, read once for
/// the schemes it then runs.
struct DueResults: Sendable {
    let computed: [StoredComputation]
    let stale: [Staleness]

    init(_ store: any Store) async throws {
        computed = try await store.computations()
        stale = try await ComputationLedger(store: store).stale()
    }

    func due(_ scheme: Scheme, _ year: Int?) -> Bool {
        let same = { (c: StoredComputation) in c.scheme == scheme && c.year == year }
        return !computed.contains(where: same) || stale.contains { same($0.computation) }
    }
}

/// A scheme, and its year for those computed a year at a time.
struct PassJob: Sendable {
    let scheme: Scheme
    let year: Int?
}

/// The pass's computations after mellemkommunal: handed out in order, their reports kept in the
/// same order whichever worker ran them.
final class PassList: Sendable {
    struct State {
        var next = 0
        var results: [RobotReport.SchemeRun?]
    }
    let jobs: [PassJob]
    let state: Mutex<State>

    init(_ jobs: [PassJob]) {
        self.jobs = jobs
        state = Mutex(State(results: Array(repeating: nil, count: jobs.count)))
    }

    /// The next job not yet taken, with its place in the list; nil when all are taken.
    func next() -> (Int, PassJob)? {
        state.withLock { s in
            guard s.next < jobs.count else { return nil }
            defer { s.next += 1 }
            return (s.next, jobs[s.next])
        }
    }

    func done(_ i: Int, _ run: RobotReport.SchemeRun) { state.withLock { $0.results[i] = run } }

    /// Runs every job, each taken by the first of `workers` to be free, and returns their
    /// reports in the list's order. The first error ends the others' work and is thrown.
    func run(
        workers: Int, _ attempt: @escaping @Sendable (PassJob) async throws -> RobotReport.SchemeRun
    ) async throws -> [RobotReport.SchemeRun] {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask { while let (i, job) = self.next() { self.done(i, try await attempt(job)) } }
            }
            try await group.waitForAll()
        }
        return state.withLock { $0.results.compactMap { $0 } }
    }
}
