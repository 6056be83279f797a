import Foundation
import HjemtagCore
import HjemtagStore
import Hummingbird

/// The findings list's filters and order as the address gives them, and the links that keep
/// them. The citizen searched for is never part of an address (it would sit in the browser's
/// history and the proxy's log): it comes only in a POST body.
struct FindingFilter: Sendable, Hashable {
    var scheme: Scheme?
    var year: Int?
    var status: FindingStatus?
    var direction: Finding.Direction?
    var department: String?
    /// A user name; the empty string: assigned to nobody.
    var assignee: String?
    /// Whole kroner, both bounds included.
    var minimum: Int64?
    var maximum: Int64?
    var order = FindingOrder.amount
    var descending = true
    var page = 1
    /// Only from a POST body.
    var cpr: CPR?

    /// The Danish names in the address, one per column that can be sorted.
    static let orderNames: [FindingOrder: String] = [
        .amount: "beloeb", .id: "nr", .scheme: "ordning", .year: "aar", .kind: "type", .direction: "retning",
        .status: "status", .assignee: "tildelt", .updated: "aendret",
    ]

    init() {}

    /// Reads the filters from named values (the query string, or the `tilbage` field a form
    /// carries); a value that is not one of the list's is refused with the field named.
    init(_ value: (String) -> String?) throws {
        func given(_ name: String) -> String? {
            guard let v = value(name)?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            return v
        }
        func parsed<T>(_ name: String, _ read: (String) -> T?, _ what: String) throws -> T? {
            guard let text = given(name) else { return nil }
            guard let v = read(text) else { throw HTTPError(.badRequest, message: "Ukendt \(what): \(text).") }
            return v
        }
        scheme = try parsed("ordning", Scheme.init(rawValue:), "ordning")
        year = try parsed("aar", { Int($0) }, "år")
        status = try parsed("status", FindingStatus.init(rawValue:), "status")
        direction = try parsed("retning", Finding.Direction.init(rawValue:), "retning")
        department = given("forvaltning")
        // An empty choice means "anyone"; "-" means "nobody".
        assignee = given("tildelt").map { $0 == "-" ? "" : $0 }
        minimum = try parsed("min", Self.kroner, "beløbsgrænse (et helt antal kroner)")
        maximum = try parsed("max", Self.kroner, "beløbsgrænse (et helt antal kroner)")
        if let o = given("sorter") {
            guard let order = Self.orderNames.first(where: { $0.value == o })?.key else {
                throw HTTPError(.badRequest, message: "Ukendt sortering: \(o).")
            }
            self.order = order
        }
        descending = given("faldende").map { $0 != "nej" } ?? (order == .amount || order == .updated)
        page = max(1, given("side").flatMap { Int($0) } ?? 1)
    }

    /// "1.000", "1000" and "1 000" are the same thousand kroner.
    static func kroner(_ text: String) -> Int64? {
        Int64(text.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: " ", with: ""))
    }

    /// The filters in the address's names, without the page.
    var parameters: [(String, String)] {
        var p: [(String, String)] = []
        if let scheme { p.append(("ordning", scheme.rawValue)) }
        if let year { p.append(("aar", String(year))) }
        if let status { p.append(("status", status.rawValue)) }
        if let direction { p.append(("retning", direction.rawValue)) }
        if let department { p.append(("forvaltning", department)) }
        if let assignee { p.append(("tildelt", assignee.isEmpty ? "-" : assignee)) }
        if let minimum { p.append(("min", String(minimum))) }
        if let maximum { p.append(("max", String(maximum))) }
        if order != .amount || !descending {
            p.append(("sorter", Self.orderNames[order] ?? "beloeb"))
            p.append(("faldende", descending ? "ja" : "nej"))
        }
        return p
    }

    /// The query string that keeps the filters (and the page, when it is not the first).
    func query(page: Int? = nil) -> String {
        var p = parameters
        if let page, page > 1 { p.append(("side", String(page))) }
        return p.map { $0.0 + "=" + ($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") }.joined(separator: "&")
    }

    /// The download of every finding these filters let through.
    func download(_ format: String) -> String {
        Route.exportFindings.path() + "?" + [query(), "format=" + format].filter { !$0.isEmpty }.joined(separator: "&")
    }

    func link(page: Int? = nil, extra: String? = nil) -> String {
        let q = [query(page: page), extra ?? ""].filter { !$0.isEmpty }.joined(separator: "&")
        return q.isEmpty ? Route.findings.path() : Route.findings.path() + "?" + q
    }

    /// The same filters sorted by a column: a second click on the sorted column turns the order.
    func sorted(by column: FindingOrder) -> FindingFilter {
        var f = self
        f.page = 1
        if f.order == column {
            f.descending.toggle()
        } else {
            f.order = column
            f.descending = column == .amount || column == .updated
        }
        return f
    }

    /// Whether any filter narrows the list.
    var narrows: Bool {
        scheme != nil || year != nil || status != nil || direction != nil || department != nil || assignee != nil || minimum != nil
            || maximum != nil || cpr != nil
    }

    /// The store's query for these filters; `persons` is the sight and department already read.
    func storeQuery(persons: Set<CPR>?, includeUnnamed: Bool) -> FindingQuery {
        var q = FindingQuery(scheme: scheme, year: year)
        q.status = status
        q.direction = direction
        q.assignee = assignee
        q.cpr = cpr
        q.minimum = minimum.map { Money(kroner: $0) }
        q.maximum = maximum.map { Money(kroner: $0) }
        q.persons = persons
        q.includeUnnamed = includeUnnamed
        q.order = order
        q.descending = descending
        return q
    }
}
