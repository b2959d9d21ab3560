// `import TransferLedger` is all a service, an auditor's tool or the CLI needs: the format's types
// (transfers, timestamps, checkpoints, proofs, the registry) and the storage error come with it.
@_exported import LedgerFormat
@_exported import LedgerStorage
