"""QA Engine: compliance and quality assurance for medical call centers."""

__version__ = "0.1.0"
