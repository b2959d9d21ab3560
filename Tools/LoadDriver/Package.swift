// swift-tools-version: 6.0
// Concurrent writers against one ledger: aggregate single-transfer throughput with 1, 8, 32 … writers,
// each on its own connection, against raw libpq one-row durable inserts on the same server in the
// same run. A nested package, never built by the root package. From the repository root:
//
//     swift run -c release --package-path Tools/LoadDriver load --db postgresql://… [--writers 1,8,32] [--count 200]
import PackageDescription

let package = Package(
    name: "TransferLedgerLoadDriver",
    dependencies: [
        .package(name: "TransferLedger", path: "../.."),
    ],
    targets: [
        // Its own module map: the library imports its libpq module `internal`, and module names must be
        // unique in the build graph.
        .systemLibrary(name: "LoadPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .executableTarget(name: "load", dependencies: [.product(name: "TransferLedger", package: "TransferLedger"), .product(name: "LedgerSample", package: "TransferLedger"), "LoadPQ"]),
    ],
    swiftLanguageModes: [.v6]
)
