// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "TransferLedger",
    products: [
        .library(name: "TransferLedger", targets: ["TransferLedger"]),
        // The fictional group behind `ledger demo`, the benchmarks and the load driver; not shipped in the library.
        .library(name: "LedgerSample", targets: ["LedgerSample"]),
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

        // Sample data over the library's public API: a fictional group's registry and year of transfers.
        .target(name: "LedgerSample", dependencies: ["TransferLedger"]),

        // The thin command-line tool over the library's public API.
        .executableTarget(name: "LedgerCLI", dependencies: ["TransferLedger", "LedgerSample"]),

        // Helpers both test targets share: raw SQLite access for tampering, the built binary, scratch
        // directories, and the throwaway PostgreSQL server with a database per test.
        .target(name: "LedgerTestSupport", dependencies: ["CSQLite", "CLibPQ"], path: "Tests/LedgerTestSupport"),
        .testTarget(name: "TransferLedgerTests", dependencies: ["TransferLedger", "LedgerSample", "LedgerTestSupport"], exclude: ["Vectors"]),
        .testTarget(name: "LedgerCLITests", dependencies: ["LedgerCLI", "TransferLedger", "LedgerSample", "LedgerTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
