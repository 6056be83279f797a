import Foundation
import HjemtagCore

/// The staircase's inputs: benefit payments, subsidised employment, Ydelsesrefusion's rows.
public protocol StaircaseStore: Sendable {
    /// Every benefit payment, in storage order.
    func benefitPayments() async throws -> [BenefitPayment]
    /// Every period of subsidised employment, in storage order.
    func subsidisedPeriods() async throws -> [SubsidisedPeriod]
    /// YR rows whose week lies in the range.
    func yrRows(from: Day, to: Day) async throws -> [YRRow]
    /// The counters kept for each person when the retention rule deleted their earlier history.
    func staircaseCarries() async throws -> [StaircaseCarry]
}
