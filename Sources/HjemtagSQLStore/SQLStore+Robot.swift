import Foundation
import HjemtagCore
import HjemtagStore
import SQLKit

extension SQLStore {
    public func beginRobotRun(by user: String, staleAfter: Int) async throws -> Int {
        try await requireMigrated()
        return try await transaction {
            let now = SQLStore.now()
            if let held = try await rows(
                "SELECT since, holder FROM robot_lock WHERE name = 'robot'", table: "robot_lock",
                { r in
                    (try r.text("since"), try r.text("holder"))
                }
            ).first {
                let age = Date().timeIntervalSince((try? Date(held.0, strategy: .iso8601)) ?? Date())
                guard age > Double(staleAfter) else { throw RobotError.busy(since: held.0, by: held.1) }
                try await db.raw("DELETE FROM robot_lock WHERE name = 'robot'").run()
            }
            let inserted = try await rows(
                "INSERT INTO robot_runs (started_at, started_by) VALUES (\(bind: now), \(bind: user)) RETURNING id")
            let id = try inserted[0].decode(column: "id", as: Int.self)
            // The primary key makes a second holder's insert fail even when two begin at once.
            try await db.raw(
                "INSERT INTO robot_lock (name, run_id, since, holder) VALUES ('robot', \(bind: id), \(bind: now), \(bind: user))"
            ).run()
            return id
        }
    }

    public func finishRobotRun(id: Int, report: RobotReport) async throws {
        try await requireMigrated()
        try await transaction {
            try await db.raw(
                "UPDATE robot_runs SET finished_at = \(bind: SQLStore.now()), report = \(bind: try SQLStore.encode(report)) WHERE id = \(bind: id)"
            ).run()
            try await db.raw("DELETE FROM robot_lock WHERE name = 'robot' AND run_id = \(bind: id)").run()
        }
    }

    /// A finished pass's report does not change, and the worklist shows the last five on every
    /// view: decoding them was 3 % of the worklist under load (issue 22 § 4).
    static let robotReports = DecodedJSONCache<RobotReport>(limit: 256)

    public func robotRuns(limit: Int) async throws -> [RobotRun] {
        try await requireMigrated()
        return try await reading {
            try await rows("SELECT * FROM robot_runs ORDER BY id DESC LIMIT \(unsafeRaw: String(max(1, limit)))", table: "robot_runs") { r in
                RobotRun(
                    id: try r.int("id"), startedAt: try r.text("started_at"), finishedAt: try r.optionalText("finished_at"),
                    startedBy: try r.text("started_by"),
                    report: try r.isNull("report") ? nil : try r.json("report", as: RobotReport.self, cache: SQLStore.robotReports))
            }
        }
    }
}
