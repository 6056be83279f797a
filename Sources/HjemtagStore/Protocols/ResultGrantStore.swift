import Foundation
import HjemtagCore

/// Resultattilskud's input: programme starts and the jobs, educations and exams after them.
public protocol ResultGrantStore: Sendable {
    /// Every row of the integration files, by citizen.
    func integrationRows() async throws -> [IntegrationRow]
}
