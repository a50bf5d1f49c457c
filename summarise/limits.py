"""Every default limit on one document, in one place (README, "Limits and safety").

The pipeline enforces the page and decompression limits; the command line enforces the
others (input size, waiting on a pipe, time and memory per document) and reads all of them
for its options' defaults. Kept free of imports so `cf --help` stays fast."""
from __future__ import annotations

MB = 1 << 20

# The pipeline's own (summarise/extract.py, summarise/decompression_budget.py)
DEFAULT_MAX_PAGES = 200  # a PDF with more pages is refused before its layout is read
# The whole corpus (230 PDFs) decodes at most 1.4 MB per document (largest stream 0.3 MB):
# 64 MB is over 40 times that, and keeps a bomb's cost far below the memory goal.
DEFAULT_MAX_DECODED = 64 * MB

# The command line's (cli/inputs.py, cli/runner.py)
DEFAULT_MAX_INPUT_MB = 50  # bytes read from one input; the biggest corpus PDF is 0.7 MB
DEFAULT_TIMEOUT = 120.0  # seconds for one document
DEFAULT_WAIT = 120.0  # seconds a pipe or device may keep cf waiting for its data (inspect, score)
# Address space a worker may add for one document; the corpus's largest adds ~25 MB.
DEFAULT_MAX_MEMORY_MB = 512
