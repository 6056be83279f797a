import Foundation
import ZIPFoundation

/// A ZIP archive of files in memory (an auditor's evidence pack).
public enum ZipWriter {
    public static func write(_ files: [(path: String, data: Data)], to url: URL) throws {
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        for f in files {
            let data = f.data
            try archive.addEntry(with: f.path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    public static func data(_ files: [(path: String, data: Data)]) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: url) }
        try write(files, to: url)
        return try Data(contentsOf: url)
    }
}
