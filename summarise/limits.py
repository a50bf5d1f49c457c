"""The pipeline's default limit on one document's pages, kept free of imports: the command
line reads it as it starts, for `--max-pages` (cli/limits.py has the command's own limits)."""

DEFAULT_MAX_PAGES = 200  # a PDF with more pages is refused before its layout is read
