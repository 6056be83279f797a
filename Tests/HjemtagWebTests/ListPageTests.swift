import Testing

@testable import HjemtagWeb

/// A page with several long lists pages each on its own, keeping the others' pages in its links.
@Suite("One list's page among several")
struct ListPageTests {
    @Test("250 rows, 100 a page: the second page shows 101-200 and links to the first and third, keeping the other list's page")
    func secondPage() {
        let page = ListPage(Array(1...250), page: 2, size: 100, path: "/mellemkommunal", parameter: "side-krav", others: ["side-borgere": 3])
        #expect(page.rows.first == 101 && page.rows.last == 200 && page.rows.count == 100)
        #expect(page.showing == "Viser 101–200 af 250")
        #expect(page.previous == "/mellemkommunal?side-borgere=3")
        #expect(page.next == "/mellemkommunal?side-borgere=3&side-krav=3")
    }

    @Test("A page past the end shows the last; a short list shows everything with no pager")
    func edges() {
        let last = ListPage(Array(1...250), page: 9, size: 100, path: "/p", parameter: "s", others: [:])
        #expect(last.rows == Array(201...250) && last.next == nil && last.previous == "/p?s=2")
        let short = ListPage(Array(1...7), page: nil, size: 100, path: "/p", parameter: "s", others: ["t": 1])
        #expect(short.rows.count == 7 && short.showing == nil && short.previous == nil && short.next == nil)
        let empty = ListPage([Int](), page: 0, size: 100, path: "/p", parameter: "s", others: [:])
        #expect(empty.rows.isEmpty && empty.showing == nil)
    }

    @Test("Every row is on exactly one page, in order")
    func covers() {
        for count in [0, 1, 99, 100, 101, 350] {
            let pages = Paging.count(count, size: 100)
            let rows = (1...pages).flatMap { ListPage(Array(0..<count), page: $0, size: 100, path: "/p", parameter: "s", others: [:]).rows }
            #expect(rows == Array(0..<count), "\(count) rows")
        }
    }
}
