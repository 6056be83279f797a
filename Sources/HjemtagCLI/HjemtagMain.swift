import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore

/// The process entry point: parses, runs, and turns every error into one Danish line and an
/// exit code (65 for invalid input data, as sysexits' EX_DATAERR), never a stack trace.
public enum HjemtagMain {
    public static func run() async -> Never {
        let code = await execute(Array(CommandLine.arguments.dropFirst()))
        exit(code)
    }

    public static func execute(_ arguments: [String]) async -> Int32 {
        let command: any ParsableCommand
        do {
            command = try Hjemtag.parseAsRoot(arguments)
        } catch {
            let message = Hjemtag.fullMessage(for: error)
            let code = Hjemtag.exitCode(for: error).rawValue
            if code == 0 { say(message) } else { complain(UsageErrorText.danish(message)) }
            return code
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var sync = command
                try sync.run()
            }
            return 0
        } catch let error as ImportError {
            complain(error.description)
            if error.isDataError { return 65 }
            return 1
        } catch let error as UserFacingError {
            complain("fejl: " + error.message)
            return error.exitCode
        } catch let error as ExitCode {
            return error.rawValue
        } catch  where Hjemtag.exitCode(for: error) == .success {
            // `hjemtag KOMMANDO --help` parses to a help command that "fails" with the help text.
            say(Hjemtag.fullMessage(for: error))
            return 0
        } catch let error as CustomStringConvertible & Error {
            complain("fejl: " + Self.oneLine(error.description))
            return 1
        } catch {
            complain("fejl: " + Self.oneLine(String(describing: error)))
            return 1
        }
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// ArgumentParser writes usage errors in English; the user gets them as one Danish line.
enum UsageErrorText {
    static let patterns: [(String, String)] = [
        ("Unexpected argument ", "uventet argument "),
        ("Unexpected arguments ", "uventede argumenter "),
        ("Missing expected argument ", "mangler argumentet "),
        ("Unknown option ", "ukendt tilvalg "),
        ("Missing value for ", "mangler en værdi for "),
        ("Missing expected arguments ", "mangler argumenterne "),
    ]

    static func danish(_ message: String) -> String {
        let first = message.split(separator: "\n").first.map(String.init) ?? message
        var text = first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first
        for (en, da) in patterns where text.hasPrefix(en) { text = da + text.dropFirst(en.count) }
        if let r = text.range(of: #"^The value '(.*)' is invalid for '(.*)'"#, options: .regularExpression) {
            let parts = text[r].components(separatedBy: "'")
            if parts.count >= 4 { text = "værdien '\(parts[1])' er ugyldig for '\(parts[3])'" }
        }
        return "fejl: \(text) (se: hjemtag --help)"
    }
}
