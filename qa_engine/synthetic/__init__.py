"""Synthetic medical calls with ground-truth labels, for the demo, tests and benchmarks.

Text: ``generate_call(seed)`` / ``generate_corpus(n)``. Audio: ``render_call`` (stereo, agent left,
caller right) with ground-truth word timing. A few rendered calls ship in ``bundled/``.
"""

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

__all__ = [
    "FLAWS", "ORGANIZATIONS", "PHI_TYPES", "SCRIPT_STEPS", "SERVICE_LINES", "CallLabels", "PhiLabel",
    "SyntheticCall", "generate_call", "generate_corpus", "org_config",
]
