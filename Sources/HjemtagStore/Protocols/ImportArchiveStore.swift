import Foundation
import HjemtagCore
import HjemtagImport

/// The archive of imported files. The import itself (`performImport`, `findImport`) is the
/// store's side of `ImportDestination`.
public protocol ImportArchiveStore: ImportDestination {
    /// Every archived import, oldest first.
    func imports() async throws -> [ImportSummary]
    /// The file exactly as it was imported, or nil for an unknown import (emptied by the retention
    /// rule: an empty file).
    func archivedFile(importID: Int) async throws -> Data?
}
