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
        .target(
            name: "HjemtagStore",
            dependencies: [
                "HjemtagCore",
                "HjemtagImport",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                "CZlibHjemtag",
            ]
        ),
        // zlib, for the store's deflated archive at the level an import can afford (ZIPFoundation's
        // own is fixed at zlib's default, which cost three CPU seconds a million rows).
        .systemLibrary(name: "CZlibHjemtag", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "HjemtagExport",
            dependencies: [
                "HjemtagCore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "HjemtagWeb",
            dependencies: [
                "HjemtagCore",
                "HjemtagStore",
                "HjemtagImport",
                "HjemtagExport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/templates"), .copy("Resources/static")]
        ),
        .target(
            name: "HjemtagCLI",
            dependencies: [
                "HjemtagCore",
                "HjemtagImport",
                "HjemtagStore",
                "HjemtagWeb",
                "HjemtagExport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The seeds' budget tables, as files a user can load (and the demo loads).
            resources: [.copy("Resources/budget")]
        ),
        .executableTarget(name: "hjemtag", dependencies: ["HjemtagCLI"]),
        .testTarget(name: "HjemtagCoreTests", dependencies: ["HjemtagCore"]),
        .testTarget(name: "HjemtagImportTests", dependencies: ["HjemtagImport", "HjemtagCore"]),
        .testTarget(name: "HjemtagStoreTests", dependencies: ["HjemtagStore", "HjemtagCore", "HjemtagImport"]),
        .testTarget(name: "HjemtagExportTests", dependencies: ["HjemtagExport", "HjemtagCore"]),
        .testTarget(
            name: "HjemtagWebTests",
            dependencies: [
                "HjemtagWeb", "HjemtagStore", "HjemtagCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "HjemtagCLITests", dependencies: ["HjemtagCLI", "HjemtagStore", "HjemtagCore", "HjemtagImport"]),
    ],
    swiftLanguageModes: [.v6]
)
