"""Ed25519 signing of audit checkpoints and evidence packets, with the key kept outside the database.

``audits`` sits below ``qa_engine`` and so cannot read its settings: the application tells this
module where the key lives once (``set_key_path``), and every later checkpoint uses that key.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

log = logging.getLogger(__name__)

ALGORITHM = "Ed25519"


def fingerprint(public_key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, hex: what checkpoints and packets name."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def public_pem(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_public_pem(data: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("public key is not an Ed25519 key")
    return key


def verify_signature(public_key: Ed25519PublicKey, message: bytes, signature: bytes) -> bool:
    try:
        public_key.verify(signature, message)
        return True
    except InvalidSignature:
        return False


@dataclass(frozen=True)
class Signer:
    private_key: Ed25519PrivateKey
    path: Path | None = None

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def sign(self, message: bytes) -> bytes:
        return self.private_key.sign(message)

    def verify(self, message: bytes, signature: bytes) -> bool:
        return verify_signature(self.public_key, message, signature)

    @classmethod
    def load(cls, path: Path, *, create: bool = True) -> Signer:
        """The key at ``path`` (PKCS#8 PEM, mode 0600), created on first use when ``create``."""
        path = Path(path).expanduser()
        if not path.exists():
            if not create:
                raise FileNotFoundError(f"no audit signing key at {path}")
            path.parent.mkdir(parents=True, exist_ok=True)
            pem = Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # another process created it first: use theirs
                pass
            else:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(pem)
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} does not hold an Ed25519 private key")
        return cls(private_key=key, path=path)


_key_path_provider: Callable[[], Path] | None = None
_cache: dict[Path, Signer] = {}
_warned = False


def set_key_path(provider: Callable[[], Path] | Path | None) -> None:
    """Tell ``audits`` where the signing key lives (a path, or a function returning one, so that a
    changed home in tests is followed). ``qa_engine`` calls this with its settings."""
    global _key_path_provider
    if provider is None or callable(provider):
        _key_path_provider = provider
    else:
        path = Path(provider)
        _key_path_provider = lambda: path  # noqa: E731


def default_signer() -> Signer | None:
    """The configured signer, loading (or creating) its key once per path; None if unconfigured."""
    global _warned
    if _key_path_provider is None:
        if not _warned:
            log.warning("audit signing key not configured (audits.signing.set_key_path): checkpoints skipped")
            _warned = True
        return None
    path = Path(_key_path_provider()).expanduser().resolve()
    signer = _cache.get(path)
    if signer is None:
        signer = _cache[path] = Signer.load(path)
    return signer
