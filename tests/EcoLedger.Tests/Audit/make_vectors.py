#!/usr/bin/env python3
"""Independent derivation of the audit test vectors (standard library only).

Writes vectors.json next to this file: RFC 6962 roots, RFC 9162 inclusion and consistency proofs for the eight leaves of
the Certificate Transparency test suite, plus event-hash and checkpoint-encoding vectors. Written straight from the RFC
definitions (recursive MTH, PATH and SUBPROOF) without looking at the C# code.
Run: python3 tests/EcoLedger.Tests/Audit/make_vectors.py
"""
import hashlib, json, os

LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
D = [bytes.fromhex(x) for x in LEAVES]

def sha(b): return hashlib.sha256(b).digest()

def mth(d):
    n = len(d)
    if n == 0: return sha(b"")
    if n == 1: return sha(b"\x00" + d[0])
    k = 1
    while k * 2 < n: k *= 2
    return sha(b"\x01" + mth(d[:k]) + mth(d[k:]))

def path(m, d):
    n = len(d)
    if n <= 1: return []
    k = 1
    while k * 2 < n: k *= 2
    if m < k: return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]

def subproof(m, d, b):
    n = len(d)
    if m == n: return [] if b else [mth(d)]
    k = 1
    while k * 2 < n: k *= 2
    if m <= k: return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]

def proof(m, d):
    return subproof(m, d, True) if 0 < m < len(d) else []

def canon_str(s):  # enough for the ASCII strings used here
    return json.dumps(s, ensure_ascii=False, separators=(",", ":"))

out = {
    "description": "RFC 6962 / RFC 9162 vectors for EcoLedger's audit layer, derived by make_vectors.py from the RFC definitions.",
    "leaves_hex": LEAVES,
    "roots": {str(n): mth(D[:n]).hex() for n in range(0, 9)},
    "inclusion": [{"index": i, "size": n, "path": [h.hex() for h in path(i, D[:n])]} for n in range(1, 9) for i in range(n)],
    "consistency": [{"size1": m, "size2": n, "path": [h.hex() for h in proof(m, D[:n])]} for n in range(1, 9) for m in range(1, n + 1)],
}

# Event hash: SHA-256(32 bytes of prev_hash || canonical {"actor","kind","payload","seq","time"}).
prev = "00" * 32
payload = '{"block":"B-1","from":"alice","quantity":500,"serial_end":4500,"serial_start":4001}'
body = ('{"actor":' + canon_str("alice") + ',"kind":' + canon_str("credits.retired") + ',"payload":' + payload +
        ',"seq":1,"time":' + canon_str("2026-11-30T10:00:00.0000000Z") + '}')
h = hashlib.sha256(bytes.fromhex(prev) + body.encode()).hexdigest()
record = ('{"actor":"alice","hash":"' + h + '","kind":"credits.retired","payload":' + payload + ',"prev_hash":"' + prev +
          '","seq":1,"time":"2026-11-30T10:00:00.0000000Z"}')
out["event"] = {"seq": 1, "time": "2026-11-30T10:00:00.0000000Z", "actor": "alice", "kind": "credits.retired",
                "payload": payload, "prev_hash": prev, "body": body, "hash": h, "record": record,
                "leaf_hash": sha(b"\x00" + record.encode()).hex()}

cp_text = "ecoledger-checkpoint/v1\nyichun-registry\n5000\n" + mth(D[:8]).hex() + "\n2026-11-30T10:00:00.0000000Z\n"
out["checkpoint"] = {"ledger_id": "yichun-registry", "tree_size": 5000, "root_hash": mth(D[:8]).hex(),
                     "time": "2026-11-30T10:00:00.0000000Z", "signed_text": cp_text}

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "vectors.json"), "w") as f:
    json.dump(out, f, indent=2)
    f.write("\n")
for n in range(9): print(n, out["roots"][str(n)])
print("event hash", h)
