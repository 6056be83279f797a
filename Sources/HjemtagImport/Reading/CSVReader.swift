import Foundation
import HjemtagCore
import Synchronization

/// One record of a CSV file: its fields and the physical line it starts on.
///
/// The fields are kept as UTF-8 bytes, one separator byte between them, and made Strings only
/// when asked: a parser reads dates, amounts and CPR numbers straight from the bytes, and most
/// of a 10-million-row file's fields never need a String of their own.
public struct CSVRecord: Sendable {
    /// The fields' UTF-8, each followed by one separator byte (the last need not be).
    private let bytes: [UInt8]
    /// Where each field ends in `bytes`; the next begins one byte later.
    private let ends: [Int32]
    public let line: Int

    /// A record of a whole line of UTF-8 cut at the separators found in it.
    init(line bytes: [UInt8], ends: [Int32], line: Int) {
        self.bytes = bytes
        self.ends = ends
        self.line = line
    }

    public init(fields: [String], line: Int) {
        var bytes: [UInt8] = []
        var ends: [Int32] = []
        ends.reserveCapacity(fields.count)
        for f in fields {
            bytes.append(contentsOf: f.utf8)
            ends.append(Int32(bytes.count))
            bytes.append(0)
        }
        self.init(line: bytes, ends: ends, line: line)
    }

    public var count: Int { ends.count }

    @inline(__always) private func start(of i: Int) -> Int { i == 0 ? 0 : Int(ends[i - 1]) + 1 }

    public func field(_ i: Int) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start(of: i)..<Int(ends[i])]), as: UTF8.self) }
    }

    public var fields: [String] { (0..<count).map(field) }

    public func isEmpty(_ i: Int) -> Bool { start(of: i) == Int(ends[i]) }

    /// The bytes of field `i`, for parsing without a String.
    public func withBytes<R>(of i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start(of: i)..<Int(ends[i])])) }
    }

    /// The fields without the line number: equal exactly when the fields are, however each record
    /// was read (quoted or not, whatever the separator).
    public var content: Content { Content(record: self) }

    public struct Content: Hashable, Sendable {
        let record: CSVRecord

        public static func == (a: Content, b: Content) -> Bool {
            guard a.record.count == b.record.count else { return false }
            for i in 0..<a.record.count where !a.record.withBytes(of: i, { x in b.record.withBytes(of: i) { y in x.elementsEqual(y) } }) {
                return false
            }
            return true
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(record.count)
            for i in 0..<record.count {
                record.withBytes(of: i) {
                    hasher.combine(bytes: UnsafeRawBufferPointer($0))
                    hasher.combine(0xFF as UInt8)
                }
            }
        }
    }
}

/// A streaming reader for the CSV that Danish municipal systems write: `;` or `,` (detected
/// from the header line), quoted fields with embedded separators, quotes and newlines,
/// CRLF or LF, UTF-8 with or without BOM or Windows-1252. Reads the file in chunks so a
/// 10-million-row ledger never sits in memory whole.
public final class CSVReader {
    public let fileName: String
    public let encoding: TextEncoding
    public private(set) var separator: UInt8 = UInt8(ascii: ";")
    /// A field longer than this is refused: no real column is that long, and it bounds memory.
    public static let maxFieldBytes = 1 << 20

    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEOF = false
    private var line = 1
    private var startedBOM = false

    /// Bytes left to read when the reader covers part of the file (nil: to the end).
    private var remaining: UInt64?

    public init(url: URL, encoding: TextEncoding) throws {
        let h = try ImportError.openForReading(url)
        handle = h
        fileName = url.lastPathComponent
        self.encoding = encoding
        try fill()
        if encoding == .utf8BOM, buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        separator = detectSeparator()
    }

    /// Reads the whole lines in `range` of a file split by `ranges(of:parts:)`, with the
    /// separator found on the first part's header. Line numbers count from the range's start.
    public init(url: URL, encoding: TextEncoding, separator: UInt8, range: Range<UInt64>) throws {
        let h = try ImportError.openForReading(url)
        handle = h
        fileName = url.lastPathComponent
        self.encoding = encoding
        self.separator = separator
        try h.seek(toOffset: range.lowerBound)
        remaining = UInt64(range.count)
        checksUTF8 = encoding != .windows1252
        try fill()
        if range.lowerBound == 0, encoding == .utf8BOM, buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// Splits a file into `parts` byte ranges that each begin just after a newline, so the
    /// parts can be parsed at once on several cores; nil for a file too small to gain from it.
    /// Only a file without a single quote character may be read so (a quoted field can hold a
    /// newline): `FileScan` tells.
    public static func ranges(of url: URL, parts: Int, minimumBytes: UInt64 = 16 << 20) throws -> [Range<UInt64>]? {
        guard parts > 1, let h = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? h.close() }
        let size = try h.seekToEnd()
        guard size >= minimumBytes else { return nil }
        var starts: [UInt64] = [0]
        for i in 1..<parts {
            try h.seek(toOffset: size * UInt64(i) / UInt64(parts))
            var offset = try h.offset()
            var found = false
            while !found, let chunk = try h.read(upToCount: 64 << 10), !chunk.isEmpty {
                if let nl = chunk.firstIndex(of: 10) {
                    offset += UInt64(nl - chunk.startIndex) + 1
                    found = true
                } else {
                    offset += UInt64(chunk.count)
                }
            }
            if found, offset > starts.last!, offset < size { starts.append(offset) }
        }
        guard starts.count > 1 else { return nil }
        return zip(starts, starts.dropFirst() + [size]).map { $0..<$1 }
    }

    deinit { try? handle.close() }

    /// Counts candidate separators outside quotes on the header line; the most frequent wins.
    private func detectSeparator() -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ";"): 0, UInt8(ascii: ","): 0, UInt8(ascii: "\t"): 0]
        var inQuotes = false
        var i = position
        while i < buffer.count {
            let b = buffer[i]
            if b == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes && (b == 10 || b == 13) {
                break
            } else if !inQuotes, counts[b] != nil {
                counts[b]! += 1
            }
            i += 1
        }
        let best = counts.max { ($0.value, $0.key == UInt8(ascii: ";") ? 1 : 0) < ($1.value, $1.key == UInt8(ascii: ";") ? 1 : 0) }!
        return best.value == 0 ? UInt8(ascii: ";") : best.key
    }

    public var separatorName: String {
        switch separator {
        case UInt8(ascii: ";"): return "semikolon"
        case UInt8(ascii: ","): return "komma"
        default: return "tabulator"
        }
    }

    private func fill() throws {
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        guard !atEOF else { return }
        let want = remaining.map { Int(min($0, 1 << 20)) } ?? 1 << 20
        let chunk = want == 0 ? Data() : try handle.read(upToCount: want) ?? Data()
        if chunk.isEmpty {
            atEOF = true
        } else {
            buffer.append(contentsOf: chunk)
            remaining = remaining.map { $0 - UInt64(chunk.count) }
        }
    }

    @inline(__always) private func byte(at offset: Int) throws -> UInt8? {
        if position + offset >= buffer.count {
            try fill()
            if position + offset >= buffer.count { return nil }
        }
        return buffer[position + offset]
    }

    /// The next record, or nil at the end of the file. Blank lines are skipped.
    public func next() throws -> CSVRecord? {
        while true {
            guard let record = try readRecord() else { return nil }
            if record.count == 1 && record.isEmpty(0) { continue }
            return record
        }
    }

    private func readRecord() throws -> CSVRecord? {
        if let record = try unquotedLine() { return record }
        return try generalRecord()
    }

    /// The common case, a whole line without a quote in the buffer, split in one pass over the
    /// bytes; nil leaves the line to the general reader (quotes, an overlong line, the end).
    private func unquotedLine() throws -> CSVRecord? {
        var newline = findNewline()
        while newline == nil, !atEOF, buffer.count - position <= CSVReader.maxFieldBytes {
            try fill()
            newline = findNewline()
        }
        guard newline != nil || (atEOF && position < buffer.count) else { return nil }
        let end = newline ?? buffer.count
        let quote = UInt8(ascii: "\"")
        let separator = separator
        // The last record's arrays, reused when the caller has let go of that record (as a loop
        // over the file does): no allocation per line. A record still held keeps its own.
        var ends = lastEnds
        lastEnds = []
        ends.removeAll(keepingCapacity: true)
        var highBytes = false
        let lineEnd: Int? = buffer.withUnsafeBufferPointer { p in
            var lineEnd = end
            if lineEnd > position, p[lineEnd - 1] == 13 { lineEnd -= 1 }
            var i = position
            var high: UInt8 = 0
            while i < lineEnd {
                let b = p[i]
                if b == quote { return nil }
                if b == separator { ends.append(Int32(i - position)) }
                high |= b
                i += 1
            }
            ends.append(Int32(lineEnd - position))
            highBytes = high >= 0x80
            return lineEnd
        }
        guard let lineEnd else {
            sawQuote = true
            return nil
        }
        if highBytes && checksUTF8 {
            var validator = UTF8Validator()
            buffer[position..<lineEnd].withUnsafeBytes { validator.feed($0) }
            if !validator.complete { sawNonUTF8 = true }
        }
        var fieldStart = 0
        for (k, fieldEnd) in ends.enumerated() where lineEnd - position > CSVReader.maxFieldBytes {
            if Int(fieldEnd) - fieldStart > CSVReader.maxFieldBytes {
                throw ImportProblem(
                    file: fileName, line: line, column: k + 1,
                    reason: "feltet er længere end \(CSVReader.maxFieldBytes) byte; filen er formentlig ikke en CSV-fil")
            }
            fieldStart = Int(fieldEnd) + 1
        }
        var bytes = lastBytes
        lastBytes = []
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: buffer[position..<lineEnd])
        (lastBytes, lastEnds) = (bytes, ends)
        let record: CSVRecord
        if highBytes && encoding == .windows1252 {
            // Windows-1252 letters become UTF-8 of another length: decode field by field.
            var fields: [String] = []
            var fieldStart = 0
            for fieldEnd in ends {
                fields.append(encoding.decode(bytes[fieldStart..<Int(fieldEnd)]))
                fieldStart = Int(fieldEnd) + 1
            }
            record = CSVRecord(fields: fields, line: line)
        } else {
            record = CSVRecord(line: bytes, ends: ends, line: line)
        }
        line += 1
        position = newline.map { $0 + 1 } ?? buffer.count
        return record
    }

    /// What this reader met that reading a file in parts, on the guess that it is UTF-8 without
    /// quotes, must not meet: a quote (a quoted field may hold a newline, so the cuts may split a
    /// record) or, read as UTF-8, bytes that are not (then the file is Windows-1252).
    public private(set) var sawQuote = false
    public private(set) var sawNonUTF8 = false
    /// Only a reader of a range checks: a whole file's encoding was found over all of it first
    /// (`FileFingerprint`), so the import need not check its lines again.
    private var checksUTF8 = false

    private var lastBytes: [UInt8] = []
    private var lastEnds: [Int32] = []

    private func findNewline() -> Int? {
        guard position < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { p -> Int? in
            guard let hit = memchr(p.baseAddress! + position, 10, p.count - position) else { return nil }
            return p.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    private func generalRecord() throws -> CSVRecord? {
        guard try byte(at: 0) != nil else { return nil }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var wasQuoted = false
        let quote = UInt8(ascii: "\"")
        while true {
            guard let b = try byte(at: 0) else {
                if inQuotes {
                    throw ImportProblem(
                        file: fileName, line: startLine, column: fields.count + 1,
                        reason: "citationstegn åbnet her lukkes aldrig før filens slutning")
                }
                fields.append(encoding.decode(field[...]))
                return CSVRecord(fields: fields, line: startLine)
            }
            position += 1
            if inQuotes {
                if b == quote {
                    if try byte(at: 0) == quote {
                        field.append(quote)
                        position += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == 10 { line += 1 }
                    field.append(b)
                }
            } else if b == separator {
                fields.append(encoding.decode(field[...]))
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
            } else if b == 10 {
                line += 1
                fields.append(encoding.decode(field[...]))
                return CSVRecord(fields: fields, line: startLine)
            } else if b == 13 {
                continue
            } else if b == quote && field.isEmpty && !wasQuoted {
                inQuotes = true
                wasQuoted = true
            } else {
                field.append(b)
            }
            if field.count > CSVReader.maxFieldBytes {
                throw ImportProblem(
                    file: fileName, line: startLine, column: fields.count + 1,
                    reason: "feltet er længere end \(CSVReader.maxFieldBytes) byte; filen er formentlig ikke en CSV-fil")
            }
        }
    }
}

/// Facts a parser derives from a file's header (its resolved columns), made once per file: a
/// parser keeps one of these, and every row after the first costs a pointer comparison, where
/// looking a column up by name hashes a string on every field of every row.
///
/// The facts are kept in the header object itself (`CSVHeader.parserFacts`), read without a lock.
/// A file read in parts gives each part its own header, so the two cores never touch the same
/// object for a row: a shared one had its reference count written from both cores on every row,
/// and the cache line went back and forth between them (10 % of an SDE run).
public final class PerHeader<Facts: AnyObject>: @unchecked Sendable {
    /// A header already holding another parser's facts (one header, two parsers), behind a lock.
    private let lock = NSLock()
    private var header: CSVHeader?
    private var facts: Facts?
    private let make: (CSVHeader) -> Facts

    public init(_ make: @escaping (CSVHeader) -> Facts) { self.make = make }

    public func callAsFunction(_ h: CSVHeader) -> Facts {
        var address = h.parserFacts.load(ordering: .acquiring)
        if address == 0 {
            let made = UInt(bitPattern: Unmanaged.passRetained(HeaderFacts(owner: self, facts: make(h))).toOpaque())
            let (stored, current) = h.parserFacts.compareExchange(expected: 0, desired: made, ordering: .acquiringAndReleasing)
            if !stored { Unmanaged<HeaderFacts>.fromOpaque(UnsafeRawPointer(bitPattern: made)!).release() }
            address = stored ? made : current
        }
        let found: Facts? = Unmanaged<HeaderFacts>.fromOpaque(UnsafeRawPointer(bitPattern: address)!)._withUnsafeGuaranteedRef { e in
            e.owner === self ? unsafeDowncast(e.facts, to: Facts.self) : nil
        }
        if let found { return found }
        lock.lock()
        if header === h, let facts {
            lock.unlock()
            return facts
        }
        lock.unlock()
        let made = make(h) // outside the lock: resolving columns takes the header's own lock
        lock.lock()
        header = h
        facts = made
        lock.unlock()
        return made
    }
}

/// What one parser (`PerHeader`) made of a header, kept in the header. The owner is held, not
/// only its address: a parser freed and another made at the same address must not read these
/// facts as its own type.
final class HeaderFacts: @unchecked Sendable {
    let owner: AnyObject, facts: AnyObject
    init(owner: AnyObject, facts: AnyObject) {
        self.owner = owner
        self.facts = facts
    }
}

/// A column of the file as a parser resolved it once per header.
public struct Column: Sendable {
    public let name: String
    public let position: Int?
}

/// Maps header names to positions, case- and accent-insensitively (`Beløb` = `beloeb`).
/// A class, so facts derived from the header are computed once per file, not once per row.
public final class CSVHeader: @unchecked Sendable {
    public let names: [String]
    public let normalised: [String]
    private let index: [String: Int]
    private let lock = NSLock()
    /// The address of a retained `HeaderFacts`, or 0: set once by the first parser that reads a
    /// row under this header (`PerHeader`).
    let parserFacts = Atomic<UInt>(0)

    deinit {
        let address = parserFacts.load(ordering: .acquiring)
        if address != 0 { Unmanaged<HeaderFacts>.fromOpaque(UnsafeRawPointer(bitPattern: address)!).release() }
    }

    public init(fields: [String]) {
        names = fields.map { $0.trimmingCharacters(in: .whitespaces) }
        normalised = names.map(ColumnName.normalise)
        var idx: [String: Int] = [:]
        for (i, n) in normalised.enumerated() where idx[n] == nil { idx[n] = i }
        index = idx
    }

    /// Positions of the columns a parser does not know, for keeping them as extra data.
    public func extraPositions(known: Set<String>) -> [Int] {
        normalised.indices.filter { !known.contains(normalised[$0]) }
    }

    /// A column resolved once: its position (nil when the file lacks it) and its name for messages.
    public func column(_ name: String) -> Column {
        Column(name: name, position: position(of: name))
    }

    private var missCache: [String: Int?] = [:]

    /// Parsers ask with already-normalised names (`beloeb`), which hit the table directly. Other
    /// spellings, and optional columns the file lacks, are normalised once per file and cached:
    /// normalising on every row cost 75 % of the time on a file without the optional columns.
    public func position(of column: String) -> Int? {
        if let i = index[column] { return i }
        lock.lock()
        defer { lock.unlock() }
        if let cached = missCache[column] { return cached }
        let found = index[ColumnName.normalise(column)]
        missCache[column] = found
        return found
    }
}
