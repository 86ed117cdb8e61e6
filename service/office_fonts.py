"""Font names as fontconfig knows them, and which requested font LibreOffice replaced with which."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess

# Free fonts drawn on the metrics of the proprietary ones: text reflows identically, so page counts hold.
METRIC_COMPATIBLE = {
    "times new roman": "Liberation Serif",
    "times": "Liberation Serif",
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "arial narrow": "Liberation Sans Narrow",
    "courier new": "Liberation Mono",
    "courier": "Liberation Mono",
    "calibri": "Carlito",
    "cambria": "Caladea",
    "georgia": "Gelasio",
}
_STYLE_SUFFIX = re.compile(r"[-,](Regular|Roman|Bold|Italic|Oblique|BoldItalic|BoldOblique|Book|MT|PSMT)+$",
                           re.IGNORECASE)


def key(name: str) -> str:
    """A font name reduced for comparison: ``Liberation Serif`` == ``LiberationSerif``."""
    return re.sub(r"[\s_-]+", "", name).lower()


@functools.cache
def _postscript_families() -> dict[str, str]:
    """PostScript name → family, for every font fontconfig knows."""
    if not shutil.which("fc-list"):
        return {}
    try:
        out = subprocess.run(["fc-list", "--format", "%{postscriptname}\t%{family}\n"], capture_output=True,
                             text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return {}
    families = {}
    for line in out.splitlines():
        ps, _, family = line.partition("\t")
        if ps and family:
            families[ps] = family.split(",")[0]
    return families


def family_of(postscript_name: str) -> str:
    """The family of a font named in a PDF (``LiberationSerif-Bold`` → ``Liberation Serif``)."""
    families = _postscript_families()
    if postscript_name in families:
        return families[postscript_name]
    stem = _STYLE_SUFFIX.sub("", postscript_name)
    for ps, family in families.items():
        if key(_STYLE_SUFFIX.sub("", ps)) == key(stem):
            return family
    return stem


@functools.cache
def fontconfig_match(family: str) -> str | None:
    """The family fontconfig offers for ``family`` (what LibreOffice falls back to on Linux)."""
    if not shutil.which("fc-match"):
        return None
    try:
        out = subprocess.run(["fc-match", "--format", "%{family}", family], capture_output=True, text=True,
                             timeout=10, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.split(",")[0].strip() or None


def substitutions(requested: set[str], used: set[str]) -> list[tuple[str, str]]:
    """(requested, used) for every requested family that the rendering shows replaced by another one.

    A requested family absent from the output counts only when its replacement is in the output (otherwise
    the document asked for it without using it, e.g. a style no text has)."""
    used_keys = {key(u): u for u in used}
    found = []
    for family in sorted(requested, key=str.lower):
        if key(family) in used_keys:
            continue
        for candidate in (METRIC_COMPATIBLE.get(family.lower()), fontconfig_match(family)):
            if candidate and key(candidate) in used_keys:
                found.append((family, used_keys[key(candidate)]))
                break
    return found


def is_metric_compatible(requested: str, used: str) -> bool:
    """True when ``used`` is drawn on the metrics of ``requested`` (Times New Roman → Liberation Serif)."""
    twin = METRIC_COMPATIBLE.get(requested.lower())
    return twin is not None and key(twin) == key(used)
