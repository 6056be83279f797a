import SQLKit

/// The SQLite writer's page cache. 64 MiB as a rule; 512 MiB while an import adds rows to a
/// table whose indexes it keeps row by row. A month's ledger file of Copenhagen's size (370.450
/// postings) puts its rows into a citizen index and a content-key index of about 170 MB each at
/// random places, so nearly every page of both is changed; with 64 MiB most were read, spilled to
/// the log and read again before the commit (the import 12 s, half of it in the kernel). The cache
/// is a limit, not an allocation: a small file touches few pages and costs no more memory. It is
/// back at 64 MiB before an index is built after its rows, since SQLite's sorter takes the cache
/// size as its memory too and sorted ten million keys slower with more (docs/PERFORMANCE.md § 5).
enum WriterCache {
    static let usualKiB = 65_536
    static let keptIndexesKiB = 524_288

    static func pragma(kib: Int) -> SQLQueryString { SQLQueryString("PRAGMA cache_size = -" + String(kib)) }
}
