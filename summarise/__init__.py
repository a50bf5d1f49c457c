"""The pipeline stages: extract -> structure -> analyse (score) -> compose.

No terminal or file I/O here: every stage is a function of the one before it."""
