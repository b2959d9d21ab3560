#!/usr/bin/env python3
"""A fault driver for report bundles: the forgeries an exporter holding the log key could make.

Each forgery edits report.json consistently (the integrity counts and `sections.totals.records`
follow the edit) and signs report.sig again with the key, so that only the rules of FORMAT.md §22.1
and §25 can catch it, not a digest or a signature. Used by the tests, against both verifiers.

Usage: forge_report.py BUNDLE_DIR PRIVATE_KEY_FILE FORGERY
  hide-in-scope     the first in-scope transfer shown in full becomes a stub (and is not counted)
  move-stub         the first transfer stub's header names another destination (its hash then fails)
"""

import base64
import hashlib
import os
import sys

from verify import canonical, parse_json


def load(directory):
    return open(os.path.join(directory, "report.json"), "rb").read().split(b"\n")


def entry_line(raw):
    return parse_json(raw[1:] if raw.startswith(b",") else raw)


def encode_line(original, line):
    return (b"," if original.startswith(b",") else b"") + canonical(line).encode()


def stub_of(line):
    """The §22.1 stub of a format-2 line in full."""
    raw = base64.b64decode(line["canonical"])
    at = 9
    kind = raw[at + 1:at + 1 + raw[at]]; at += 1 + raw[at]
    recorded = raw[at + 1:at + 1 + raw[at]]; at += 1 + raw[at] + 32
    length = int.from_bytes(raw[at:at + 4], "big"); at += 4
    stub = {"hash": line["hash"], "header": parse_json(raw[at:at + length]), "kind": kind.decode(),
            "payloadDigest": raw[at + length:].hex(), "recordedAt": recorded.decode(), "seq": line["seq"]}
    return stub


def sign(directory, key_file, report_json):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    open(os.path.join(directory, "report.json"), "wb").write(report_json)
    note = open(os.path.join(directory, "report.sig"), encoding="utf-8").read()
    body = note[:note.rindex("\n\n") + 1]
    lines = body.split("\n")
    digest = hashlib.sha256(report_json).hexdigest()
    lines = [f"sha256 {digest} report.json" if line.endswith(" report.json") else line for line in lines]
    body = "\n".join(lines)
    _, _, name, key_id, encoded = open(key_file, encoding="utf-8").read().strip().split("+", 4)
    seed = base64.b64decode(encoded)[1:]
    signature = Ed25519PrivateKey.from_private_bytes(seed).sign(body.encode())
    line = "\u2014 " + name + " " + base64.b64encode(bytes.fromhex(key_id) + signature).decode()
    open(os.path.join(directory, "report.sig"), "w", encoding="utf-8").write(body + "\n" + line + "\n")


def forge(directory, key_file, forgery):
    lines = load(directory)
    closing = parse_json(b"{" + lines[-2][2:])
    for index in range(1, len(lines) - 2):
        line = entry_line(lines[index])
        if forgery == "hide-in-scope" and line.get("inScope") is True and "payload" in line and "supersededBy" not in line:
            lines[index] = encode_line(lines[index], stub_of(line))
            closing["integrity"]["entriesShown"] -= 1
            closing["integrity"]["entriesStubbed"] += 1
            closing["sections"]["totals"]["records"] -= 1
            break
        if forgery == "move-stub" and line.get("kind") == "transfer" and "header" in line:
            line["header"]["destination"] = "AQ" if line["header"]["destination"] != "AQ" else "BV"
            lines[index] = encode_line(lines[index], line)
            break
    else:
        raise SystemExit(f"no line to forge with {forgery}")
    lines[-2] = b"]," + canonical(closing, allow_null=True).encode()[1:]
    sign(directory, key_file, b"\n".join(lines))
    return line["seq"]


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__.strip().split("\n\n")[-1], file=sys.stderr)
        sys.exit(2)
    print(forge(*sys.argv[1:]))
