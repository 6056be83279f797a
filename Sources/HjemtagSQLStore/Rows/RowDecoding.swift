import Foundation
import HjemtagCore
import HjemtagStore
import SQLKit

/// A row read by column name, with the store's one decoding policy: a value that is missing where
/// it must be, or cannot be read as what the column holds, is `StoreError.unreadableRow` naming
/// the table, the row (its `id`) and the column. Nothing is skipped, defaulted or coerced.
struct StoredRow {
    let row: any SQLRow
    let table: String

    init(_ row: any SQLRow, table: String) {
        self.row = row
        self.table = table
    }

    var rowName: String {
        (try? row.decode(column: "id", as: Int.self)).map { "id \($0)" } ?? "uden id"
    }

    func failure(_ column: String, _ reason: String) -> StoreError {
        .unreadableRow(table: table, row: rowName, column: column, reason: reason)
    }

    func isNull(_ column: String) throws -> Bool {
        do { return try row.decodeNil(column: column) } catch { throw failure(column, "findes ikke") }
    }

    func text(_ column: String) throws -> String {
        guard !(try isNull(column)), let t = try? row.decode(column: column, as: String.self) else {
            throw failure(column, "mangler eller er ikke tekst")
        }
        return t
    }

    func optionalText(_ column: String) throws -> String? { try isNull(column) ? nil : try text(column) }

    func int(_ column: String) throws -> Int {
        guard !(try isNull(column)), let n = try? row.decode(column: column, as: Int.self) else {
            throw failure(column, "mangler eller er ikke et heltal")
        }
        return n
    }

    func optionalInt(_ column: String) throws -> Int? { try isNull(column) ? nil : try int(column) }

    func money(_ column: String) throws -> Money {
        guard !(try isNull(column)), let n = try? row.decode(column: column, as: Int64.self) else {
            throw failure(column, "mangler eller er ikke et beløb i øre")
        }
        return Money(ore: n)
    }

    func optionalMoney(_ column: String) throws -> Money? { try isNull(column) ? nil : try money(column) }

    /// 0 or 1, as the schema stores booleans on both databases.
    func bool(_ column: String) throws -> Bool {
        switch try int(column) {
        case 0: return false
        case 1: return true
        case let n: throw failure(column, "er \(n), ikke 0 eller 1")
        }
    }

    func day(_ column: String) throws -> Day {
        let t = try text(column)
        guard let d = Day(parsing: t) else { throw failure(column, "'\(t)' er ikke en dato") }
        return d
    }

    func optionalDay(_ column: String) throws -> Day? { try isNull(column) ? nil : try day(column) }

    /// The number itself never goes into the message.
    func cpr(_ column: String) throws -> CPR {
        let t = try text(column)
        do { return try CPR(parsing: t) } catch { throw failure(column, "er ikke et gyldigt CPR-nummer") }
    }

    func optionalCPR(_ column: String) throws -> CPR? { try isNull(column) ? nil : try cpr(column) }

    /// CPR numbers stored comma-separated (`0101901234,0202901234`); empty is none.
    func cprList(_ column: String) throws -> [CPR] {
        let t = try text(column)
        guard !t.isEmpty else { return [] }
        return try t.split(separator: ",").map { part in
            do { return try CPR(parsing: String(part)) } catch { throw failure(column, "holder et ugyldigt CPR-nummer") }
        }
    }

    /// A stored key of one of Hjemtag's enumerations (a status, a role, a scheme).
    func value<E: RawRepresentable>(_ column: String, as type: E.Type) throws -> E where E.RawValue == String {
        let t = try text(column)
        guard let e = E(rawValue: t) else { throw failure(column, "har den ukendte værdi '\(t)'") }
        return e
    }

    func optionalValue<E: RawRepresentable>(_ column: String, as type: E.Type) throws -> E? where E.RawValue == String {
        try isNull(column) ? nil : try value(column, as: type)
    }

    func json<T: Decodable>(_ column: String, as type: T.Type) throws -> T {
        let t = try text(column)
        do { return try SQLStore.decode(T.self, t) } catch { throw failure(column, "er ikke gyldig JSON for \(T.self)") }
    }

    /// The same, through a cache of what each text decoded to.
    func json<T: Decodable & Sendable>(_ column: String, as type: T.Type, cache: DecodedJSONCache<T>) throws -> T {
        let t = try text(column)
        do { return try cache.value(for: t) { try SQLStore.decode(T.self, $0) } } catch {
            throw failure(column, "er ikke gyldig JSON for \(T.self)")
        }
    }

    func rate(_ column: String) throws -> Rational {
        let t = try text(column)
        guard let r = BatchWriter.rate(t) else { throw failure(column, "'\(t)' er ikke en brøk") }
        return r
    }

    func optionalRate(_ column: String) throws -> Rational? { try isNull(column) ? nil : try rate(column) }
}

extension SQLStore {
    /// The rows of a query over one table, each decoded by name; the first row that cannot be
    /// decoded is an error that names it.
    func rows<T>(_ query: SQLQueryString, table: String, _ decode: (StoredRow) throws -> T) async throws -> [T] {
        try await rows(query).map { try decode(StoredRow($0, table: table)) }
    }

    /// JSON columns: written with sorted keys, so the same value is always the same text.
    static let json: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        return e
    }()

    static func encode(_ value: some Encodable) throws -> String { String(decoding: try json.encode(value), as: UTF8.self) }
    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T { try JSONDecoder().decode(T.self, from: Data(text.utf8)) }
}
