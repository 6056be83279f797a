import Testing

@testable import HjemtagSQLStore

/// A JSON column decoded once per text: the same text is not decoded again, another text is, and
/// the bound empties the cache rather than growing it.
@Suite("Decoded JSON columns kept by their text")
struct DecodedJSONCacheTests {
    final class Counter: @unchecked Sendable { var n = 0 }

    @Test("The same text is decoded once; a changed text is decoded anew; past the limit it starts again")
    func cache() throws {
        let cache = DecodedJSONCache<[Int]>(limit: 2)
        let decoded = Counter()
        let decode: (String) throws -> [Int] = { text in
            decoded.n += 1
            return try SQLStore.decode([Int].self, text)
        }
        #expect(try cache.value(for: "[1,2]", decode: decode) == [1, 2])
        #expect(try cache.value(for: "[1,2]", decode: decode) == [1, 2])
        #expect(decoded.n == 1)
        #expect(try cache.value(for: "[1,3]", decode: decode) == [1, 3])
        #expect(decoded.n == 2)
        // A third text passes the limit of two: the cache starts again, and still answers right.
        #expect(try cache.value(for: "[4]", decode: decode) == [4])
        #expect(try cache.value(for: "[1,2]", decode: decode) == [1, 2])
        #expect(decoded.n == 4)
        // A text that does not decode is refused and not kept.
        #expect(throws: (any Error).self) { try cache.value(for: "[1,", decode: decode) }
        #expect(throws: (any Error).self) { try cache.value(for: "[1,", decode: decode) }
        #expect(decoded.n == 6)
    }
}
