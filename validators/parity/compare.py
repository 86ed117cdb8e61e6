"""Typed comparisons of an aligned kk/ru pair: what differs between the two texts, as :class:`Difference`.

``align_pair(kk_doc, ru_doc)`` aligns the two unit trees (:class:`ParityResult`); each comparison below takes the
alignment (or the two documents) and the parameters it needs, and lists the differences it finds:

- ``same_language``   the two documents are not one Kazakh and one Russian text
- ``requisites``      the act's date or number (the named fields) differ
- ``missing_units``   a point, sub-point, appendix, table, row, cell or paragraph exists in one language only
- ``moved_units``     a unit stands at a different place in the other language
- ``numbering``       aligned units of the given kinds carry different numbers
- ``list_items``      a point has a different count of list lines
- ``tokens``          the unit's tokens of the given kinds differ (numbers, amounts, percentages, dates, № numbers,
                      references, Latin-script words, e-mails/URLs — see :mod:`validators.parity.tokens`)
- ``length_ratio``    kk/ru length ratio outside the given bounds (a hint, not proof)

The library knows no rule ids: the ``parity.*`` rules (validators/rules/parity.py) each call one comparison
with their own params and turn its differences into findings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from validators.model import Document
from validators.parity import align as al
from validators.parity import tokens as tk
from validators.parity import units as un

if TYPE_CHECKING:
    from validators.texts import Texts

# Bounds of the kk/ru character-length ratio per unit (docs/parity.md, "Calibration"); units shorter than
# MIN_CHARS in either language are not judged. The rule's params (schemas/rules/parity.yaml) say which apply.
RATIO_MIN, RATIO_MAX, MIN_CHARS = 0.6, 1.6, 80
KK_LETTERS = re.compile(r"[әғқңөұүһі]", re.I)
CYRILLIC = re.compile(r"[а-яё]", re.I)
REQUISITE_NAMES = {"date": ("күні", "дата"), "number": ("нөмірі", "номер")}  # (kk, ru) unit labels


@dataclass
class Difference:
    """One difference between the kk and the ru text: the unit in each language and the differing values."""

    a: un.Unit | None  # kk side
    b: un.Unit | None  # ru side
    kk: str = "—"  # the kk value(s) as written
    ru: str = "—"
    detail: str | Texts = ""

    def args(self) -> dict[str, object]:
        return {"kk": self.kk, "ru": self.ru, "unit_kk": self.a.label if self.a else "—",
                "unit_ru": self.b.label if self.b else "—", "detail": self.detail}


@dataclass
class ParityResult:
    """The aligned pair; ``differences`` (by the caller's label, e.g. a rule id) is what a caller found in it."""

    kk: Document
    ru: Document
    root: al.Pair
    differences: dict[str, list[Difference]] = field(default_factory=dict)


def language_of(doc: Document) -> str | None:
    """The document's language: as parsed, else guessed from Kazakh-specific letters."""
    if doc.lang in ("kk", "ru"):
        return doc.lang
    text = doc.body_text or " ".join(t for t, _ in doc.text_blocks())
    letters = len(CYRILLIC.findall(text)) + len(KK_LETTERS.findall(text))
    if not letters:
        return None
    return "kk" if len(KK_LETTERS.findall(text)) / letters > 0.01 else "ru"


def align_pair(kk: Document, ru: Document) -> ParityResult:
    """``kk`` aligned with ``ru`` unit by unit (no comparison yet)."""
    return ParityResult(kk, ru, al.align(un.tree(kk, "kk"), un.tree(ru, "ru")))


def _aligned(parent: al.Pair) -> Iterator[tuple[al.Pair, bool]]:
    """Every pair under ``parent``, depth first, with whether all its siblings are paired in place. The children
    of a unit present in one language only are not visited."""
    clean = all(p.a is not None and p.b is not None and not p.moved for p in parent.children)
    for pair in parent.children:
        yield pair, clean
        if pair.a is not None and pair.b is not None:
            yield from _aligned(pair)


def _both(root: al.Pair) -> Iterator[tuple[un.Unit, un.Unit, al.Pair, bool]]:
    """(kk unit, ru unit, pair, siblings clean) for every pair present in both languages."""
    for pair, clean in _aligned(root):
        if pair.a is not None and pair.b is not None:
            yield pair.a, pair.b, pair, clean


# --- the comparisons ----------------------------------------------------------------------------------------

def same_language(result: ParityResult) -> list[Difference]:
    """Both documents in one language (the language named on both sides)."""
    lk, lr = language_of(result.kk), language_of(result.ru)
    if lk == lr and lk is not None:
        return [Difference(result.root.a, result.root.b, kk=lk, ru=lk)]
    return []


def requisites(kk: Document, ru: Document, fields: Sequence[str] = ("date", "number")) -> list[Difference]:
    """The requisites among ``fields`` (``date``, ``number``) read on both sides that differ; ``detail`` names
    the field. Numbers compare without «№», spaces and the language's letter suffix («81-ө» = «81-р»)."""
    out = []
    for name in fields:
        fa, fb = getattr(kk, name), getattr(ru, name)
        if fa is None or fb is None:
            continue
        va = fa.value if fa.value is not None else fa.text.strip()
        vb = fb.value if fb.value is not None else fb.text.strip()
        if name == "number":
            va, vb = (tk.docnum_value(re.sub(r"[\s№N]", "", str(v))) for v in (va, vb))
        if va != vb:
            label_kk, label_ru = REQUISITE_NAMES[name]
            ua = un.Unit("requisite", None, label_kk, fa.text, un.Location(paragraph=fa.paragraph, excerpt=fa.text), "kk")
            ub = un.Unit("requisite", None, label_ru, fb.text, un.Location(paragraph=fb.paragraph, excerpt=fb.text), "ru")
            out.append(Difference(ua, ub, kk=fa.text.strip(), ru=fb.text.strip(), detail=name))
    return out


def missing_units(root: al.Pair) -> list[Difference]:
    """Units present in one language only (their children are not listed again)."""
    out = []
    for pair, _ in _aligned(root):
        a, b = pair.a, pair.b
        if a is None or b is None:
            there = a or b
            assert there is not None
            shown = there.text or there.location.excerpt or ""  # a row has no text of its own: its cells'
            out.append(Difference(a, b, kk=a.label if a else "—", ru=b.label if b else "—", detail=shown[:120]))
    return out


def moved_units(root: al.Pair) -> list[Difference]:
    """Units paired with a unit at another place in the other language."""
    return [Difference(a, b, kk=a.label, ru=b.label, detail=(a.text or a.location.excerpt or "")[:120])
            for a, b, pair, _ in _both(root) if pair.moved]  # a row has no text of its own: its cells'


def numbering(root: al.Pair, kinds: Collection[str] = ("point", "appendix")) -> list[Difference]:
    """Aligned units of ``kinds`` with different numbers, judged only where all siblings are paired in place
    (a missing or moved sibling shifts the numbers; that is reported once, as such)."""
    return [Difference(a, b, kk=a.label, ru=b.label) for a, b, pair, clean in _both(root)
            if not pair.moved and clean and a.kind in kinds and a.number and b.number and a.number != b.number]


def list_items(root: al.Pair) -> list[Difference]:
    """Aligned points with a different count of list lines."""
    return [Difference(a, b, kk=str(a.items), ru=str(b.items)) for a, b, _, _ in _both(root)
            if a.kind == "point" and a.items != b.items]


def _shown(tokens: Sequence[tk.Token], value_counts: Counter[str]) -> str:
    out = []
    left = Counter(value_counts)
    for t in tokens:
        if left[t.value] > 0:
            out.append(t.show())
            left[t.value] -= 1
    return "; ".join(out) if out else "—"


PER_ONE_KK = re.compile(r"(?<![\d.,])1\s+(?:жыл|ай|күн|апта|сағат|тәулік)", re.I)
PER_ONE_RU = re.compile(r"(?<![\w])(?:за|в|на)\s+(?:год|месяц|день|неделю|сутки|час)(?![\w])", re.I)


def _token_difference(a: un.Unit, b: un.Unit, kinds: Collection[str]) -> Difference | None:
    if a.bag == b.bag:
        return None
    ca = Counter(t.value for t in a.tokens if t.kind in kinds)
    cb = Counter(t.value for t in b.tokens if t.kind in kinds)
    if ca == cb:
        return None
    only_a, only_b = ca - cb, cb - ca
    # a numeral in words («екі жаққа» / «в оба конца») is judged only against numerals in words on the
    # other side; alone it may just be a turn of phrase. It still matches a figure («он күн» / «10 дней»).
    words_a = Counter(t.value for t in a.tokens if t.kind == "numword")
    words_b = Counter(t.value for t in b.tokens if t.kind == "numword")
    if not words_b:
        only_a -= words_a
    if not words_a:
        only_b -= words_b
    # «№ 241» in one language and «241» in the other (a house or registry number) are the same number
    for kind, other in (("docnum", "number"), ("number", "docnum")):
        if kind in kinds and other not in kinds:
            only_a -= Counter(t.value for t in b.tokens if t.kind == other)
            only_b -= Counter(t.value for t in a.tokens if t.kind == other)
    # kk «1 жылға» (for 1 year) is ru «за год»: the «1» has no figure to match
    if only_a.get("1") and not only_b and "number" in kinds:
        per_one = min(len(PER_ONE_KK.findall(a.text)), len(PER_ONE_RU.findall(b.text)))
        only_a -= Counter({"1": per_one})
    if not (only_a or only_b):
        return None
    return Difference(a, b, kk=_shown([t for t in a.tokens if t.kind in kinds], only_a),
                      ru=_shown([t for t in b.tokens if t.kind in kinds], only_b))


def tokens(root: al.Pair, kinds: Collection[str]) -> list[Difference]:
    """Aligned units (not table rows: their cells are compared) whose tokens of ``kinds`` (token kinds of
    :mod:`validators.parity.tokens`: number, numword, percent, date, docnum, ref, latin, email, url) differ as
    multisets; ``kk``/``ru`` show the values found on one side only."""
    out = []
    for a, b, _, _ in _both(root):
        if a.kind != "row":
            diff = _token_difference(a, b, kinds)
            if diff is not None:
                out.append(diff)
    return out


def length_ratio(root: al.Pair, lo: float = RATIO_MIN, hi: float = RATIO_MAX, min_chars: int = MIN_CHARS
                 ) -> list[Difference]:
    """Aligned text units whose kk/ru length ratio falls outside [lo, hi] (both at least ``min_chars`` long)."""
    out = []
    for pair in root.walk():
        a, b = pair.a, pair.b
        if a is None or b is None or a.kind in ("root", "table", "row") or min(a.length, b.length) < min_chars:
            continue
        ratio = a.length / b.length
        if not lo <= ratio <= hi:
            out.append(Difference(a, b, kk=str(a.length), ru=str(b.length), detail=f"{ratio:.2f}"))
    return out
