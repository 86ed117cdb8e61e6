"""Rule profiles: one per regulation. A profile folder holds ``profile.yaml`` (identity, settings) and
one YAML file per rule family listing the rules the regulation supports, each with its clause.
The rule catalog (``schemas/rules/*.yaml``) gives each rule its check, kinds, defaults and messages once;
``kinds`` may name a group of the kinds registry (``act``, ``protocol``), expanded here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from validators import kinds, resources
from validators.errors import ConfigurationError, UnknownName
from validators.rules.base import Rule
from validators.texts import said


@dataclass
class Profile:
    id: str
    title: dict[str, str]
    regulation: dict[str, Any]
    settings: dict[str, Any]
    rules: list[Rule] = field(default_factory=list)
    process_rules: list[dict[str, Any]] = field(default_factory=list)  # listed, not checkable on a document
    severity_policy: dict[str, Any] = field(default_factory=dict)  # return grounds: any / closed / none, basis

    def citation(self, clause: str) -> dict[str, str]:
        """The regulation's name and ``clause`` for people, in kk, ru and en (validators.citation)."""
        from validators.citation import citation

        cache = self.__dict__.setdefault("_citations", {})
        if clause not in cache:
            cache[clause] = citation(self.title, clause)
        return cache[clause]

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def to_dict(self, with_rules: bool = False) -> dict:
        d = {"id": self.id, "title": self.title, "regulation": self.regulation, "settings": self.settings,
             "severity_policy": self.severity_policy, "rules": len(self.rules)}
        if with_rules:
            d["rules"] = [r.to_dict() for r in self.rules]
            d["process_rules"] = self.process_rules
        return d


def _read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


@functools.cache
def catalog() -> dict[str, dict[str, Any]]:
    """All rule definitions by id, from every file in schemas/rules/."""
    try:
        return _read_catalog()
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ConfigurationError(f"the rule catalog (schemas/rules) is broken: {type(exc).__name__}: {exc}") from exc


def _read_catalog() -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    for path in sorted(resources.RULES.glob("*.yaml")):
        for entry in _read_yaml(path).get("rules", []):
            if entry["id"] in entries:
                raise ValueError(f"rule {entry['id']} defined twice (second time in {path.name})")
            entries[entry["id"]] = entry
    return entries


def available() -> list[str]:
    return sorted(p.name for p in resources.PROFILES.iterdir() if (p / "profile.yaml").is_file())


@functools.cache
def load(profile_id: str | None = None) -> Profile:
    """The profile with its rules; UnknownName for an id that is not a profile folder, ConfigurationError when
    its files are broken."""
    profile_id = profile_id or resources.DEFAULT_PROFILE
    if profile_id not in available():
        raise UnknownName(f"unknown profile {profile_id!r}; known: {', '.join(available())}",
                          messages=said("unknown-profile", profile=profile_id, known=", ".join(available())))
    try:
        return _read_profile(profile_id)
    except ConfigurationError:
        raise
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ConfigurationError(f"profile {profile_id} is broken: {type(exc).__name__}: {exc}") from exc


def _severity(entry: dict[str, Any], base: dict[str, Any], policy: dict[str, Any]) -> str:
    """The rule's severity under the profile's policy (docs/validation.md, «Severity per regulation»).

    An explicit ``severity`` in the profile entry wins. Where the regulation lets the office return a draft on
    any grounds (``return_grounds: any``), a requirement it states is an error, except the rules the policy names
    as style or heuristics (``not_requirements``), which keep the catalog's severity. Under a closed list of
    grounds (``closed``) the catalog's severity stands: it is an error only for what the list names.
    """
    if "severity" in entry:
        return str(entry["severity"])
    default = str(base.get("severity", "warning"))
    if policy.get("return_grounds") == "any" and entry["id"] not in set(policy.get("not_requirements", [])):
        return "error"
    return default


def _read_profile(profile_id: str) -> Profile:
    folder = resources.PROFILES / profile_id
    meta = _read_yaml(folder / "profile.yaml")
    cat = catalog()
    policy = meta.get("severity_policy") or {}
    rules: list[Rule] = []
    process: list[dict[str, Any]] = list(meta.get("process_rules", []))
    for path in sorted(folder.glob("*.yaml")):
        if path.name in ("profile.yaml", "coverage.yaml"):  # identity; coverage of the extract (validators.coverage)
            continue
        doc = _read_yaml(path)
        process.extend(doc.get("process_rules", []))
        for entry in doc.get("rules", []):
            base = cat.get(entry["id"])
            if base is None:
                raise ValueError(f"{profile_id}/{path.name}: rule {entry['id']} is not in the catalog")
            rules.append(
                Rule(
                    id=entry["id"],
                    check=base.get("check", entry["id"]),
                    kinds=list(kinds.expand(entry.get("kinds", base.get("kinds", ["*"])))),
                    formats=list(entry.get("formats", base.get("formats", ["*"]))),
                    severity=_severity(entry, base, policy),
                    params={**base.get("params", {}), **entry.get("params", {})},
                    messages={**base["messages"], **entry.get("messages", {})},
                    title=base.get("title", entry["id"]),
                    clause=str(entry["clause"]),
                    regulation=profile_id,
                    needs_pair=bool(base.get("needs_pair", False)),
                    needs_related=bool(base.get("needs_related", False)),
                    names={**base.get("names", {}), "en": str(base.get("title", entry["id"]))},
                )
            )
    return Profile(
        id=profile_id,
        title=meta.get("title", {}),
        regulation=meta.get("regulation", {}),
        settings=meta.get("settings", {}),
        rules=rules,
        process_rules=process,
        severity_policy=policy,
    )
