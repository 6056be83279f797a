// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Hjemtag",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hjemtag", targets: ["hjemtag"]),
        .library(name: "HjemtagCore", targets: ["HjemtagCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        .target(
            name: "HjemtagCore",
            resources: [.copy("Resources/parameters")]
        ),
        .target(
            name: "HjemtagImport",
            dependencies: [
                "HjemtagCore",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The store's interface: one protocol per aggregate and the records they hold; no SQL.
        .target(
            name: "HjemtagStore",
            dependencies: ["HjemtagCore", "HjemtagImport"]
        ),
        // The one store implementation, over SQLKit for SQLite and PostgreSQL: the only module that
        // imports a database package, NIO or zlib.
        .target(
            name: "HjemtagSQLStore",
            dependencies: [
                "HjemtagCore",
                "HjemtagImport",
                "HjemtagStore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                "CZlibHjemtag",
            ]
        ),
        // The use cases: load what a scheme needs through the store's protocols, run the rules,
        // store results and findings. CLI, web and demo share them, so they cannot compute differently.
        .target(
            name: "HjemtagSchemes",
            dependencies: ["HjemtagCore", "HjemtagImport", "HjemtagStore", "HjemtagExport"]
        ),
        // zlib, for the store's deflated archive at the level an import can afford (ZIPFoundation's
        // own is fixed at zlib's default, which cost three CPU seconds a million rows).
        .systemLibrary(name: "CZlibHjemtag", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "HjemtagExport",
            dependencies: [
                "HjemtagCore",
                "HjemtagStore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "HjemtagWeb",
            dependencies: [
                "HjemtagCore",
                "HjemtagStore",
                "HjemtagSchemes",
                "HjemtagImport",
                "HjemtagExport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                // The peer's address, for throttling logins by source (Hummingbird runs on NIO).
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Resources/templates"), .copy("Resources/static")]
        ),
        .target(
            name: "HjemtagCLI",
            dependencies: [
                "HjemtagCore",
                "HjemtagImport",
                "HjemtagStore",
                "HjemtagSQLStore",
                "HjemtagSchemes",
                "HjemtagWeb",
                "HjemtagExport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The seeds' budget tables, as files a user can load (and the demo loads).
            resources: [.copy("Resources/budget")]
        ),
        .executableTarget(name: "hjemtag", dependencies: ["HjemtagCLI"]),
        .testTarget(name: "HjemtagCoreTests", dependencies: ["HjemtagCore"]),
        .testTarget(name: "HjemtagImportTests", dependencies: ["HjemtagImport", "HjemtagCore"]),
        .testTarget(
            name: "HjemtagSQLStoreTests",
            dependencies: [
                "HjemtagSQLStore", "HjemtagStore", "HjemtagSchemes", "HjemtagCore", "HjemtagImport", "HjemtagExport",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ]
        ),
        .testTarget(name: "HjemtagExportTests", dependencies: ["HjemtagExport", "HjemtagStore", "HjemtagCore"]),
        .testTarget(
            name: "HjemtagWebTests",
            dependencies: [
                "HjemtagWeb", "HjemtagSQLStore", "HjemtagStore", "HjemtagSchemes", "HjemtagImport", "HjemtagCore",
                // The page snapshots are taken of the demo municipality, made by the CLI's own command.
                "HjemtagCLI",
                // The downloads' workbooks are opened and read back.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The page snapshots are read from the source tree by path, not bundled.
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "HjemtagCLITests",
            dependencies: ["HjemtagCLI", "HjemtagSQLStore", "HjemtagStore", "HjemtagSchemes", "HjemtagExport", "HjemtagCore", "HjemtagImport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
