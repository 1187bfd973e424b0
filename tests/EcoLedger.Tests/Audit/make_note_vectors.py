"""Independent vectors for C2SP signed notes and tlog-cosignature/v1 (NoteTests, WitnessTests).

Python standard library plus `cryptography` (Ed25519), straight from the specifications
(c2sp.org/signed-note, c2sp.org/tlog-checkpoint, c2sp.org/tlog-cosignature), sharing no code with EcoLedger.
The seed is golang.org/x/mod/sumdb/note's test key PeterNeumann (PRIVATE+KEY+PeterNeumann+c74f20a3+AYEK...),
so the first vector can also be compared with Go's TestSign output.

Run: /usr/bin/python3 make_note_vectors.py
"""
import base64
import hashlib
import struct

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

seed = base64.b64decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")[1:]
key = Ed25519PrivateKey.from_private_bytes(seed)
pub = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(name: str, sig_type: int) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([sig_type]) + pub).digest()[:4]


def vkey(name: str, sig_type: int) -> str:
    return f"{name}+{key_id(name, sig_type).hex()}+{base64.b64encode(bytes([sig_type]) + pub).decode()}"


# Go's TestSign: the note signature (type 0x01) of PeterNeumann.
text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
sig = key_id("PeterNeumann", 1) + key.sign(text.encode())
print("note vkey      ", vkey("PeterNeumann", 1))
print("note signature ", "— PeterNeumann " + base64.b64encode(sig).decode())

# A cosignature/v1 (type 0x04) of the tlog-checkpoint specification's example checkpoint, at the specification's example time.
name = "witness.example.com/w1"
checkpoint = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
t = 1679315147
message = f"cosignature/v1\ntime {t}\n{checkpoint}".encode()
cosig = key_id(name, 4) + struct.pack(">Q", t) + key.sign(message)
print("cosig vkey     ", vkey(name, 4))
print("cosignature    ", f"— {name} " + base64.b64encode(cosig).decode())
