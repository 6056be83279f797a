import Foundation

/// Page arithmetic and links for long lists.
enum Paging {
    /// At least one page, so an empty list is page 1 of 1.
    static func count(_ items: Int, size: Int) -> Int { max(1, (items + size - 1) / size) }

    /// A link that keeps the list's filters; the values are percent-encoded.
    static func link(_ path: String, _ parameters: KeyValuePairs<String, String?>) -> String {
        link(path, parameters.compactMap { key, value in value.map { (key, $0) } })
    }

    /// The same from pairs made at run time, in their order.
    static func link(_ path: String, _ parameters: [(String, String)]) -> String {
        let query = parameters.map { key, value in key + "=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") }
        return query.isEmpty ? path : path + "?" + query.joined(separator: "&")
    }
}

/// One page of one of several lists on a page, each paged by its own query parameter so the
/// others keep their place: "Viser 101–200 af 1.649" with the links before and after.
struct ListPage<Row: Sendable>: Sendable {
    var rows: [Row]
    /// nil when everything fits on one page.
    var showing: String?
    var previous: String?
    var next: String?

    /// `parameter`: the list's page in the address; `others`: the other lists' pages, kept.
    init(_ all: [Row], page requested: Int?, size: Int, path: String, parameter: String, others: [String: Int]) {
        let pages = Paging.count(all.count, size: size)
        let page = min(max(1, requested ?? 1), pages)
        let first = (page - 1) * size
        rows = Array(all[first..<min(first + size, all.count)])
        func link(_ p: Int) -> String {
            var query = others.filter { $0.value > 1 }.map { ($0.key, String($0.value)) }
            if p > 1 { query.append((parameter, String(p))) }
            return Paging.link(path, query.sorted { $0.0 < $1.0 })
        }
        showing = pages > 1 ? "Viser \(Danish.integer(first + 1))–\(Danish.integer(first + rows.count)) af \(Danish.integer(all.count))" : nil
        previous = page > 1 ? link(page - 1) : nil
        next = page < pages ? link(page + 1) : nil
    }

    private init(rows: [Row], showing: String?, previous: String?, next: String?) {
        (self.rows, self.showing, self.previous, self.next) = (rows, showing, previous, next)
    }

    /// The same page with its rows made into what the template shows: only the page's rows are.
    func map<Shown>(_ transform: (Row) throws -> Shown) rethrows -> ListPage<Shown> {
        ListPage<Shown>(rows: try rows.map(transform), showing: showing, previous: previous, next: next)
    }
}
