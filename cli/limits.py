"""The default limits on one document (README, "Limits and safety"), in one place.

Kept free of imports so `cf --help` stays fast. The limit on decompressed PDF data lives
with the pipeline (summarise/pdf_budget.py) and the page limit with its option."""
from __future__ import annotations

MB = 1 << 20
DEFAULT_MAX_INPUT_MB = 50  # bytes read from one input; the biggest corpus PDF is 0.7 MB
DEFAULT_TIMEOUT = 120.0  # seconds for one document
DEFAULT_WAIT = 120.0  # seconds a pipe or device may keep cf waiting for its data (inspect, score)
# Address space a worker may add for one document; the corpus's largest adds ~25 MB.
DEFAULT_MAX_MEMORY_MB = 512
