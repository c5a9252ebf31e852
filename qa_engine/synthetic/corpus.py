"""Corpora on disk, and the few small calls bundled with the package for the demo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qa_engine.synthetic.generator import SyntheticCall, generate_call, generate_corpus

BUNDLED_DIR = Path(__file__).parent / "bundled"

# (name, seed, service line, flaws): several service lines, good agents and the headline flaws. The seeds
# were chosen among the shortest calls of their kind so each renders to under about a minute.
BUNDLED_SPECS: tuple[tuple[str, int, str, tuple[str, ...]], ...] = (
    ("scheduling_good", 1174, "scheduling", ()),
    ("insurance_discloses_early", 722, "insurance_verification", ("discloses_before_verification",)),
    ("inquiry_no_empathy_wrong_capture", 73, "patient_inquiry", ("no_empathy", "wrong_capture")),
    ("triage_missed_red_flag", 1394, "triage", ("misses_red_flag",)),
    ("referral_skips_verification", 1340, "physician_referral", ("skips_verification",)),
)


def transcript_json(call: SyntheticCall) -> dict[str, Any]:
    """The interchange transcript JSON (with ``record``) plus call ``metadata`` and the ground-truth ``labels``."""
    data = call.transcript.model_dump(mode="json", exclude_none=True)
    data["metadata"] = {
        "org_id": call.org_id,
        "agent_id": call.agent_id,
        "call_type": call.transcript.call_type,
        "direction": call.labels.direction,
        "channels": {"0": "agent", "1": "caller"},
        "synthetic_seed": call.seed,
    }
    data["org_config"] = call.org_config
    data["labels"] = call.to_dict()["labels"]
    return data


def write_corpus(out_dir: Path, n: int, seed: int = 0, audio: bool = False, sample_rate: int = 16000,
                 mono: bool = False) -> list[Path]:
    """Write ``<call_id>.json`` (the SyntheticCall dict) per call, and ``<call_id>.flac`` when ``audio``.

    Returns the JSON paths (with audio, the JSON carries the ground-truth word timing).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for call in generate_corpus(n, seed=seed):
        if audio:
            from qa_engine.synthetic.render import render_call

            call = render_call(call, out_dir / f"{call.call_id}.flac", sample_rate=sample_rate, mono=mono)
        path = out_dir / f"{call.call_id}.json"
        path.write_text(json.dumps(call.to_dict()))
        paths.append(path)
    return paths


def load_call(path: Path) -> SyntheticCall:
    """A SyntheticCall back from a ``write_corpus`` JSON or a bundled JSON."""
    data = json.loads(Path(path).read_text())
    if "transcript" in data:
        return SyntheticCall.from_dict(data)
    meta = data["metadata"]
    transcript = {k: v for k, v in data.items() if k not in ("metadata", "labels", "org_config")}
    return SyntheticCall.from_dict({"transcript": transcript, "labels": data["labels"], "org_id": meta["org_id"],
                                    "agent_id": meta["agent_id"], "seed": meta["synthetic_seed"],
                                    "org_config": data.get("org_config")})


def bundled_calls() -> list[Path]:
    """The FLAC files of the calls shipped for the demo (each has a ``.json`` beside it)."""
    return sorted(BUNDLED_DIR.glob("*.flac"))


def bundled_call(name: str) -> SyntheticCall:
    """The (untimed) call behind a bundled file, regenerated from its spec."""
    for spec_name, seed, line, flaws in BUNDLED_SPECS:
        if spec_name == name:
            return generate_call(seed, line, list(flaws))
    raise KeyError(name)


def build_bundled(out_dir: Path = BUNDLED_DIR, sample_rate: int = 8000) -> list[Path]:
    """Regenerate the bundled demo calls: 8 kHz (telephone band) stereo FLAC plus transcript JSON.

    ``python -c "from qa_engine.synthetic import build_bundled; build_bundled()"``
    """
    from qa_engine.synthetic.render import render_call

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, *_ in BUNDLED_SPECS:
        call = bundled_call(name)
        flac = out_dir / f"{name}.flac"
        # No added noise: digital silence keeps the shipped FLACs small.
        timed = render_call(call, flac, sample_rate=sample_rate, gap=0.3, hold=name.startswith("insurance"),
                            noise=0.0)
        (out_dir / f"{name}.json").write_text(json.dumps(transcript_json(timed)) + "\n")
        paths.append(flac)
    return paths

