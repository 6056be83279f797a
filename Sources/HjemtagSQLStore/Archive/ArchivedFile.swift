import CZlibHjemtag
import Foundation
import Synchronization

/// An imported file as the store archives it: deflated (raw DEFLATE, as in a ZIP entry) at
/// zlib's fastest level, read from disk in chunks so a gigabyte ledger is never held whole.
enum ArchivedFile {
    /// The `imports.content_encoding` of a deflated archive; NULL is a file stored as it was.
    static let deflate = "deflate"
    static let chunk = 1 << 20

    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// `stop` is asked before every chunk: an import that failed stops its archive too.
    static func deflate(_ url: URL, stop: () -> Bool = { false }) throws -> Data {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var stream = z_stream()
        // Raw DEFLATE (window bits -15), level 1: a CSV still shrinks four to six times.
        guard deflateInit2_(&stream, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failed(description: "zlib kunne ikke startes")
        }
        defer { deflateEnd(&stream) }
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            if stop() { throw Failed(description: "arkiveringen blev afbrudt") }
            let input = try handle.read(upToCount: chunk) ?? Data()
            let flush = input.isEmpty ? Z_FINISH : Z_NO_FLUSH
            let status = input.withUnsafeBytes { pump(&stream, $0, into: &out, buffer: &buffer) { CZlibHjemtag.deflate(&$0, flush) } }
            guard status != Z_STREAM_ERROR else { throw Failed(description: "zlib fejlede under arkiveringen") }
            if flush == Z_FINISH { break }
        }
        return out
    }

    static func inflate(_ data: Data) throws -> Data {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failed(description: "zlib kunne ikke startes")
        }
        defer { inflateEnd(&stream) }
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: chunk)
        let status = data.withUnsafeBytes { pump(&stream, $0, into: &out, buffer: &buffer) { CZlibHjemtag.inflate(&$0, Z_NO_FLUSH) } }
        guard status == Z_STREAM_END else { throw Failed(description: "det arkiverede import er beskadiget (zlib \(status))") }
        return out
    }

    /// Runs one zlib `step` over `input` until the input is used up and the output drained, or the
    /// stream ends or stops; appends what comes out and returns zlib's last status.
    private static func pump(
        _ stream: inout z_stream, _ input: UnsafeRawBufferPointer, into out: inout Data, buffer: inout [UInt8],
        step: (inout z_stream) -> Int32
    ) -> Int32 {
        stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
        stream.avail_in = uInt(input.count)
        var status = Z_OK
        repeat {
            buffer.withUnsafeMutableBufferPointer { b in
                stream.next_out = b.baseAddress
                stream.avail_out = uInt(b.count)
                status = step(&stream)
                out.append(b.baseAddress!, count: b.count - Int(stream.avail_out))
            }
        } while status == Z_OK && (stream.avail_in > 0 || stream.avail_out == 0)
        return status
    }

    /// Deflates a file on a thread of its own, beside an import whose parsing and writing hold
    /// the concurrency pool's threads; `value` waits for it.
    final class Job: Sendable {
        private let stopped = Atomic(false)
        private let result = Mutex<Result<Data, any Error>?>(nil)
        private let done = DispatchSemaphore(value: 0)

        init(_ url: URL) {
            DispatchQueue.global(qos: .utility).async { [self] in
                let r = Result { try ArchivedFile.deflate(url, stop: { self.stopped.load(ordering: .relaxed) }) }
                result.withLock { $0 = r }
                done.signal()
            }
        }

        func cancel() { stopped.store(true, ordering: .relaxed) }

        var value: Data {
            get async throws {
                // Waiting on a semaphore would block a pool thread: wait on a global queue instead.
                try await withCheckedThrowingContinuation { (c: CheckedContinuation<Data, any Error>) in
                    DispatchQueue.global().async { [self] in
                        done.wait()
                        done.signal() // for any later look
                        c.resume(with: result.withLock { $0! })
                    }
                }
            }
        }
    }
}
