"""The registry of kinds: ``schemas/kinds.yaml`` read once and checked. Every part of Qujat that needs to know
the kinds — generation, detection, the rule catalog and profiles, the schemas, the HTTP API and the page —
reads them here; none keeps a list of its own.

>>> from validators import kinds
>>> kinds.get("resolution").names["ru"]
'постановление акимата'
>>> kinds.expand(["act", "cover-letter"])
('resolution', 'decision', 'order', 'cover-letter')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from validators import resources
from validators.errors import ConfigurationError, UnknownName
from validators.texts import said

REGISTRY_FILE = resources.SCHEMAS / "kinds.yaml"
ID = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Kind:
    id: str
    names: dict[str, str]  # kk / ru
    group: str | None = None
    generated: bool = False
    template: str | None = None  # file name under templates/<lang>/
    words: tuple[str, ...] = ()  # kind words on the blank, folded (upper case, no spaces)
    issuer: tuple[str, ...] = ()  # lower-case words of the issuing body telling it from kinds sharing a word

    def template_path(self, lang: str) -> Path:
        if self.template is None:
            raise UnknownName(f"kind {self.id!r} is validated only; it has no template",
                              messages=said("kind-not-generated", kind=self.id, known=", ".join(KINDS_GENERATED)))
        return resources.TEMPLATES / lang / self.template

    @property
    def schema_path(self) -> Path:
        return resources.SCHEMAS / f"{self.id}.schema.json"

    @property
    def example_path(self) -> Path:
        return resources.EXAMPLES / f"{self.id}.json"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "names": dict(self.names), "group": self.group, "generated": self.generated}


def _fold(word: str) -> str:
    return re.sub(r"\s+", "", word).upper()


def _read(path: Path) -> tuple[Kind, ...]:
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"the kinds registry {path.name} cannot be read: {exc}") from exc
    entries = data.get("kinds") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ConfigurationError(f"{path.name}: expected a non-empty list under 'kinds'")
    out: list[Kind] = []
    for n, entry in enumerate(entries, 1):
        where = f"{path.name}: kind #{n}"
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not ID.match(entry["id"]):
            raise ConfigurationError(f"{where}: 'id' must be a lower-case id such as resolution")
        where = f"{path.name}: kind {entry['id']}"
        unknown = set(entry) - {"id", "names", "group", "generated", "template", "words", "issuer"}
        if unknown:
            raise ConfigurationError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        names = entry.get("names")
        if not isinstance(names, dict) or not all(isinstance(names.get(lang), str) and names[lang]
                                                  for lang in resources.LANGS):
            raise ConfigurationError(f"{where}: 'names' must give a kk and a ru name")
        group = entry.get("group")
        if group is not None and (not isinstance(group, str) or not ID.match(group)):
            raise ConfigurationError(f"{where}: 'group' must be an id such as act")
        generated = entry.get("generated", False)
        template = entry.get("template")
        if not isinstance(generated, bool) or (generated and not isinstance(template, str)) \
                or (not generated and template is not None):
            raise ConfigurationError(f"{where}: a generated kind names its 'template' file, another kind none")
        lists = {}
        for key in ("words", "issuer"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
                raise ConfigurationError(f"{where}: '{key}' must be a list of words")
            lists[key] = value
        out.append(Kind(id=entry["id"], names={lang: names[lang] for lang in resources.LANGS}, group=group,
                        generated=generated, template=template,
                        words=tuple(_fold(w) for w in lists["words"]),
                        issuer=tuple(w.lower() for w in lists["issuer"])))
    ids = [k.id for k in out]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise ConfigurationError(f"{path.name}: kind(s) listed twice: {', '.join(twice)}")
    clash = sorted({k.group for k in out if k.group} & set(ids))
    if clash:
        raise ConfigurationError(f"{path.name}: group name(s) {', '.join(clash)} are also kind ids")
    return tuple(out)


REGISTRY: dict[str, Kind] = {k.id: k for k in _read(REGISTRY_FILE)}
KINDS: tuple[str, ...] = tuple(REGISTRY)
KINDS_GENERATED: tuple[str, ...] = tuple(k for k, v in REGISTRY.items() if v.generated)
KINDS_VALIDATED_ONLY: tuple[str, ...] = tuple(k for k, v in REGISTRY.items() if not v.generated)
GROUPS: dict[str, tuple[str, ...]] = {}
for _kind in REGISTRY.values():
    if _kind.group:
        GROUPS[_kind.group] = (*GROUPS.get(_kind.group, ()), _kind.id)
# kind word on a blank (folded) → the kinds printed with it, in registry order
WORDS: dict[str, tuple[str, ...]] = {}
for _kind in REGISTRY.values():
    for _word in _kind.words:
        WORDS[_word] = (*WORDS.get(_word, ()), _kind.id)


def get(kind: str) -> Kind:
    try:
        return REGISTRY[kind]
    except KeyError:
        raise UnknownName(f"unknown kind {kind!r}; known: {', '.join(KINDS)}",
                          messages=said("unknown-kind", kind=kind, known=", ".join(KINDS))) from None


def generated(kind: str) -> Kind:
    """The kind, when Qujat generates it (UnknownName otherwise)."""
    found = get(kind)
    if not found.generated:
        raise UnknownName(f"kind {kind!r} is validated only; generated kinds: {', '.join(KINDS_GENERATED)}",
                          messages=said("kind-not-generated", kind=kind, known=", ".join(KINDS_GENERATED)))
    return found


def expand(names: Iterable[str]) -> tuple[str, ...]:
    """Kind ids and group names (as a rule's ``kinds`` lists them) → kind ids, in order, once each; ``*``
    (every kind) is kept as is. An unknown name raises :class:`ConfigurationError`."""
    out: list[str] = []
    for name in names:
        members = GROUPS.get(name) or ((name,) if name in REGISTRY or name == "*" else None)
        if members is None:
            raise ConfigurationError(f"unknown kind or group {name!r}; kinds: {', '.join(KINDS)}; "
                                     f"groups: {', '.join(GROUPS)}")
        out.extend(m for m in members if m not in out)
    return tuple(out)


def info() -> list[dict[str, Any]]:
    """Every kind as data (id, names, group, generated), for the API, the CLI and the page."""
    return [k.to_dict() for k in REGISTRY.values()]
