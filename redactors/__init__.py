"""PHI detection and redaction for call transcripts and audio (lower layer: imports only `models`)."""

import os

# presidio's email recognizer makes tldextract fetch the public suffix list on first use; offline, it must
# use the list bundled with tldextract. Set before presidio is imported anywhere in this package.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
