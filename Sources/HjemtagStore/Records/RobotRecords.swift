import Foundation
import HjemtagCore

/// One pass of the robot: the files it took in and the schemes it ran, as `robot koer --json`
/// prints it (the field names are Danish, as in every JSON the program writes for users).
public struct RobotReport: Codable, Sendable, Hashable {
    public struct File: Codable, Sendable, Hashable {
        public var fil: String
        public var art: String?
        /// `importeret`, `afvist` or `venter` (still being written: left for the next pass).
        public var status: String
        public var raekker: Int
        public var fejl: [String]
        /// How long recognising and importing the file took (nil in passes stored before it was kept).
        public var sekunder: Double?
        public init(fil: String, art: String?, status: String, raekker: Int = 0, fejl: [String] = [], sekunder: Double? = nil) {
            self.fil = fil
            self.art = art
            self.status = status
            self.raekker = raekker
            self.fejl = fejl
            self.sekunder = sekunder
        }
    }

    public struct SchemeRun: Codable, Sendable, Hashable {
        public var ordning: String
        public var aar: Int?
        /// `beregnet`, `uændret` (nothing under it changed) or `fejl`.
        public var status: String
        public var nye_fund: Int
        public var aendrede_fund: Int
        public var lukkede_fund: Int
        public var fejl: String?
        /// How long the computation took, its findings stored (nil when not run, and in passes
        /// stored before it was kept): where a night's time goes.
        public var sekunder: Double?
        public init(
            ordning: String, aar: Int?, status: String, nye: Int = 0, aendrede: Int = 0, lukkede: Int = 0, fejl: String? = nil,
            sekunder: Double? = nil
        ) {
            self.ordning = ordning
            self.aar = aar
            self.status = status
            self.nye_fund = nye
            self.aendrede_fund = aendrede
            self.lukkede_fund = lukkede
            self.fejl = fejl
            self.sekunder = sekunder
        }
    }

    /// One user's daily digest after the pass.
    public struct Mail: Codable, Sendable, Hashable {
        public var bruger: String
        /// `sendt` or `fejl`.
        public var status: String
        public var fejl: String?
        public init(bruger: String, status: String, fejl: String? = nil) {
            self.bruger = bruger
            self.status = status
            self.fejl = fejl
        }
    }

    public var filer: [File] = []
    public var ordninger: [SchemeRun] = []
    /// The digests sent after the pass; nil when the pass sends none (no sendmail given), as in
    /// passes stored before there were digests.
    public var post: [Mail]?
    public init() {}
}

/// A stored pass.
public struct RobotRun: Sendable, Hashable {
    public var id: Int
    public var startedAt: String
    public var finishedAt: String?
    public var startedBy: String
    public var report: RobotReport?

    public init(id: Int, startedAt: String, finishedAt: String?, startedBy: String, report: RobotReport?) {
        self.id = id
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.startedBy = startedBy
        self.report = report
    }
}

public enum RobotError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Another pass holds the lock.
    case busy(since: String, by: String)
    case inboxMissing(String)

    public var description: String {
        switch self {
        case .busy(let since, let by):
            return "robotten kører allerede (startet \(DanishFormat.timestamp(since)) af \(by)); prøv igen, når den er færdig"
        case .inboxMissing(let dir): return "indbakken \(dir) findes ikke"
        }
    }
}
