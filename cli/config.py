"""Where cf keeps its user files, and the house style as configuration."""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

from cf.models.style import Style

STYLE_FILE = "style.toml"
MAX_STYLE = 1 << 20  # bytes; the built-in style's settings take under 2 KB
STYLE_WAIT = 10.0  # seconds a pipe or device given as --style may take


class StyleFileError(Exception):
    """A style file that cannot be used; str(error) names the file and the problem."""


def config_dir() -> Path:
    """CF_CONFIG_DIR wins; otherwise the platform's user config folder (~/.config/cf)."""
    override = os.environ.get("CF_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("cf", appauthor=False))


def cache_dir() -> Path:
    """CF_CACHE_DIR wins; otherwise the platform's user cache folder (~/.cache/cf)."""
    override = os.environ.get("CF_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("cf", appauthor=False))


def load_style(path: Path | None) -> tuple[Style, Path | None]:
    """--style FILE, else the user's style.toml if there is one, else the built-in default.

    Returns the style and the file it came from (None for the default)."""
    if path is None:
        user = config_dir() / STYLE_FILE
        if not user.is_file():
            return Style(), None
        path = user
    try:
        data = tomllib.loads(read_style_file(path).decode("utf-8"))
    except OSError as e:
        raise StyleFileError(f"{path}: cannot read the style file: {e.strerror or e}") from e
    except tomllib.TOMLDecodeError as e:
        raise StyleFileError(f"{path}: not valid TOML: {e}") from e
    except RecursionError as e:
        raise StyleFileError(f"{path}: not valid TOML: nested too deeply") from e
    except UnicodeDecodeError as e:  # TOML is UTF-8 by definition
        raise StyleFileError(f"{path}: not UTF-8 text (bad byte at position {e.start}); "
                             "save the style file as UTF-8") from e
    # Settings may sit at the top level or under a [style] table.
    table = data.get("style", data) if isinstance(data.get("style"), dict) else data
    try:
        return Style.from_mapping(table), path
    except (ValueError, TypeError) as e:
        raise StyleFileError(f"{path}: {e}") from e


def read_style_file(path: Path) -> bytes:
    """The style file's bytes, bounded like a document's: at most MAX_STYLE bytes, and a
    pipe or device (`--style <(...)`, /dev/zero) given STYLE_WAIT seconds for all of them."""
    from cf.cli.inputs import Input, InputError, InputTooLarge, read

    try:
        return read(Input(str(path)), MAX_STYLE, STYLE_WAIT)
    except InputTooLarge as e:
        raise StyleFileError(f"{path}: larger than {MAX_STYLE / (1 << 20):g} MB, more than a style "
                             "file holds (a few lines of settings)") from e
    except InputError as e:
        raise StyleFileError(f"{path}: cannot read the style file: {e}") from e


def engine_problem(engine: str) -> str | None:
    """Why this PDF engine cannot run here (a usage error, found before any work), or None."""
    from importlib.util import find_spec

    if engine == "pdfium" and find_spec("pypdfium2") is None:
        return "--engine pdfium needs pypdfium2: pip install 'cf[fast]'"
    return None
