import Foundation
import LedgerTestSupport
import Testing
@testable import LedgerFormat
@testable import TransferLedger

/// Key files on disk: private keys are 0600, refused when readable by others, never overwritten.
@Suite struct CheckpointKeyFileTests {
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int) & 0o777
    }

    @Test func privateKeyIsWrittenWithMode0600AndReadsBack() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let signer = try MerkleFixtures.signer()
        let keyPath = scratch.file("log.key"), pubPath = scratch.file("log.pub")
        try KeyFile.writePrivate(signer, to: keyPath)
        try KeyFile.writePublic(signer.verifierKey, to: pubPath)
        #expect(try Self.mode(keyPath) == 0o600)
        #expect(try Self.mode(pubPath) == 0o644)

        let read = try KeyFile.readSigner(keyPath)
        #expect(read.name == signer.name)
        #expect(read.verifierKey == signer.verifierKey)
        #expect(try KeyFile.readVerifier(pubPath) == signer.verifierKey)
        // The file is the one-line Go sumdb/note form.
        let text = try String(contentsOfFile: keyPath, encoding: .utf8)
        #expect(text.hasPrefix("PRIVATE+KEY+\(signer.name)+") && text.hasSuffix("\n"))
        #expect(text.filter { $0 == "\n" }.count == 1)

        // The key read back signs checkpoints the original's public key accepts.
        let note = try SignedNote(text: "a\n1\n\(Base64.encode([UInt8](repeating: 0, count: 32)))\n",
                                  signatures: [read.sign("a\n1\n\(Base64.encode([UInt8](repeating: 0, count: 32)))\n")])
        #expect(throws: Never.self) { try note.open(using: [signer.verifierKey]) }
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o660, 0o700 | 0o004])
    func readablePrivateKeyIsRefused(mode: Int) throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let keyPath = scratch.file("log.key")
        try KeyFile.writePrivate(try MerkleFixtures.signer(), to: keyPath)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: keyPath)
        do {
            _ = try KeyFile.readSigner(keyPath)
            Issue.record("a private key of mode \(String(mode, radix: 8)) was accepted")
        } catch {
            #expect(error.path == keyPath)
            #expect(error.reason.contains("chmod"), "\(error)")
            #expect("\(error)".contains("chmod 600"), "\(error)")
        }
        // Owner-only modes are fine.
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: keyPath)
        #expect(throws: Never.self) { try KeyFile.readSigner(keyPath) }
    }

    @Test func existingFilesAreNeverOverwritten() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let keyPath = scratch.file("log.key"), pubPath = scratch.file("log.pub")
        let first = try MerkleFixtures.signer(), second = try MerkleFixtures.signer()
        try KeyFile.writePrivate(first, to: keyPath)
        try KeyFile.writePublic(first.verifierKey, to: pubPath)
        let keyBefore = try Data(contentsOf: URL(fileURLWithPath: keyPath))
        let pubBefore = try Data(contentsOf: URL(fileURLWithPath: pubPath))

        #expect(throws: KeyFile.Failure.self) { try KeyFile.writePrivate(second, to: keyPath) }
        #expect(throws: KeyFile.Failure.self) { try KeyFile.writePublic(second.verifierKey, to: pubPath) }
        // Not even a foreign file that happens to be there.
        let other = scratch.file("notes.txt")
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: other))
        #expect(throws: KeyFile.Failure.self) { try KeyFile.writePrivate(second, to: other) }

        #expect(try Data(contentsOf: URL(fileURLWithPath: keyPath)) == keyBefore)
        #expect(try Data(contentsOf: URL(fileURLWithPath: pubPath)) == pubBefore)
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "keep me\n")
        #expect(try KeyFile.readSigner(keyPath).verifierKey == first.verifierKey)
    }

    @Test func malformedOrMissingKeyFilesAreRefused() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        #expect(throws: KeyFile.Failure.self) { try KeyFile.readSigner(scratch.file("absent.key")) }
        // A public key where a private key belongs (mode 0600, so only the content is wrong).
        let signer = try MerkleFixtures.signer()
        let wrong = scratch.file("wrong.key")
        try KeyFile.writePublic(signer.verifierKey, to: wrong)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: wrong)
        #expect(throws: KeyFile.Failure.self) { try KeyFile.readSigner(wrong) }
        // A private key where a public key belongs.
        let key = scratch.file("log.key")
        try KeyFile.writePrivate(signer, to: key)
        #expect(throws: KeyFile.Failure.self) { try KeyFile.readVerifier(key) }
    }
}
