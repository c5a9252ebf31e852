"""Plain text to PDF pages with matplotlib (already a dependency): enough for reports an auditor reads."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from io import BytesIO

LINES_PER_PAGE = 60
WIDTH = 100


def _wrap(lines: Sequence[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(textwrap.wrap(line, WIDTH, subsequent_indent="    ", replace_whitespace=False) or [""])
    return out


def text_pdf(title: str, lines: Sequence[str], *, chart: dict[str, float] | None = None,
             chart_title: str = "") -> bytes:
    """A PDF of ``lines`` under ``title`` (A4, monospace), with an optional bar chart page.

    Metadata dates are fixed so the same content gives the same bytes (a packet's hashes are stable).
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    buffer = BytesIO()
    wrapped = _wrap(lines)
    pages = [wrapped[i : i + LINES_PER_PAGE] for i in range(0, max(len(wrapped), 1), LINES_PER_PAGE)] or [[]]
    with PdfPages(buffer, metadata={"Title": title, "Creator": "qa-engine", "CreationDate": None}) as pdf:
        for number, page in enumerate(pages, start=1):
            fig = plt.figure(figsize=(8.27, 11.69))
            fig.text(0.06, 0.965, title, fontsize=12, weight="bold", va="top")
            fig.text(0.94, 0.965, f"page {number}/{len(pages)}", fontsize=8, ha="right", va="top")
            fig.text(0.06, 0.94, "\n".join(page), fontsize=7.2, family="monospace", va="top")
            pdf.savefig(fig)
            plt.close(fig)
        if chart:
            fig, ax = plt.subplots(figsize=(8.27, 5.5))
            names = list(chart)
            ax.barh(names, [chart[n] for n in names], color="#3b6ea8")
            ax.set_title(chart_title or title)
            ax.invert_yaxis()
            fig.tight_layout()
            pdf.savefig(fig)
            plt.close(fig)
    return buffer.getvalue()
