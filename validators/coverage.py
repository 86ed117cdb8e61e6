"""Coverage of a regulation's requirement extract by its profile: every checkable rule of the extract as
``encoded`` (the rule ids that check it), ``process`` (why a document cannot show it) or ``missing`` (why not
encoded). Data: ``schemas/profiles/<id>/coverage.yaml`` (built by scripts/coverage_from_extract.py); the
profile's own process rules are listed with their reasons too."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from validators import profiles, resources
from validators.errors import ConfigurationError

STATUSES = ("encoded", "process", "missing")


@dataclass
class Coverage:
    profile: str
    extract: str | None
    items: list[dict[str, Any]] = field(default_factory=list)
    process_rules: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for item in self.items:
            out[item["status"]] += 1
        out["total"] = len(self.items)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"profile": self.profile, "extract": self.extract, "counts": self.counts(), "items": self.items,
                "process_rules": self.process_rules}

    def to_text(self) -> str:
        c = self.counts()
        lines = [f"{self.profile}: {c['total']} checkable rules of the extract {self.extract or '—'} — "
                 f"encoded {c['encoded']}, process {c['process']}, missing {c['missing']}"]
        for status in STATUSES:
            lines.append(f"{status}:")
            for it in (i for i in self.items if i["status"] == status):
                ids = ", ".join(it.get("rules") or [])
                tail = ids if status == "encoded" else "; ".join(x for x in (it.get("why", ""), ids) if x)
                lines.append(f"  {it['ref']:28} {' '.join(it.get('lines') or []):18} {tail}")
                if it.get("note"):  # what the rules check of the row and what they leave, in the reviewer's words
                    lines.append(f"  {'':28} {'':18} ({it['note']})")
        lines.append("process rules of the profile (not checkable on a document):")
        lines += [f"  {p['id']:28} {p.get('clause', '')} — {p['why']['en']}" for p in self.process_rules]
        return "\n".join(lines)


def load(profile_id: str | None = None) -> Coverage:
    """The coverage of a profile; a profile without coverage data has an empty list (extract None)."""
    profile = profiles.load(profile_id)
    path = resources.PROFILES / profile.id / "coverage.yaml"
    if not path.is_file():
        return Coverage(profile.id, None, [], profile.process_rules)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        items = list(raw.get("items") or [])
        known = {r.id for r in profile.rules} | {p["id"] for p in profile.process_rules}
        for it in items:
            if it["status"] not in STATUSES:
                raise ValueError(f"{it['ref']}: status {it['status']!r}")
            if it["status"] == "encoded" and not set(it.get("rules") or []) <= known:
                raise ValueError(f"{it['ref']}: {sorted(set(it['rules']) - known)} not in the profile")
            if it["status"] != "encoded" and not it.get("why"):
                raise ValueError(f"{it['ref']}: a {it['status']} rule without its reason")
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ConfigurationError(f"coverage of {profile.id} is broken: {type(exc).__name__}: {exc}") from exc
    return Coverage(profile.id, raw.get("extract"), items, profile.process_rules)
