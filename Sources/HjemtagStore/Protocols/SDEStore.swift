import Foundation
import HjemtagCore

/// Stored SDE computations: one run per year with its subjects.
public protocol SDEStore: Sendable {
    /// Stores a computation; it replaces earlier runs for the same year. Returns the run's id.
    func saveSDERun(_ run: StoredSDERun, subjects: [StoredSDESubject]) async throws -> Int
    /// Keeps a forecast as it was taken; returns its id.
    func saveSDEForecast(_ forecast: StoredSDEForecast) async throws -> Int
    /// The year's forecasts, oldest first.
    func sdeForecasts(year: Int) async throws -> [StoredSDEForecast]
    /// The year's run, or the newest year's when `year` is nil.
    func latestSDERun(year: Int?) async throws -> StoredSDERun?
    /// Every subject of a run, largest refund first.
    func sdeSubjects(runID: Int) async throws -> [StoredSDESubject]
    /// The id of the subject with this key in the year's newest run, or nil.
    func sdeSubjectID(year: Int, key: String) async throws -> Int?
    /// One subject with its months, or nil.
    func sdeSubject(id: Int) async throws -> StoredSDESubject?
    /// The subjects with a refund, largest first: the first `limit` that `visible` lets through
    /// and how many it lets through, read without their months.
    func sdeRefundSubjects(runID: Int, limit: Int, visible: (@Sendable (StoredSDESubject) -> Bool)?) async throws
        -> (subjects: [StoredSDESubject], count: Int)
}
