"""The rule registry: rules are data (catalog + profile), check functions are code registered by name.

A check function receives a :class:`RuleContext` and yields findings made with ``ctx.finding(...)``.
One function may serve several rule ids (``ctx.rule.id`` tells which); expensive work shared between
rules is cached per document with ``ctx.memo``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from validators.report import Finding, Location, Source
from validators.texts import Texts, fill

if TYPE_CHECKING:
    from validators.model import Document
    from validators.profiles import Profile

CheckFunction = Callable[["RuleContext"], Iterable[Finding]]
CHECKS: dict[str, CheckFunction] = {}


def check_function(*names: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register ``fn`` as the check behind the given rule/check names."""

    def register(fn: CheckFunction) -> CheckFunction:
        for name in names:
            if name in CHECKS and CHECKS[name] is not fn:
                raise ValueError(f"check {name!r} registered twice")
            CHECKS[name] = fn
        return fn

    return register


class UndeclaredParam(LookupError):
    """A check read a param its catalog entry does not declare (``params_schema``): a bug of the check."""


class Params(dict[str, Any]):
    """A rule's params: the catalog's defaults with the profile's values, validated at load against the entry's
    ``params_schema``. Reading a param the entry does not declare raises :class:`UndeclaredParam`, so what a
    check reads is always declared (and so typed and checked at load)."""

    def __init__(self, values: dict[str, Any], declared: Iterable[str] = (), rule: str = ""):
        super().__init__(values)
        self.declared = frozenset(declared)
        self.rule = rule

    def _known(self, name: str) -> None:
        if name not in self.declared:
            raise UndeclaredParam(f"rule {self.rule}: its check reads the param {name!r}, which the catalog entry "
                                  f"does not declare in params_schema")

    def __getitem__(self, name: str) -> Any:
        self._known(name)
        return super().__getitem__(name)

    def get(self, name: str, default: Any = None) -> Any:
        self._known(name)
        return super().get(name, default)


@dataclass
class Rule:
    """One rule as a profile enables it: catalog entry merged with the profile's citation and overrides."""

    id: str
    check: str
    kinds: list[str]  # ["*"] = every kind
    severity: str
    params: dict[str, Any]  # a Params when loaded from a profile
    messages: dict[str, str]  # kk/ru/en templates, str.format fields from params and finding args
    title: str
    clause: str  # citation within the profile's regulation, e.g. "п. 79 (L406)"
    regulation: str  # profile id
    formats: list[str] = field(default_factory=lambda: ["*"])  # docx/pdf/pptx or "*"
    needs_pair: bool = False
    params_schema: dict[str, Any] = field(default_factory=dict)  # param → JSON Schema (catalog)
    needs_related: bool = False  # runs only with a related document (an appendix, the letter answered, a справка)
    names: dict[str, str] = field(default_factory=dict)  # short kk/ru/en name (en: the title), for charts

    def name(self, lang: str) -> str:
        """The rule's short name in ``lang`` (its id when the catalog gives none)."""
        return self.names.get(lang) or self.names.get("ru") or self.id

    def applies_to(self, kind: str | None, fmt: str, has_pair: bool, has_related: bool = False) -> bool:
        if (self.needs_pair and not has_pair) or (self.needs_related and not has_related):
            return False
        if "*" not in self.formats and fmt not in self.formats:
            return False
        if "*" in self.kinds:
            return True
        return kind is not None and kind in self.kinds

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "names": self.names,
            "kinds": self.kinds,
            "formats": self.formats,
            "severity": self.severity,
            "params": self.params,
            "params_schema": self.params_schema,
            "source": {"regulation": self.regulation, "clause": self.clause},
            "messages": self.messages,
        }


def format_message(template: str, values: dict[str, Any], lang: str = "en") -> str:
    """The template in ``lang`` with its arguments; a missing argument raises texts.MissingArgument."""
    return fill(template, values, lang)


def _with_lang_keys(args: dict[str, Any]) -> dict[str, Any]:
    """Texts arguments also as ``name_kk``/``name_ru``/``name_en`` (for catalog messages written that way)."""
    out = dict(args)
    for name, value in args.items():
        if isinstance(value, Texts):
            for lang, text in value.items():
                out.setdefault(f"{name}_{lang}", text)
    return out


@dataclass
class RuleContext:
    doc: Document
    rule: Rule
    profile: Profile
    env: Any  # validators.engine.CheckEnv: options, office pool, speller, caches
    pair: Document | None = None  # the other-language version (parity rules)
    related: Document | None = None  # a related document of another kind (pair rules, ``needs_related``)

    @property
    def params(self) -> dict[str, Any]:
        return self.rule.params

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        return self.env.memo(self.doc, key, compute)

    def finding(self, location: Location | None = None, **args: Any) -> Finding:
        """A finding of this rule at ``location``; ``args`` fill its messages (``severity=`` overrides the
        rule's)."""
        severity: str | None = args.pop("severity", None)
        values = _with_lang_keys({**self.rule.params, **args})
        return Finding(
            rule=self.rule.id,
            severity=severity or self.rule.severity,  # type: ignore[arg-type]
            message={lang: format_message(t, values, lang) for lang, t in self.rule.messages.items()},
            location=location or Location(),
            source=Source(regulation=self.rule.regulation, clause=self.rule.clause,
                          citation=self.profile.citation(self.rule.clause)),
        )
