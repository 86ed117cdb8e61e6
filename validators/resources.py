"""Where the project's data lives: schemas, profiles, templates, examples, lexicons.

The data folders sit at the repository root (the design card's layout). ``QUJAT_HOME`` overrides the root
for deployments that install the package elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("QUJAT_HOME") or Path(__file__).resolve().parents[1])
SCHEMAS = ROOT / "schemas"
PROFILES = SCHEMAS / "profiles"
RULES = SCHEMAS / "rules"
TEMPLATES = ROOT / "templates"
EXAMPLES = ROOT / "examples"
LEXICONS = ROOT / "validators" / "proofing" / "lexicons"

KINDS_GENERATED = (
    "resolution",
    "decision",
    "order",
    "protocol-full",
    "protocol-short",
    "cover-letter",
    "comparison-table",
)
KINDS_VALIDATED_ONLY = ("incoming-letter", "briefing-note", "information-material", "presentation", "appeal")
KINDS = KINDS_GENERATED + KINDS_VALIDATED_ONLY
LANGS = ("kk", "ru")
DEFAULT_PROFILE = "turkestan-city-2025"
