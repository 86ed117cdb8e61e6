"""Where the project's data lives: schemas, profiles, templates, examples, lexicons. The kinds of document
are listed in the kinds registry, :mod:`validators.kinds` (``schemas/kinds.yaml``).

The data folders sit at the repository root (the design card's layout). ``QUJAT_HOME`` overrides the root
for deployments that install the package elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from validators.settings import at_import

ROOT = Path(at_import("home") or Path(__file__).resolve().parents[1])
SCHEMAS = ROOT / "schemas"
PROFILES = SCHEMAS / "profiles"
RULES = SCHEMAS / "rules"
TEMPLATES = ROOT / "templates"
EXAMPLES = ROOT / "examples"
LEXICONS = ROOT / "validators" / "proofing" / "lexicons"

LANGS = ("kk", "ru")
DEFAULT_PROFILE = "turkestan-city-2025"
