import Foundation
import Synchronization
import ZIPFoundation

/// An imported file as the store archives it: deflated (raw DEFLATE, as in a ZIP entry), read
/// from disk in chunks so a gigabyte ledger is never held whole.
enum ArchivedFile {
    /// The `imports.content_encoding` of a deflated archive; NULL is a file stored as it was.
    static let deflate = "deflate"
    static let chunk = 1 << 20

    struct Stopped: Error {}

    /// `stop` is asked before every chunk: an import that failed stops its archive too.
    static func deflate(_ url: URL, stop: () -> Bool = { false }) throws -> Data {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: 0)
        var out = Data()
        _ = try Data.compress(size: Int64(size), bufferSize: chunk, provider: { _, count in
            if stop() { throw Stopped() }
            return try handle.read(upToCount: count) ?? Data()
        }, consumer: { out.append($0) })
        return out
    }

    static func inflate(_ data: Data) throws -> Data {
        var out = Data()
        _ = try Data.decompress(size: Int64(data.count), bufferSize: chunk, skipCRC32: true, provider: { position, count in
            data.subdata(in: Int(position)..<min(data.count, Int(position) + count))
        }, consumer: { out.append($0) })
        return out
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
