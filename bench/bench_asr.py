"""ASR benchmark: speed, memory, accuracy, word timing and speaker roles, both backends in the same run.

    nice python bench/bench_asr.py [--models tiny.en,base] [--minutes 5] [--seed 4200]
    nice python bench/bench_asr.py --long-minutes 60     # bounded memory on a long call
    nice python bench/bench_asr.py --mono-only           # speaker roles on held-out mono calls only

A stereo call of about five minutes is made by rendering synthetic calls (qa_engine.synthetic, espeak-ng,
agent left, caller right) back to back; the renderer's word timing is the ground truth. Each
backend/model runs in its own process so peak memory (ru_maxrss) is its own:
- real-time factor (wall time / audio time) and peak RSS on the 5-minute call; the baseline is
  openai-whisper beam 5 with word timestamps, and the ratio baseline/candidate is printed per model;
- WER (Whisper's EnglishTextNormalizer, per channel, corpus-level) on the call and on ../shared jfk.flac;
- word timing: share of matched words whose start (and start and end) lie within 0.25 s of the truth;
- speaker role accuracy: stereo (role from the channel, per matched word), and on several held-out
  synthetic calls rendered mono (``render_mono``; seeds far from the classifier's training seeds), end to
  end with the default configuration: each ASR segment's true role is the speaker whose words its words
  overlap most in time, and the share of segments (and of their words) with that role is reported;
- vocabulary prompt: WER and organization-term recall with and without the organizations' names as the
  initial prompt (default configuration).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED_AUDIO = ROOT / ".." / "shared" / "data" / "audio"
JFK_TEXT = "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country."
TIMING_TOLERANCE = 0.25


# --- the 5-minute call -----------------------------------------------------------------------------------


def build_call(out_dir: Path, minutes: float, seed: int) -> dict:
    """Render synthetic calls back to back until ``minutes`` of stereo audio; return paths and truth."""
    import soundfile as sf

    from qa_engine.synthetic import generate_call
    from qa_engine.synthetic.render import render_call

    out_dir.mkdir(parents=True, exist_ok=True)
    meta_path = out_dir / f"call-{seed}-{minutes:g}.json"
    if meta_path.is_file():
        return json.loads(meta_path.read_text())
    sr = 16000
    pieces, words, terms = [], [], set()
    offset = 0.0
    i = 0
    while offset < minutes * 60:
        call = generate_call(seed + i)
        i += 1
        part = out_dir / f"part-{seed + i}.wav"
        timed = render_call(call, part)
        audio, _ = sf.read(str(part), dtype="float32", always_2d=True)
        part.unlink()
        for seg in timed.transcript.segments:
            for w in seg.words:
                words.append(
                    {
                        "word": w.word,
                        "start": w.start + offset,
                        "end": w.end + offset,
                        "speaker": seg.speaker,
                        "channel": seg.channel,
                    }
                )
        cfg = call.org_config
        terms.update(
            [cfg["name"], *cfg.get("provider_names", []), *cfg.get("clinic_names", []), *cfg.get("hospital_names", [])]
        )
        pause = np.zeros((sr, 2), np.float32)
        pieces += [audio, pause]
        offset += (len(audio) + len(pause)) / sr
    stereo = np.concatenate(pieces)
    stereo_path, mono_path = out_dir / f"call-{seed}.wav", out_dir / f"call-{seed}-mono.wav"
    sf.write(str(stereo_path), stereo, sr, subtype="PCM_16")
    sf.write(str(mono_path), np.clip(stereo.sum(axis=1), -1, 1), sr, subtype="PCM_16")
    meta = {
        "stereo": str(stereo_path),
        "mono": str(mono_path),
        "duration": len(stereo) / sr,
        "calls": i,
        "words": words,
        "terms": sorted(terms),
    }
    meta_path.write_text(json.dumps(meta))
    return meta


def build_mono_calls(out_dir: Path, n: int, seed: int) -> list[dict]:
    """Render ``n`` synthetic calls mono (both parties in one channel); paths and timed truth per call."""
    from qa_engine.synthetic import generate_call, render_mono

    out_dir.mkdir(parents=True, exist_ok=True)
    meta_path = out_dir / f"mono-{seed}-{n}.json"
    if meta_path.is_file():
        return json.loads(meta_path.read_text())
    calls = []
    for k in range(n):
        call = generate_call(seed + k)
        path = out_dir / f"mono-{seed + k}.wav"
        timed = render_mono(call, path)
        truth = [
            {"speaker": seg.speaker, "words": [[w.start, w.end] for w in seg.words]}
            for seg in timed.transcript.segments
        ]
        calls.append({"seed": seed + k, "path": str(path), "call_type": call.transcript.call_type, "truth": truth})
    meta_path.write_text(json.dumps(calls))
    return calls


# --- metrics ---------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^a-z0-9']+")


def _token(word: str) -> str:
    return _TOKEN.sub("", word.lower())


def wer(references: list[str], hypotheses: list[str]) -> float:
    import jiwer
    from whisper.normalizers import EnglishTextNormalizer

    normalize = EnglishTextNormalizer()
    refs = [normalize(r) for r in references]
    hyps = [normalize(h) for h in hypotheses]
    keep = [k for k, r in enumerate(refs) if r.strip()]
    return float(jiwer.wer([refs[k] for k in keep], [hyps[k] for k in keep]))


def _match(ref: list[dict], hyp: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs of reference and hypothesis words with the same spelling, aligned in order."""
    a = [_token(w["word"]) for w in ref]
    b = [_token(w["word"]) for w in hyp]
    matcher = SequenceMatcher(a=a, b=b, autojunk=False)
    pairs = []
    for block in matcher.get_matching_blocks():
        pairs += [(ref[block.a + k], hyp[block.b + k]) for k in range(block.size)]
    return pairs


def hyp_words(transcript: dict) -> list[dict]:
    return [
        dict(w, speaker=s["speaker"], channel=s.get("channel"), segment=i)
        for i, s in enumerate(transcript["segments"])
        for w in s["words"]
    ]


def mono_roles(transcript: dict, truth: list[dict]) -> dict:
    """Segments (and their words) whose role is the one of the speaker their words overlap most in time."""
    spans = {
        role: np.array([w for seg in truth if seg["speaker"] == role for w in seg["words"]]).reshape(-1, 2)
        for role in ("agent", "caller")
    }
    right = judged = unknown = words = words_right = 0
    for seg in transcript["segments"]:
        overlap = {}
        for role, s in spans.items():
            overlap[role] = sum(
                float(np.clip(np.minimum(w["end"], s[:, 1]) - np.maximum(w["start"], s[:, 0]), 0, None).sum())
                for w in seg["words"]
            )
        if max(overlap.values()) <= 0:
            continue  # nothing said there (should not happen: no invented text)
        true_role = max(overlap, key=overlap.get)
        judged += 1
        right += seg["speaker"] == true_role
        unknown += seg["speaker"] == "unknown"
        words += len(seg["words"])
        words_right += len(seg["words"]) * (seg["speaker"] == true_role)
    return {"segments": judged, "right": right, "unknown": unknown, "words": words, "words_right": words_right}


def evaluate(transcript: dict, truth: list[dict], terms: list[str], stereo: bool) -> dict:
    hyp = hyp_words(transcript)
    channels = (0, 1) if stereo else (None,)
    refs, hyps, pairs = [], [], []
    for ch in channels:
        r = sorted([w for w in truth if not stereo or w["channel"] == ch], key=lambda w: w["start"])
        h = sorted([w for w in hyp if not stereo or w["channel"] == ch], key=lambda w: w["start"])
        refs.append(" ".join(w["word"] for w in r))
        hyps.append(" ".join(w["word"] for w in h))
        pairs += _match(r, h)
    starts = np.array([abs(r["start"] - h["start"]) for r, h in pairs])
    both = np.array([max(abs(r["start"] - h["start"]), abs(r["end"] - h["end"])) for r, h in pairs])
    role_right = [r["speaker"] == h["speaker"] for r, h in pairs]
    by_segment: dict[int, list[str]] = {}
    for r, h in pairs:
        by_segment.setdefault(h["segment"], []).append(r["speaker"])
    segment_right = [max(set(v), key=v.count) == transcript["segments"][k]["speaker"] for k, v in by_segment.items()]
    term_tokens = {_token(t) for term in terms for t in term.split() if len(_token(t)) > 2} - {"the", "and"}
    ref_terms = [r for r in truth if _token(r["word"]) in term_tokens]
    matched_terms = {id(r) for r, _ in pairs if _token(r["word"]) in term_tokens}
    return {
        "wer": round(wer(refs, hyps), 4),
        "matched_words": len(pairs),
        "reference_words": len(truth),
        "timing_start_within": round(float((starts <= TIMING_TOLERANCE).mean()), 4) if len(pairs) else None,
        "timing_both_within": round(float((both <= TIMING_TOLERANCE).mean()), 4) if len(pairs) else None,
        "timing_median_start_error": round(float(np.median(starts)), 3) if len(pairs) else None,
        "role_word_accuracy": round(float(np.mean(role_right)), 4) if role_right else None,
        "role_segment_accuracy": round(float(np.mean(segment_right)), 4) if segment_right else None,
        "unknown_segments": sum(s["speaker"] == "unknown" for s in transcript["segments"]),
        "segments": len(transcript["segments"]),
        "term_recall": round(len(matched_terms) / len(ref_terms), 4) if ref_terms else None,
    }


# --- one backend/model, in its own process ---------------------------------------------------------------


def worker(spec: dict) -> dict:
    from qa_engine.transcription.audio import decode_audio
    from qa_engine.transcription.backends import get_backend
    from qa_engine.transcription.transcribe import transcribe_audio

    backend, model, beam = spec["backend"], spec["model"], spec["beam"]
    t0 = time.perf_counter()
    get_backend(backend, model)
    load_s = time.perf_counter() - t0
    out: dict = {"spec": {k: spec[k] for k in ("backend", "model", "beam")}, "load_s": round(load_s, 2)}
    if spec.get("stereo"):
        audio = decode_audio(spec["stereo"])
        t0 = time.perf_counter()
        transcript = transcribe_audio(audio, backend=backend, model=model, beam_size=beam)
        seconds = time.perf_counter() - t0
        out.update(
            seconds=round(seconds, 2),
            rtf=round(seconds / audio.duration, 4),
            peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            stereo=transcript.model_dump(mode="json"),
        )
        jfk = SHARED_AUDIO / "jfk.flac"
        if jfk.is_file():
            t = transcribe_audio(decode_audio(jfk), backend=backend, model=model, beam_size=beam)
            out["jfk_wer"] = round(wer([JFK_TEXT], [" ".join(s.text for s in t.segments)]), 4)
    if spec.get("mono_calls"):
        out["mono_calls"] = [
            transcribe_audio(decode_audio(path), backend=backend, model=model, beam_size=beam).model_dump(mode="json")
            for path in spec["mono_calls"]
        ]
    if spec.get("extras"):
        prompt = "Glossary: " + ", ".join(spec["terms"]) + "."
        out["prompted"] = transcribe_audio(
            audio, backend=backend, model=model, beam_size=beam, initial_prompt=prompt
        ).model_dump(mode="json")
    return out


def long_call_worker(minutes: float, out_dir: Path) -> dict:
    """Peak memory and progress for a long stereo call (speech every 3 minutes, quiet line noise between)."""
    import soundfile as sf

    from qa_engine.transcription.audio import decode_audio
    from qa_engine.transcription.transcribe import transcribe_file

    sr = 16000
    speech = decode_audio(SHARED_AUDIO / "jfk.flac").mono()
    path = out_dir / f"long-{minutes:g}.flac"
    if not path.is_file():
        rng = np.random.default_rng(0)
        with sf.SoundFile(str(path), "w", sr, 2, subtype="PCM_16") as fh:
            for k in range(int(minutes / 3)):
                block = rng.normal(0, 0.002, (3 * 60 * sr, 2)).astype(np.float32)
                block[sr : sr + speech.size, k % 2] += speech
                fh.write(block)
    seen: list[float] = []
    t0 = time.perf_counter()
    transcript = transcribe_file(path, progress=seen.append)
    return {
        "minutes": minutes,
        "seconds": round(time.perf_counter() - t0, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "progress_calls": len(seen),
        "segments": len(transcript.segments),
    }


def run_worker(spec: dict) -> dict:
    # Passive OpenMP waiting for both backends: on a shared, oversubscribed machine spinning threads cost
    # torch (openai-whisper) far more than CTranslate2, which would inflate the ratio.
    env = dict(os.environ, OMP_WAIT_POLICY=os.environ.get("OMP_WAIT_POLICY", "PASSIVE"))
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", json.dumps(spec)], capture_output=True, text=True, cwd=ROOT, env=env
    )
    if proc.returncode != 0:
        raise SystemExit(f"worker {spec['backend']} {spec['model']} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _mono_summary(result: dict, mono_calls: list[dict], label: str) -> dict:
    per_call = [mono_roles(t, c["truth"]) for t, c in zip(result["mono_calls"], mono_calls, strict=True)]
    total = {k: sum(m[k] for m in per_call) for k in per_call[0]}
    summary = {
        "calls": len(per_call),
        "segment_accuracy": round(total["right"] / max(total["segments"], 1), 4),
        "word_accuracy": round(total["words_right"] / max(total["words"], 1), 4),
        "unknown_segments": total["unknown"],
        "segments": total["segments"],
        "per_call": {
            c["seed"]: round(m["right"] / max(m["segments"], 1), 4) for c, m in zip(mono_calls, per_call, strict=True)
        },
    }
    print(
        f"  mono roles ({label}, {summary['calls']} held-out calls rendered mono): segments "
        f"{total['right']}/{total['segments']} = {summary['segment_accuracy']}, words {summary['word_accuracy']}, "
        f"unknown {total['unknown']}; per call {list(summary['per_call'].values())}",
        flush=True,
    )
    return summary


def _print_extras(result: dict, spec: dict) -> None:
    p, e = result["prompted_eval"], result["eval"]
    print(
        f"  vocabulary prompt: WER {e['wer']} -> {p['wer']}, organization-term recall "
        f"{e['term_recall']} -> {p['term_recall']}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default="tiny.en,base")
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=4200)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--worker")
    parser.add_argument("--mono-calls", type=int, default=6, help="held-out calls rendered mono for roles")
    parser.add_argument("--mono-seed", type=int, default=93001)
    parser.add_argument("--mono-only", action="store_true", help="only the mono speaker-role figure")
    parser.add_argument(
        "--long-minutes",
        type=float,
        default=0.0,
        help="only measure memory on a long call of this many minutes (vs 6 minutes)",
    )
    args = parser.parse_args()
    if args.worker:
        spec = json.loads(args.worker)
        if "long_minutes" in spec:
            print(json.dumps(long_call_worker(spec["long_minutes"], Path(spec["out"]))))
        else:
            print(json.dumps(worker(spec)))
        return
    if args.long_minutes:
        (args.out / "asr").mkdir(parents=True, exist_ok=True)
        for minutes in (6.0, args.long_minutes):
            r = run_worker({"long_minutes": minutes, "out": str(args.out / "asr"), "backend": "", "model": ""})
            print(
                f"long call {minutes:g} min: peak RSS {r['peak_rss_mb']} MB, {r['seconds']} s, "
                f"{r['progress_calls']} progress calls, {r['segments']} segments"
            )
        return

    from qa_engine.settings import get_settings
    from qa_engine.transcription.model_store import ModelNotFoundError, resolve_model

    settings = get_settings()
    mono_calls = build_mono_calls(args.out / "asr", args.mono_calls, args.mono_seed) if args.mono_calls else []
    if args.mono_only:
        spec = {
            "backend": settings.asr_backend,
            "model": settings.asr_model,
            "beam": settings.asr_beam_size,
            "mono_calls": [c["path"] for c in mono_calls],
        }
        result = run_worker(spec)
        summary = _mono_summary(result, mono_calls, f"{spec['backend']} {spec['model']}")
        (args.out / "asr" / "mono_roles.json").write_text(json.dumps(summary, indent=2))
        return
    call = build_call(args.out / "asr", args.minutes, args.seed)
    print(
        f"call: {call['duration']:.0f} s stereo from {call['calls']} synthetic calls, "
        f"{len(call['words'])} reference words; threads={settings.asr_threads}, cpu={os.cpu_count()}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    rows, results = [], {}
    for model in args.models.split(","):
        try:
            resolve_model(model, "faster-whisper")
        except ModelNotFoundError as exc:
            print(f"skip {model}: {exc}")
            continue
        specs = [
            {"backend": "openai-whisper", "model": model, "beam": 5},  # the baseline
            {"backend": "faster-whisper", "model": model, "beam": settings.asr_beam_size},
        ]
        for spec in specs:
            default = spec["backend"] == settings.asr_backend and model == settings.asr_model
            spec.update(
                stereo=call["stereo"],
                terms=call["terms"],
                extras=default,
                mono_calls=[c["path"] for c in mono_calls] if default else [],
            )
            result = run_worker(spec)
            result["eval"] = evaluate(result["stereo"], call["words"], call["terms"], stereo=True)
            if result.get("mono_calls"):
                result["mono_eval"] = _mono_summary(result, mono_calls, f"{spec['backend']} {model}")
            if "prompted" in result:
                result["prompted_eval"] = evaluate(result["prompted"], call["words"], call["terms"], stereo=True)
                _print_extras(result, spec)
            results[(spec["backend"], model)] = result
            # The transcripts stay beside the figures, so the backends' differences can be read word by word.
            (args.out / "asr" / f"transcript-{spec['backend']}-{model}.json").write_text(json.dumps(result["stereo"]))
            e = result["eval"]
            rows.append(
                f"{spec['backend']:15} {model:8} beam={spec['beam']} RTF={result['rtf']:.3f} "
                f"peakRSS={result['peak_rss_mb']}MB WER(call)={e['wer']:.3f} WER(jfk)={result.get('jfk_wer')} "
                f"timing<=0.25s start={e['timing_start_within']} start&end={e['timing_both_within']} "
                f"roles(stereo, words)={e['role_word_accuracy']}"
            )
            print(rows[-1], flush=True)
        base, cand = results.get(("openai-whisper", model)), results.get(("faster-whisper", model))
        if base and cand:
            print(
                f"  {model}: faster-whisper is {base['rtf'] / cand['rtf']:.2f}x openai-whisper beam 5 + words "
                f"(same run); WER {cand['eval']['wer']:.3f} vs {base['eval']['wer']:.3f}"
            )
    summary = {
        f"{b}/{m}": {k: v for k, v in r.items() if k not in ("stereo", "mono_calls", "prompted")}
        for (b, m), r in results.items()
    }
    (args.out / "asr" / "results.json").write_text(json.dumps(summary, indent=2))
    print(f"details: {args.out / 'asr' / 'results.json'}")


if __name__ == "__main__":
    main()
