import Foundation
import NIOCore
import ZIPFoundation

/// A downloaded XLSX opened as the zip it is, so a test reads what Excel would show.
struct Workbook {
    let archive: Archive

    init(_ body: ByteBuffer) throws {
        archive = try Archive(data: Data(buffer: body), accessMode: .read)
    }

    /// The worksheet's XML, 1 for the first sheet.
    func sheet(_ n: Int) throws -> String {
        guard let entry = archive["xl/worksheets/sheet\(n).xml"] else { throw CocoaError(.fileNoSuchFile) }
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return String(decoding: data, as: UTF8.self)
    }

    /// How many rows the sheet has, its heading included.
    func rows(_ n: Int) throws -> Int { try sheet(n).components(separatedBy: "<row ").count - 1 }
}
