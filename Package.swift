// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "TransferLedger",
    products: [
        .library(name: "TransferLedger", targets: ["TransferLedger"]),
        .executable(name: "ledger", targets: ["LedgerCLI"]),
    ],
    targets: [
        // System libraries, kept behind module maps and imported `internal` by the library only.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibCrypto", providers: [.apt(["libssl-dev"])]),
        // libpq for the PostgreSQL backend; its header is outside the default include path, hence pkgConfig.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),

        // The library: model, encoding, hashing, storage, verification, query.
        .target(name: "TransferLedger", dependencies: ["CSQLite", "CLibCrypto", "CLibPQ"]),

        // The thin command-line tool over the library's public API.
        .executableTarget(name: "LedgerCLI", dependencies: ["TransferLedger"]),

        // Helpers both test targets share: raw SQLite access for tampering, the built binary, scratch
        // directories, and the throwaway PostgreSQL server with a database per test.
        .target(name: "LedgerTestSupport", dependencies: ["CSQLite", "CLibPQ"], path: "Tests/LedgerTestSupport"),
        .testTarget(name: "TransferLedgerTests", dependencies: ["TransferLedger", "LedgerTestSupport"], exclude: ["Vectors"]),
        .testTarget(name: "LedgerCLITests", dependencies: ["LedgerCLI", "TransferLedger", "LedgerTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
