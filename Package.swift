// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "TransferLedger",
    products: [
        .library(name: "TransferLedger", targets: ["TransferLedger"]),
        // Conversions between the ledger's `Timestamp` and Foundation's `Date`, for services that use
        // Foundation; separate, so the library itself never needs it.
        .library(name: "TransferLedgerFoundation", targets: ["TransferLedgerFoundation"]),
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

        // The format: the data model, its canonical encoding, hashes, Merkle trees and proofs, signed
        // notes and checkpoints, the registry and reference data. No database: what an independent
        // verifier, `verify-proof` and `verify-report` need.
        .target(name: "LedgerFormat", dependencies: ["CLibCrypto"]),
        // The storage boundary: the protocol every backend implements, its rows and its errors.
        .target(name: "LedgerStorage", dependencies: ["LedgerFormat"]),
        // The backends, each behind the protocol and alone with its C library.
        .target(name: "LedgerSQLite", dependencies: ["LedgerStorage", "LedgerFormat", "CSQLite"]),
        .target(name: "LedgerPostgreSQL", dependencies: ["LedgerStorage", "LedgerFormat", "CLibPQ"]),

        // The façade users import: append, policy, verification, query, export and copy over the
        // storage protocol; it re-exports the format and storage types users need.
        .target(name: "TransferLedger", dependencies: ["LedgerFormat", "LedgerStorage", "LedgerSQLite", "LedgerPostgreSQL"]),

        // The optional Foundation bridge: `Timestamp(date)` and `Date(timestamp)`.
        .target(name: "TransferLedgerFoundation", dependencies: ["TransferLedger"]),

        // Sample data over the library's public API: a fictional group's registry and year of transfers.
        .target(name: "LedgerSample", dependencies: ["TransferLedger"]),

        // The thin command-line tool over the library's public API.
        .executableTarget(name: "LedgerCLI", dependencies: ["TransferLedger", "LedgerSample"]),

        // Helpers both test targets share: raw SQLite access for tampering, the built binary, scratch
        // directories, and the throwaway PostgreSQL server with a database per test.
        .target(name: "LedgerTestSupport", dependencies: ["CSQLite", "CLibPQ"], path: "Tests/LedgerTestSupport"),
        // The format's own tests: vectors, hashing, signing, parsing; they build without any database.
        .testTarget(name: "LedgerFormatTests", dependencies: ["LedgerFormat"], exclude: ["Vectors"]),
        .testTarget(name: "TransferLedgerTests", dependencies: [
            "TransferLedger", "LedgerFormat", "LedgerStorage", "LedgerSQLite", "LedgerPostgreSQL", "LedgerSample", "LedgerTestSupport",
        ], exclude: ["Vectors"]),
        .testTarget(name: "TransferLedgerFoundationTests", dependencies: ["TransferLedgerFoundation", "TransferLedger"]),
        .testTarget(name: "LedgerCLITests", dependencies: [
            "LedgerCLI", "TransferLedger", "LedgerSQLite", "LedgerSample", "LedgerTestSupport",
        ]),
    ],
    swiftLanguageModes: [.v6]
)
