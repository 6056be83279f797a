import Foundation
import ZIPFoundation

/// A ZIP archive of files in memory (an auditor's evidence pack).
public enum ZipWriter {
    public static func write(_ files: [(path: String, data: Data)], to url: URL) throws {
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        for f in files { try add(archive, f.path, f.data) }
    }

    /// One deflated entry (the XLSX writer's parts too).
    static func add(_ archive: Archive, _ path: String, _ data: Data) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    public static func data(_ files: [(path: String, data: Data)]) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: url) }
        try write(files, to: url)
        return try Data(contentsOf: url)
    }
}
