"""Per-unit comparison of an aligned kk/ru pair: the parity issues that rules turn into findings.

``compare(kk_doc, ru_doc)`` aligns the two unit trees and returns a :class:`ParityResult`: the alignment and
a list of :class:`Issue` (rule id, the unit in each language, the differing values). Rule ids:

- ``parity.language-pair``  the two documents are not one Kazakh and one Russian text
- ``parity.requisites``     act date or number differ («едиными реквизитами»)
- ``parity.unit-missing``   a point, sub-point, appendix, table, row, cell or paragraph exists in one language only
- ``parity.unit-moved``     a unit stands at a different place in the other language
- ``parity.numbering``      aligned units carry different numbers
- ``parity.list-items``     a unit has a different count of list lines
- ``parity.numbers`` / ``.dates`` / ``.doc-numbers`` / ``.references`` / ``.latin`` / ``.contacts``
                            the unit's numbers and amounts (incl. percentages), dates, № numbers, references to
                            articles/points, Latin-script words, e-mails/URLs differ
- ``parity.length-ratio``   kk/ru length ratio outside the calibrated bounds (a hint, not proof)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from validators.model import Document
from validators.parity import align as al
from validators.parity import tokens as tk
from validators.parity import units as un

TOKEN_RULES = {
    "number": "parity.numbers",
    "numword": "parity.numbers",
    "percent": "parity.numbers",
    "date": "parity.dates",
    "docnum": "parity.doc-numbers",
    "ref": "parity.references",
    "latin": "parity.latin",
    "email": "parity.contacts",
    "url": "parity.contacts",
}
# Bounds of the kk/ru character-length ratio per unit (docs/parity.md, "Calibration"); units shorter than
# MIN_CHARS in either language are not judged.
RATIO_MIN, RATIO_MAX, MIN_CHARS = 0.6, 1.6, 80
KK_LETTERS = re.compile(r"[әғқңөұүһі]", re.I)
CYRILLIC = re.compile(r"[а-яё]", re.I)


@dataclass
class Issue:
    rule: str
    a: un.Unit | None  # kk side
    b: un.Unit | None  # ru side
    kk: str = "—"  # the kk value(s) as written
    ru: str = "—"
    detail: str = ""

    def args(self) -> dict[str, str]:
        return {"kk": self.kk, "ru": self.ru, "unit_kk": self.a.label if self.a else "—",
                "unit_ru": self.b.label if self.b else "—", "detail": self.detail}


@dataclass
class ParityResult:
    kk: Document
    ru: Document
    root: al.Pair
    issues: list[Issue] = field(default_factory=list)

    def by_rule(self) -> Counter[str]:
        return Counter(i.rule for i in self.issues)


def language_of(doc: Document) -> str | None:
    """The document's language: as parsed, else guessed from Kazakh-specific letters."""
    if doc.lang in ("kk", "ru"):
        return doc.lang
    text = doc.body_text or " ".join(t for t, _ in doc.text_blocks())
    letters = len(CYRILLIC.findall(text)) + len(KK_LETTERS.findall(text))
    if not letters:
        return None
    return "kk" if len(KK_LETTERS.findall(text)) / letters > 0.01 else "ru"


def _shown(tokens, value_counts: Counter) -> str:
    out = []
    left = Counter(value_counts)
    for t in tokens:
        if left[t.value] > 0:
            out.append(t.show())
            left[t.value] -= 1
    return "; ".join(out) if out else "—"


def _token_issues(pair: al.Pair) -> list[Issue]:
    a, b = pair.a, pair.b
    issues: list[Issue] = []
    if a is None or b is None or a.bag == b.bag:
        return issues
    for rule in dict.fromkeys(TOKEN_RULES.values()):
        kinds = {k for k, r in TOKEN_RULES.items() if r == rule}
        ca = Counter(t.value for t in a.tokens if t.kind in kinds)
        cb = Counter(t.value for t in b.tokens if t.kind in kinds)
        if ca == cb:
            continue
        only_a, only_b = ca - cb, cb - ca
        # a numeral in words («екі жаққа» / «в оба конца») is judged only against numerals in words on the
        # other side; alone it may just be a turn of phrase. It still matches a figure («он күн» / «10 дней»).
        words_a = Counter(t.value for t in a.tokens if t.kind == "numword")
        words_b = Counter(t.value for t in b.tokens if t.kind == "numword")
        if not words_b:
            only_a -= words_a
        if not words_a:
            only_b -= words_b
        if not (only_a or only_b):
            continue
        issues.append(Issue(rule, a, b,
                            kk=_shown([t for t in a.tokens if t.kind in kinds], only_a),
                            ru=_shown([t for t in b.tokens if t.kind in kinds], only_b)))
    return issues


def _siblings_clean(pairs: list[al.Pair]) -> bool:
    return all(p.a is not None and p.b is not None and not p.moved for p in pairs)


def _compare_pairs(parent: al.Pair, issues: list[Issue]) -> None:
    clean = _siblings_clean(parent.children)
    for pair in parent.children:
        a, b = pair.a, pair.b
        if a is None or b is None:
            there = a or b
            issues.append(Issue("parity.unit-missing", a, b, kk=a.label if a else "—", ru=b.label if b else "—",
                                detail=there.text[:120]))  # type: ignore[union-attr]
            continue
        if pair.moved:
            issues.append(Issue("parity.unit-moved", a, b, kk=a.label, ru=b.label, detail=a.text[:120]))
        elif clean and a.kind in ("point", "appendix") and a.number and b.number and a.number != b.number:
            issues.append(Issue("parity.numbering", a, b, kk=a.label, ru=b.label))
        if a.kind != "row":
            issues.extend(_token_issues(pair))
        if a.kind == "point" and a.items != b.items:
            issues.append(Issue("parity.list-items", a, b, kk=str(a.items), ru=str(b.items)))
        _compare_pairs(pair, issues)


def ratio_issues(root: al.Pair, lo: float = RATIO_MIN, hi: float = RATIO_MAX, min_chars: int = MIN_CHARS
                 ) -> list[Issue]:
    """Aligned text units whose kk/ru length ratio falls outside [lo, hi] (both at least ``min_chars`` long)."""
    issues = []
    for pair in root.walk():
        a, b = pair.a, pair.b
        if a is None or b is None or a.kind in ("root", "table", "row") or min(a.length, b.length) < min_chars:
            continue
        ratio = a.length / b.length
        if not lo <= ratio <= hi:
            issues.append(Issue("parity.length-ratio", a, b, kk=str(a.length), ru=str(b.length), detail=f"{ratio:.2f}"))
    return issues


def _requisite_issues(kk: Document, ru: Document, root: al.Pair) -> list[Issue]:
    issues = []
    for name in ("date", "number"):
        fa, fb = getattr(kk, name), getattr(ru, name)
        if fa is None or fb is None:
            continue
        va = fa.value if fa.value is not None else fa.text.strip()
        vb = fb.value if fb.value is not None else fb.text.strip()
        if name == "number":
            va, vb = (tk.docnum_value(re.sub(r"[\s№N]", "", str(v))) for v in (va, vb))  # «81-ө» = «81-р»
        if va != vb:
            ua = un.Unit("requisite", None, {"date": "күні", "number": "нөмірі"}[name], fa.text,
                         un.Location(paragraph=fa.paragraph, excerpt=fa.text), "kk")
            ub = un.Unit("requisite", None, {"date": "дата", "number": "номер"}[name], fb.text,
                         un.Location(paragraph=fb.paragraph, excerpt=fb.text), "ru")
            issues.append(Issue("parity.requisites", ua, ub, kk=fa.text.strip(), ru=fb.text.strip(), detail=name))
    return issues


def compare(kk: Document, ru: Document) -> ParityResult:
    """Align ``kk`` with ``ru`` and list every parity issue."""
    root = al.align(un.tree(kk, "kk"), un.tree(ru, "ru"))
    result = ParityResult(kk, ru, root)
    lk, lr = language_of(kk), language_of(ru)
    if lk == lr and lk is not None:
        result.issues.append(Issue("parity.language-pair", root.a, root.b, kk=lk, ru=lk))
    result.issues.extend(_requisite_issues(kk, ru, root))
    _compare_pairs(root, result.issues)
    result.issues.extend(ratio_issues(root))
    return result
