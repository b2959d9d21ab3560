import LedgerTestSupport
import Testing

/// `Tests/AsyncClient`: a separate package that depends on this one, in Swift 6 language mode, records
/// from 8 concurrent tasks through `LedgerPool`. It must build without a warning (strict concurrency
/// included) and its run must find every transfer once in a chain that verifies. The same build compiles
/// the README's "Concurrency" and logging examples, which then run.
@Suite struct AsyncClientPackageTests {
    static let package = NestedPackage("Tests/AsyncClient")

    @Test func aSwift6PackageRecordsFromEightTasksWithoutAWarning() async throws {
        let build = try await Self.package.build()
        #expect(build.status == 0, "swift build failed:\n\(build.stdout)\n\(build.stderr)")
        #expect(!(build.stdout + build.stderr).contains("warning:"), "\(build.stdout)\n\(build.stderr)")
        try #require(build.status == 0)

        for backend in Backend.allCases {
            let scratch = try backend.makeLocation()
            defer { scratch.remove() }
            let run = try await Self.package.run("async-client", [scratch.path], in: scratch.directory.path)
            #expect(run.status == 0, "\(backend): \(run.stdout)\n\(run.stderr)")
            #expect(run.stdout.contains("recorded 200 from 8 tasks; 200 distinct entries; streamed 200; entries 200; intact"),
                    "\(backend): \(run.stdout)")
        }

        // The README's "Concurrency" and logging snippets, compiled by the build above (ReadmeSnippets.swift):
        // 8 transfers through the first, then a nonCompliant one whose warning reaches the stand-in Logger.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let readme = try await Self.package.run("async-client", ["readme"], in: directory.path)
        #expect(readme.status == 0, "\(readme.stdout)\n\(readme.stderr)")
        #expect(readme.stdout.contains("readme: recorded 8; intact; then entry 8, nonCompliant"), "\(readme.stdout)")
        #expect(readme.stdout.split(separator: "\n").contains { $0.hasPrefix("log warning: ") && $0.contains("seq=8") }, "\(readme.stdout)")
    }
}
