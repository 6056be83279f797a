import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore

public struct Hjemtag: AsyncParsableCommand {
    public static let version = HjemtagVersion.current

    public static let configuration = CommandConfiguration(
        commandName: "hjemtag",
        abstract: "Hjemtag finder, hjemtager, budgetterer og dokumenterer kommunens refusionsindtægter.",
        version: version,
        subcommands: [
            Migrate.self, Import.self, Imports.self, ParametersCommand.self, Status.self, Demo.self, Serve.self, UserCommand.self, RobotCommand.self,
            WorklistCommand.self,
            SDECommand.self, StaircaseCommand.self, IntermunicipalCommand.self, ResultGrantCommand.self, VATCommand.self, BudgetCommand.self,
            ExplainCommand.self, FindingsCommand.self, SettingsCommand.self, Generate.self, Bench.self, Backup.self, Restore.self,
            RetentionCommand.self, MappingCommand.self, EvidencePackCommand.self, ReportCommand.self, ScenarioCommand.self, ForecastCommand.self,
        ])

    public init() {}
}
