"""Synthetic medical calls with ground-truth labels, for the demo, tests and benchmarks.

- Text: ``generate_call(seed, service_line=None, flaws=None)`` and ``generate_corpus(n, seed=0)`` give
  ``SyntheticCall`` (``transcript``: the interchange ``Transcript`` whose ``record`` is what the agent
  captured; ``labels``: ``CallLabels``, see its docstring; ``org_id``, ``agent_id``, ``seed``,
  ``org_config``: the organization's staff, provider and clinic names, phone numbers and addresses,
  which are not patient PHI).
- Audio: ``render_call(call, path)`` writes stereo FLAC/WAV (agent left, caller right, espeak-ng) and
  returns the call with ground-truth segment and word times; ``render_mono`` mixes both parties.
- Files: ``write_corpus(out_dir, n, seed, audio)``; ``bundled_calls()`` lists the demo FLACs shipped in
  ``bundled/`` (each with a transcript JSON: ``record``, ``metadata``, ``labels``); ``build_bundled()``
  regenerates them.
"""

from qa_engine.synthetic.corpus import (
    BUNDLED_SPECS,
    build_bundled,
    bundled_call,
    bundled_calls,
    load_call,
    transcript_json,
    write_corpus,
)
from qa_engine.synthetic.generator import (
    FLAWS,
    PHI_TYPES,
    SCRIPT_STEPS,
    SERVICE_LINES,
    CallLabels,
    PhiLabel,
    SyntheticCall,
    generate_call,
    generate_corpus,
)
from qa_engine.synthetic.orgs import ORGANIZATIONS, org_config
from qa_engine.synthetic.render import render_call, render_mono, synthesize

__all__ = [
    "BUNDLED_SPECS", "FLAWS", "ORGANIZATIONS", "PHI_TYPES", "SCRIPT_STEPS", "SERVICE_LINES", "CallLabels",
    "PhiLabel", "SyntheticCall", "build_bundled", "bundled_call", "bundled_calls", "generate_call",
    "generate_corpus", "load_call", "org_config", "render_call", "render_mono", "synthesize",
    "transcript_json", "write_corpus",
]
