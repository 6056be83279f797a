import Foundation
import HjemtagCore
import HjemtagStore
import PostgresKit
import SQLiteKit
import Synchronization

/// A row's columns by position, in the order of the query's column list.
protocol ColumnReader {
    func text(_ index: Int) -> String?
    func int(_ index: Int) -> Int64?
}

struct SQLiteColumns: ColumnReader {
    let columns: [SQLiteColumn]
    init(_ row: SQLiteRow) { columns = row.columns }
    func text(_ index: Int) -> String? { columns[index].data.string }
    func int(_ index: Int) -> Int64? { columns[index].data.integer.map(Int64.init) }
}

struct PostgresColumns: ColumnReader {
    let row: PostgresRandomAccessRow
    func text(_ index: Int) -> String? { (try? row[index].decode(String?.self)) ?? nil }
    func int(_ index: Int) -> Int64? { (try? row[index].decode(Int64?.self)) ?? nil }
}

/// One row of a positional read with what an error needs to name it: the table, the column
/// names and the row's place in the read. Its throwing accessors are the one decoding policy of
/// the store: a value that is missing where it must be, or cannot be read, is an error that names
/// the table, the row and the column; nothing is skipped, defaulted or guessed.
struct PositionalRow: ColumnReader {
    let columns: any ColumnReader
    let table: String
    let names: [String]
    /// 1 for the first row of the read.
    let ordinal: Int

    func text(_ index: Int) -> String? { columns.text(index) }
    func int(_ index: Int) -> Int64? { columns.int(index) }

    func failure(_ index: Int, _ reason: String) -> StoreError {
        .unreadableRow(table: table, row: "nr. \(ordinal) i læsningen", column: names[index], reason: reason)
    }

    func requiredText(_ index: Int) throws(StoreError) -> String {
        guard let t = columns.text(index) else { throw failure(index, "mangler") }
        return t
    }

    func requiredInt(_ index: Int) throws(StoreError) -> Int64 {
        guard let n = columns.int(index) else { throw failure(index, "mangler eller er ikke et heltal") }
        return n
    }

    func day(_ index: Int) throws(StoreError) -> Day {
        guard let d = try optionalDay(index) else { throw failure(index, "mangler") }
        return d
    }

    func optionalDay(_ index: Int) throws(StoreError) -> Day? {
        guard let t = columns.text(index) else { return nil }
        guard let d = Day(parsing: t) else { throw failure(index, "'\(t)' er ikke en dato") }
        return d
    }

    func cpr(_ index: Int) throws(StoreError) -> CPR {
        guard let c = try optionalCPR(index) else { throw failure(index, "mangler") }
        return c
    }

    /// The number itself never goes into the message.
    func optionalCPR(_ index: Int) throws(StoreError) -> CPR? {
        guard let t = columns.text(index) else { return nil }
        do { return try CPR(parsing: t) } catch { throw failure(index, "er ikke et gyldigt CPR-nummer") }
    }

    func requiredCPR(_ index: Int) throws(StoreError) -> CPR {
        guard let c = try optionalCPR(index) else { throw failure(index, "mangler") }
        return c
    }

    func range(_ from: Int, _ to: Int) throws(StoreError) -> DateRange {
        guard let r = try optionalRange(from, to) else { throw failure(from, "mangler") }
        return r
    }

    /// Both ends or neither; a period that ends before it starts is an error.
    func optionalRange(_ from: Int, _ to: Int) throws(StoreError) -> DateRange? {
        switch (try optionalDay(from), try optionalDay(to)) {
        case (nil, nil): return nil
        case (let f?, let t?):
            guard let r = DateRange.checked(f, t) else { throw failure(to, "perioden slutter før den begynder") }
            return r
        case (nil, _): throw failure(from, "mangler, men perioden har en slutdato")
        case (_, nil): throw failure(to, "mangler, men perioden har en startdato")
        }
    }

    func rate(_ index: Int) throws(StoreError) -> Rational? {
        guard let t = columns.text(index) else { return nil }
        guard let r = BatchWriter.rate(t) else { throw failure(index, "'\(t)' er ikke en brøk") }
        return r
    }
}

/// Collects decoded rows from a callback that runs on sqlite-nio's thread; the first error ends
/// the collection and is thrown by `rows()`.
final class RowList<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [T] = []
    private var error: (any Error)?
    func append(_ row: T) {
        lock.lock()
        defer { lock.unlock() }
        if error == nil { list.append(row) }
    }
    func fail(_ error: any Error) {
        lock.lock()
        defer { lock.unlock() }
        if self.error == nil { self.error = error }
    }
    func rows() throws -> [T] {
        lock.lock()
        defer { lock.unlock() }
        if let error { throw error }
        return list
    }
}

/// The state of one streamed read: the row count for messages and the first error. The driver
/// calls back on one thread, one row after another; the mutex only makes that visible to the
/// awaiting task, and is taken once per row only to count.
final class StreamState: Sendable {
    private struct State {
        var ordinal = 0
        var error: (any Error)?
    }
    private let state = Mutex(State())

    /// The next row's ordinal, or nil once a row has failed (later rows are not decoded).
    func next() -> Int? {
        state.withLock { s in
            guard s.error == nil else { return nil }
            s.ordinal += 1
            return s.ordinal
        }
    }

    func fail(_ error: any Error) { state.withLock { if $0.error == nil { $0.error = error } } }

    func check() throws { if let e = state.withLock({ $0.error }) { throw e } }
}
