"""Font names as fontconfig knows them, and which requested font LibreOffice replaced with which.

Kazakh documents often ask for re-encoded Times New Roman / Arial variants (``Times New Roman KZ``,
``KZ Times New Roman``, ``Times Kaz``, ``Times/Kazakh``…) that no free system has: fontconfig would fall back to
DejaVu Sans and reflow the text. ``fontconfig_env`` points LibreOffice (and our own fc-match) at a fontconfig
file that includes the system's and maps those names to the metric twins, Liberation Serif / Sans.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

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
# Kazakh re-encodings of Times New Roman and Arial, as they appear in akimat documents → the font they copy.
KAZAKH_VARIANTS = {
    "Times New Roman KZ": "Times New Roman", "KZ Times New Roman": "Times New Roman",
    "Times Kaz": "Times New Roman", "Times/Kazakh": "Times New Roman", "Times New Roman Kaz": "Times New Roman",
    "Arial KZ": "Arial", "KZ Arial": "Arial", "Arial Kaz": "Arial",
}
METRIC_COMPATIBLE.update({variant.lower(): METRIC_COMPATIBLE[base.lower()]
                          for variant, base in KAZAKH_VARIANTS.items()})
_STYLE_SUFFIX = re.compile(r"[-,](Regular|Roman|Bold|Italic|Oblique|BoldItalic|BoldOblique|Book|MT|PSMT)+$",
                           re.IGNORECASE)


def key(name: str) -> str:
    """A font name reduced for comparison: ``Liberation Serif`` == ``LiberationSerif``."""
    return re.sub(r"[\s_-]+", "", name).lower()


@functools.cache
def fontconfig_env() -> dict[str, str]:
    """Environment variables that make fontconfig (LibreOffice's font fallback) map the Kazakh variants to
    their metric twins; the configuration includes the system's (or the caller's FONTCONFIG_FILE)."""
    base = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    aliases = "".join(
        f"  <alias binding=\"same\"><family>{escape(variant)}</family>"
        f"<accept><family>{escape(METRIC_COMPATIBLE[variant.lower()])}</family></accept></alias>\n"
        for variant in KAZAKH_VARIANTS)
    text = (f'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
            f'  <include ignore_missing="yes">{escape(base)}</include>\n{aliases}</fontconfig>\n')
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"qujat-fontconfig-{os.getuid()}-{digest}.conf"
    if not path.is_file():
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            partial.write_text(text, encoding="utf-8")
            partial.replace(path)  # atomic: concurrent processes write the same content
        except OSError:
            return {}  # no writable temp dir: the system's fontconfig alone (Kazakh variants not mapped)
    return {"FONTCONFIG_FILE": str(path)}


def _fontconfig(*args: str, timeout: float) -> str:
    """Output of a fontconfig tool run with our configuration ('' when it is absent or fails)."""
    if not shutil.which(args[0]):
        return ""
    try:
        return subprocess.run(list(args), capture_output=True, text=True, timeout=timeout, check=False,
                              env={**os.environ, **fontconfig_env()}).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""


@functools.cache
def _postscript_families() -> dict[str, str]:
    """PostScript name → family, for every font fontconfig knows."""
    out = _fontconfig("fc-list", "--format", "%{postscriptname}\t%{family}\n", timeout=30)
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
    return _fontconfig("fc-match", "--format", "%{family}", family, timeout=10).split(",")[0].strip() or None


def alternatives(requested: str) -> list[str]:
    """Word's ``A;B`` font lists: the names in the order tried."""
    return [name.strip() for name in requested.split(";") if name.strip()] or [requested]


def substitutions(requested: set[str], used: set[str]) -> list[tuple[str, str]]:
    """(requested, used) for every requested family that the rendering shows replaced by another one.

    A requested family absent from the output counts only when its replacement is in the output (otherwise
    the document asked for it without using it, e.g. a style no text has)."""
    used_keys = {key(u): u for u in used}
    found = []
    for family in sorted(requested, key=str.lower):
        names = alternatives(family)
        if key(names[0]) in used_keys:
            continue
        replacement = next((used_keys[key(candidate)] for name in names
                            for candidate in (name, METRIC_COMPATIBLE.get(name.lower()), fontconfig_match(name))
                            if candidate and key(candidate) in used_keys), None)
        if replacement is not None:
            found.append((family, replacement))
    return found


def is_metric_compatible(requested: str, used: str) -> bool:
    """True when ``used`` is drawn on the metrics of ``requested`` (Times New Roman → Liberation Serif)."""
    twin = METRIC_COMPATIBLE.get(alternatives(requested)[0].lower())
    return twin is not None and key(twin) == key(used)
