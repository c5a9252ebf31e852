"""Encrypted blob storage: raw audio, unredacted transcripts and captured records at rest.

Blobs are AES-256-GCM encrypted with a key held outside the database (key file or environment).
Each blob names the id of the key that sealed it, so keys can be rotated without losing old blobs.
Blob keys are random ids: nothing about a patient or a file name appears on disk.
"""

from __future__ import annotations

import base64
import os
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from qa_engine.settings import Settings, get_settings

MAGIC = b"QAE1"
ALGORITHM = "AES-256-GCM"


class StorageError(Exception):
    pass


@dataclass(frozen=True)
class KeyRing:
    """Data-encryption keys by id; the last one seals new blobs."""

    keys: dict[str, bytes]
    active: str

    @classmethod
    def load(cls, settings: Settings | None = None, *, create: bool = True) -> KeyRing:
        settings = settings or get_settings()
        if settings.data_key:
            key = base64.urlsafe_b64decode(settings.data_key)
            return cls(keys={"env": key}, active="env")
        path = settings.key_path
        if not path.exists():
            if not create:
                raise StorageError(f"no data key at {path}: run `qa-engine init`")
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_private(path, _key_line(secrets.token_hex(4), AESGCM.generate_key(bit_length=256)))
        keys: dict[str, bytes] = {}
        active = ""
        for line in path.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                key_id, encoded = line.strip().split(":", 1)
                keys[key_id] = base64.urlsafe_b64decode(encoded)
                active = key_id
        if not keys:
            raise StorageError(f"data key file {path} holds no key")
        return cls(keys=keys, active=active)

    @staticmethod
    def rotate(settings: Settings | None = None) -> str:
        """Append a new key; it seals new blobs from now on, older keys still open old blobs."""
        settings = settings or get_settings()
        KeyRing.load(settings)  # creates the file if missing
        key_id = secrets.token_hex(4)
        with settings.key_path.open("a") as handle:
            handle.write(_key_line(key_id, AESGCM.generate_key(bit_length=256)))
        return key_id

    def seal(self, data: bytes, associated: bytes = b"") -> bytes:
        nonce = os.urandom(12)
        key_id = self.active.encode()
        sealed = AESGCM(self.keys[self.active]).encrypt(nonce, data, associated)
        return MAGIC + bytes([len(key_id)]) + key_id + nonce + sealed

    def open(self, blob: bytes, associated: bytes = b"") -> bytes:
        if not blob.startswith(MAGIC):
            raise StorageError("blob is not an encrypted QA Engine blob")
        n = blob[4]
        key_id = blob[5 : 5 + n].decode()
        nonce = blob[5 + n : 17 + n]
        if key_id not in self.keys:
            raise StorageError(f"blob sealed with unknown key id {key_id!r}")
        try:
            return AESGCM(self.keys[key_id]).decrypt(nonce, blob[17 + n :], associated)
        except Exception as exc:  # InvalidTag carries no message
            raise StorageError("blob failed authentication (tampered or wrong key)") from exc


def _key_line(key_id: str, key: bytes) -> str:
    return f"{key_id}:{base64.urlsafe_b64encode(key).decode()}\n"


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


class BlobStore:
    """Content lives under ``<storage>/<kind>/<id[:2]>/<id>``, always encrypted."""

    def __init__(self, root: Path | None = None, keyring: KeyRing | None = None) -> None:
        settings = get_settings()
        self.root = Path(root or settings.storage_path)
        self.keyring = keyring or KeyRing.load(settings)

    def _path(self, key: str) -> Path:
        kind, _, blob_id = key.partition("/")
        if not blob_id or "/" in blob_id or ".." in key:
            raise StorageError("malformed blob key")
        return self.root / kind / blob_id[:2] / blob_id

    def put(self, data: bytes, kind: str) -> str:
        key = f"{kind}/{uuid.uuid4().hex}"
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(self.keyring.seal(data, key.encode()))
        tmp.replace(path)  # atomic: a crash never leaves half a blob under the real name
        return key

    def get(self, key: str) -> bytes:
        path = self._path(key)
        if not path.exists():
            raise StorageError(f"blob {key} is missing")
        return self.keyring.open(path.read_bytes(), key.encode())

    def exists(self, key: str) -> bool:
        return self._path(key).exists()

    def delete(self, key: str) -> bool:
        path = self._path(key)
        if path.exists():
            path.unlink()
            return True
        return False


def encryption_safeguards(settings: Settings | None = None) -> dict[str, object]:
    """Encryption at rest as configured here, for evidence packets (never the key itself)."""
    settings = settings or get_settings()
    try:
        ring = KeyRing.load(settings, create=False)
        keys, active = len(ring.keys), ring.active
    except (StorageError, OSError):
        keys, active = 0, None
    source = "environment variable" if settings.data_key else "key file outside the database"
    return {"algorithm": ALGORITHM, "key_storage": source, "keys_in_ring": keys, "active_key_id": active,
            "scope": "raw audio, unredacted transcripts, captured records, PHI span originals"}
