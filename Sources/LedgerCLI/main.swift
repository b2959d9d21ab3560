import TransferLedger
print(SHA256.hash([]).hex)
