import Foundation
import HjemtagCore
import HjemtagStore
import Testing

@testable import HjemtagSchemes

/// The robot's computations after mellemkommunal are taken from one list by several workers
/// (issue 22 § 5): each is run once, and the report lists them in the list's order whichever
/// worker finished first.
@Suite("The robot's list of computations")
struct RobotPassListTests {
    @Test("Four workers, jobs of uneven length: each job run once, the reports in the list's order")
    func order() async throws {
        let jobs =
            (2020...2026).map { PassJob(scheme: .sde, year: $0) } + [PassJob(scheme: .resultGrant, year: nil), PassJob(scheme: .vat, year: nil)]
        let list = PassList(jobs)
        let ran = Ran()
        let results = try await list.run(workers: 4) { job in
            // The first jobs take longest, so later ones finish before them.
            let place = try #require(jobs.firstIndex { $0.scheme == job.scheme && $0.year == job.year })
            try await Task.sleep(for: .milliseconds(5 * (jobs.count - place)))
            ran.add(place)
            return RobotReport.SchemeRun(ordning: job.scheme.rawValue, aar: job.year, status: "beregnet")
        }
        #expect(ran.sorted == Array(jobs.indices))
        #expect(results.map(\.ordning) == jobs.map(\.scheme.rawValue))
        #expect(results.map(\.aar) == jobs.map(\.year))
        #expect(list.next() == nil)
    }

    final class Ran: @unchecked Sendable {
        private let lock = NSLock()
        private var done: [Int] = []
        func add(_ i: Int) { lock.withLock { done.append(i) } }
        var sorted: [Int] { lock.withLock { done.sorted() } }
    }
}
