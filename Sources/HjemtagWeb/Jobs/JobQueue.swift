import Foundation
import HjemtagCore
import HjemtagSchemes
import HjemtagStore

/// The server's background jobs: an import or a computation started from a page runs here, not
/// inside the request, and its page shows how far it has come. Jobs run one at a time in the
/// order they were asked for: they write to the same store, which takes one writer at a time
/// anyway, and a second computation of the same scheme waits for the first instead of racing it.
/// The list lives as long as the server; what a job did is kept where it always is (the import
/// archive, the stored results, the audit log).
actor JobQueue {
    enum State: String, Sendable {
        case queued = "i kø"
        case running = "kører"
        case done = "færdig"
        case failed = "fejlet"

        var isOver: Bool { self == .done || self == .failed }
    }

    struct Entry: Sendable {
        let id: Int
        let work: JobWork
        let startedBy: String
        let submittedAt: Date
        var startedAt: Date?
        var endedAt: Date?
        var state: State = .queued
        let progress: JobProgress
        var lines: [String] = []
        var warnings: [String] = []
        /// Where the result is shown: the scheme's page, the imports.
        let resultPath: String
        /// A folder the job owns (an uploaded file), removed when the job ends.
        let workDirectory: URL?
    }

    /// Finished jobs beyond this many are forgotten, oldest first.
    static let kept = 200

    private let store: any Store
    private let today: @Sendable () -> Day
    private var entries: [Int: Entry] = [:]
    private var tasks: [Int: Task<Void, Never>] = [:]
    private var nextID = 1
    private var tail: Task<Void, Never>?

    init(store: any Store, today: @escaping @Sendable () -> Day) {
        self.store = store
        self.today = today
    }

    /// Queues the work and answers at once with the job's number.
    func submit(_ work: JobWork, by user: String, origin: String, resultPath: String, workDirectory: URL? = nil) -> Int {
        let id = nextID
        nextID += 1
        entries[id] = Entry(
            id: id, work: work, startedBy: user, submittedAt: Date(), progress: JobProgress(), resultPath: resultPath,
            workDirectory: workDirectory)
        let previous = tail
        let task = Task {
            await previous?.value
            await self.execute(id, user: user, origin: origin)
        }
        tasks[id] = task
        tail = task
        forgetOld()
        return id
    }

    func entry(_ id: Int) -> Entry? { entries[id] }

    /// Newest first.
    func all() -> [Entry] { entries.values.sorted { $0.id > $1.id } }

    /// Until the job has ended (tests, and a CLI that waits).
    func wait(_ id: Int) async {
        await tasks[id]?.value
    }

    private func execute(_ id: Int, user: String, origin: String) async {
        guard var entry = entries[id] else { return }
        entry.state = .running
        entry.startedAt = Date()
        entries[id] = entry
        do {
            let outcome = try await Jobs(store: store, user: user, origin: origin, today: today()).run(entry.work, progress: entry.progress)
            entry.lines = outcome.lines
            entry.warnings = outcome.warnings
            entry.state = .done
        } catch {
            // Every error of the program describes itself in Danish, file:line:column for a refused file.
            entry.lines = String(describing: error).split(separator: "\n").map(String.init)
            entry.state = .failed
        }
        entry.endedAt = Date()
        entry.progress.phase(entry.state.rawValue)
        if let folder = entry.workDirectory { try? FileManager.default.removeItem(at: folder) }
        entries[id] = entry
        tasks[id] = nil
    }

    private func forgetOld() {
        let finished = entries.values.filter(\.state.isOver).map(\.id).sorted()
        for id in finished.dropLast(Self.kept) { entries[id] = nil }
    }
}
