#ifndef BENCHCRYPTO_SHIM_H
#define BENCHCRYPTO_SHIM_H

// Not <openssl/sha.h>: its SHA256() would clash with TransferLedger's SHA256 type.
#include <openssl/crypto.h>
#include <openssl/evp.h>

#endif
