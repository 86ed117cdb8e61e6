"""Rule profiles: one per regulation. A profile folder holds ``profile.yaml`` (identity, settings) and
one YAML file per rule family listing the rules the regulation supports, each with its clause.
The rule catalog (``schemas/rules/*.yaml``) gives each rule its check, kinds, defaults and messages once;
``kinds`` may name a group of the kinds registry (``act``, ``protocol``), expanded here.

Every file is validated when it is loaded: against ``schemas/profile.schema.json`` (``catalog``, ``profile``,
``family``), and each rule's ``params`` — the catalog's defaults and a profile's values — against the
``params_schema`` of its catalog entry (param name → JSON Schema of its value; the params the check reads).
A bad file is refused with :class:`ProfileInvalid`, naming the file, the place in it and the reason in kk/ru/en.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from validators import kinds, resources
from validators.errors import ConfigurationError, UnknownName
from validators.rules.base import Params, Rule
from validators.texts import Texts, said, texts


class ProfileInvalid(ConfigurationError):
    """A profile or rule-catalog file does not match its schema. ``details``: ``file``, ``path`` (JSON path in
    the file); ``messages``: what is wrong, in kk, ru and en (the faces show it in the reader's language)."""

    def __init__(self, file: Path, path: str, reason: Texts):
        name = _shown_path(file)
        text = texts("profile.invalid", file=name, path=path, reason=reason)
        super().__init__(text["en"], details={"file": name, "path": path}, messages=text)


def _shown_path(file: Path) -> str:
    try:
        return str(file.relative_to(resources.ROOT))
    except ValueError:
        return str(file)


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

    @property
    def protocol_words(self) -> dict[str, dict[str, Any]]:
        """The profile's protocol section words (``settings.protocol_words``), for the parser."""
        return dict(self.settings.get("protocol_words") or {})

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


# --- validation at load -------------------------------------------------------------------------------------

@functools.cache
def _definitions() -> dict[str, Any]:
    with (resources.SCHEMAS / "profile.schema.json").open(encoding="utf-8") as fh:
        return dict(json.load(fh)["$defs"])


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    cls = jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _refuse(errors: Any, file: Path, prefix: str = "$") -> None:
    """Raise ProfileInvalid for the most relevant of the schema's ``errors`` (if any)."""
    error = jsonschema.exceptions.best_match(errors)
    if error is not None:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        raise ProfileInvalid(file, prefix + where, _reason(error))


def validate_file(data: Any, definition: str, file: Path) -> None:
    """``data`` (a YAML file's content) against ``$defs/<definition>`` of schemas/profile.schema.json."""
    _refuse(_validator({"$ref": f"#/$defs/{definition}", "$defs": _definitions()}).iter_errors(data), file)


def _show(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False, default=str)
    return shown if len(shown) <= 60 else shown[:57] + "…"


_LIMITS = {"minimum": "≥", "exclusiveMinimum": ">", "maximum": "≤", "exclusiveMaximum": "<",
           "minItems": "≥", "maxItems": "≤", "minLength": "≥", "maxLength": "≤"}


def _reason(error: jsonschema.ValidationError) -> Texts:
    """What is wrong, in kk, ru and en, for the usual schema keywords."""
    kind, value, wanted = error.validator, error.instance, error.validator_value
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
        extra = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        if not allowed and error.schema.get("$comment") == "params":
            return texts("profile.no-params")
        return texts("profile.unknown-key", name=extra[0] if extra else "?", allowed=", ".join(allowed) or "—")
    if kind == "required":
        found = re.match(r"'(.+?)' is a required property", error.message)
        return texts("profile.missing-key", name=found.group(1) if found else error.message)
    if kind == "type":
        names = [wanted] if isinstance(wanted, str) else list(wanted)
        expected = Texts({lang: " / ".join(texts(f"profile.type-{n}")[lang] for n in names) for lang in ("kk", "ru", "en")})
        return texts("profile.wrong-type", value=_show(value), expected=expected)
    if kind in ("enum", "const"):
        allowed = wanted if kind == "enum" else [wanted]
        return texts("profile.not-allowed", value=_show(value), allowed=", ".join(_show(a) for a in allowed))
    if kind in _LIMITS:
        return texts("profile.out-of-range", value=_show(value), limit=f"{_LIMITS[kind]} {wanted}")
    return texts("profile.bad-value", value=_show(value), detail=error.message)


def _plain(value: Any) -> Any:
    """YAML dates as ISO text (a param's value is JSON data)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def params_schema(entry: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of a rule's params: its catalog entry's ``params_schema`` (param → schema of its value);
    nothing else is accepted."""
    return {"$comment": "params", "type": "object", "properties": dict(entry.get("params_schema") or {}),
            "additionalProperties": False}


@functools.cache
def _params_validator(rule_id: str) -> jsonschema.Draft202012Validator:
    return _validator(params_schema(catalog()[rule_id]))


# --- the catalog and the profiles ---------------------------------------------------------------------------

@functools.cache
def catalog() -> dict[str, dict[str, Any]]:
    """All rule definitions by id, from every file in schemas/rules/, validated (ProfileInvalid)."""
    try:
        return _read_catalog()
    except ConfigurationError:
        raise
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ConfigurationError(f"the rule catalog (schemas/rules) is broken: {type(exc).__name__}: {exc}") from exc


def _read_catalog() -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    for path in sorted(resources.RULES.glob("*.yaml")):
        data = _read_yaml(path)
        validate_file(data, "catalog", path)
        for i, entry in enumerate(data.get("rules", [])):
            if entry["id"] in entries:
                raise ValueError(f"rule {entry['id']} defined twice (second time in {path.name})")
            for name, schema in (entry.get("params_schema") or {}).items():
                _refuse(jsonschema.Draft202012Validator(jsonschema.Draft202012Validator.META_SCHEMA)
                        .iter_errors(schema), path, f"$.rules[{i}].params_schema.{name}")
            entry["params"] = _plain(entry.get("params") or {})
            _refuse(_validator(params_schema(entry)).iter_errors(entry["params"]), path, f"$.rules[{i}].params")
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
    validate_file(meta, "profile", folder / "profile.yaml")
    cat = catalog()
    policy = meta.get("severity_policy") or {}
    rules: list[Rule] = []
    process: list[dict[str, Any]] = list(meta.get("process_rules", []))
    for path in sorted(folder.glob("*.yaml")):
        if path.name in ("profile.yaml", "coverage.yaml"):  # identity; coverage of the extract (validators.coverage)
            continue
        doc = _read_yaml(path)
        validate_file(doc, "family", path)
        process.extend(doc.get("process_rules", []))
        for i, entry in enumerate(doc.get("rules", [])):
            base = cat.get(entry["id"])
            if base is None:
                raise ProfileInvalid(path, f"$.rules[{i}].id", texts("profile.unknown-rule", name=entry["id"]))
            own = _plain(entry.get("params") or {})
            _refuse(_params_validator(entry["id"]).iter_errors(own), path, f"$.rules[{i}].params")
            rules.append(
                Rule(
                    id=entry["id"],
                    check=base.get("check", entry["id"]),
                    kinds=list(kinds.expand(entry.get("kinds", base.get("kinds", ["*"])))),
                    formats=list(entry.get("formats", base.get("formats", ["*"]))),
                    severity=_severity(entry, base, policy),
                    params=Params({**base["params"], **own}, declared=base.get("params_schema") or {},
                                  rule=entry["id"]),
                    messages={**base["messages"], **entry.get("messages", {})},
                    title=base.get("title", entry["id"]),
                    clause=str(entry["clause"]),
                    regulation=profile_id,
                    needs_pair=bool(base.get("needs_pair", False)),
                    params_schema=dict(base.get("params_schema") or {}),
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
