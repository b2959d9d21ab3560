// swift-tools-version: 6.0
// The TransferLedger benchmark: a nested package, never built by the root package (like swift-nio's
// Benchmarks/). Run from the repository root:
//
//     swift run -c release --package-path Tools/Benchmark benchmark [--n 100000] [--quick]
import PackageDescription

let package = Package(
    name: "TransferLedgerBenchmark",
    dependencies: [
        .package(name: "TransferLedger", path: "../.."),
    ],
    targets: [
        // Own module maps for the raw baselines: the library imports its CSQLite/CLibCrypto
        // `internal`, and module names must be unique in the build graph.
        .systemLibrary(name: "BenchSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "BenchCrypto", providers: [.apt(["libssl-dev"])]),
        // libpq for the PostgreSQL baselines (`--postgres URI`); its header is not on the default path.
        .systemLibrary(name: "BenchPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .executableTarget(
            name: "benchmark",
            dependencies: [.product(name: "TransferLedger", package: "TransferLedger"), .product(name: "LedgerSample", package: "TransferLedger"),
                           "BenchSQLite", "BenchCrypto", "BenchPQ"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
