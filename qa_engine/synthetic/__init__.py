"""Synthetic medical calls with ground-truth labels, for the demo, tests and benchmarks.

Text: ``generate_call(seed)`` / ``generate_corpus(n)``. Audio: ``render_call`` (stereo, agent left,
caller right) with ground-truth word timing. A few rendered calls ship in ``bundled/``.
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
