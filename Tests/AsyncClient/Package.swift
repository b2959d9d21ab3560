// swift-tools-version: 6.0
// A service as a new user writes one: a separate package that depends on TransferLedger by path and
// records from 8 concurrent tasks through `LedgerPool` in Swift 6 language mode. Never built by the
// root package; `AsyncClientPackageTests` builds it (warnings are errors) and runs it.
import PackageDescription

let package = Package(
    name: "AsyncClient",
    dependencies: [
        .package(name: "TransferLedger", path: "../.."),
    ],
    targets: [
        .executableTarget(name: "async-client", dependencies: [.product(name: "TransferLedger", package: "TransferLedger")]),
    ],
    swiftLanguageModes: [.v6]
)
