import Foundation

/// Where commands write. Tests swap it for a capturing one with `Console.$current.withValue`.
public struct Console: Sendable {
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.out = out
        self.err = err
    }

    public static let standard = Console(
        out: { print($0) },
        err: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })

    @TaskLocal public static var current = Console.standard
}

func say(_ text: String) { Console.current.out(text) }
func complain(_ text: String) { Console.current.err(text) }
