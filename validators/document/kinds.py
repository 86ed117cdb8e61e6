"""Which kind a document is (when --kind is not given): every kind collects evidence from the kind name, the
blank, the enacting formula and who enacts it, the act's references to itself («настоящего решения» /
«осы шешімнің»), the protocol's and the letter's parts and the signature, in both languages. The best kind is
applied only when it leads clearly; otherwise the detection says so and the verdict is ``not-checked``.
"""

from __future__ import annotations

import re
from collections import defaultdict

from validators import kinds as registry
from validators.document import patterns as P
from validators.model import Document, KindDetection, KindGuess

# A kind is applied when its confidence reaches this (see ``_confidence``).
CONFIDENT = 0.5
# Score at which a single strong sign (a kind name, an enacting formula) alone is enough.
STRONG = 4.0

AKIMAT = re.compile(r"акимат|әкімдіг|әкімдік", re.I)
AKIM = re.compile(r"\bаким(?!ат)\w*|әкім(?!дік|дігі)\w*", re.I)
STATE_BODY = re.compile(r"управлени|департамент|министерств|комитет|колледж|басқарма|бөлім|министрлі|"
                        r"\bГУ\b|\bКГУ\b|\bКГКП\b|\bММ\b|\bКММ\b|мекеме|учреждени", re.I)
HEAD = re.compile(r"руководител|директор|начальник|басшы|бастығ|министр|председател(?!ь\s+сесси)", re.I)

# enacting formulas → the kind word of the acts they enact (the registry gives the kinds printed with that word);
# a formula in the first person belongs to the akim's own acts
FORMULA_WORDS: tuple[tuple[re.Pattern[str], str | tuple[str, ...]], ...] = (
    (re.compile(r"ПОСТАНОВЛЯЕТ|ҚАУЛЫ\s+ЕТЕДІ"), "ПОСТАНОВЛЕНИЕ"),
    (re.compile(r"ПРИКАЗЫВАЮ|БҰЙЫРАМЫН"), "ПРИКАЗ"),
    (re.compile(r"РЕШАЮ|ШЕШЕМІН|ШЕШІМ\s+ЕТЕМІН|ШЕШІМ\s+ЕТТІ|ШЕШІМ\s+ҚАБЫЛДАЙМЫН"), ("decision",)),
    (re.compile(r"ОБЯЗЫВАЮ|МІНДЕТТЕЙМІН|ПРЕДЛАГАЮ|ҰСЫНАМЫН"), ("order",)),
    (re.compile(r"РЕШИЛ|ШЕШІМ\s+ҚАБЫЛДАДЫ|ШЕШТІ"), "РЕШЕНИЕ"),  # a maslikhat's or an akim's: who enacts decides
)

# the act naming itself in its points («настоящего постановления», «осы қаулының») → its kind word
SELF_REFERENCE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"настоящ\w+\s+постановлени|осы\s+қаулы", re.I), "ПОСТАНОВЛЕНИЕ"),
    (re.compile(r"настоящ\w+\s+решени|осы\s+шешім", re.I), "РЕШЕНИЕ"),
    (re.compile(r"настоящ\w+\s+распоряжени|осы\s+өкім", re.I), "РАСПОРЯЖЕНИЕ"),
    (re.compile(r"настоящ\w+\s+приказ|осы\s+бұйрық", re.I), "ПРИКАЗ"),
)
# every self-reference starts with one of these words: the body is scanned once for them, and each pattern is
# tried only where one stands (the first place it matches there is where searching the body would find it)
_SELF_START = re.compile(r"настоящ|осы", re.I)
assert all(alt.startswith(("настоящ", "осы")) for rx, _ in SELF_REFERENCE for alt in rx.pattern.split("|")), \
    "a SELF_REFERENCE pattern must start with a word of _SELF_START"


def _kinds_of(word: str | tuple[str, ...]) -> tuple[str, ...]:
    return word if isinstance(word, tuple) else P.KIND_WORDS.get(word, ())


def _issued_by(kinds: tuple[str, ...], text: str) -> tuple[str, ...]:
    """Among kinds sharing a word, those whose issuer the text names; the akim names the kinds without an
    issuer of their own (the akimat's acts); none named: all of them."""
    low = text.lower()
    named = tuple(k for k in kinds if any(w in low for w in registry.get(k).issuer))
    if named:
        return named
    if AKIM.search(text) or AKIMAT.search(text):
        plain = tuple(k for k in kinds if not registry.get(k).issuer)
        return plain or kinds
    return kinds


GREETING = re.compile(r"^(Уважаем\w+|Құрметті)\b", re.I)
APPEAL = re.compile(r"^(заявление|обращение|жалоба|өтініш|арыз|шағым)\s*$", re.I)
COMPARISON = re.compile(r"^(сравнительн\w+\s+таблиц|салыстырм\w*\s+кесте)", re.I)


class _Scores:
    def __init__(self) -> None:
        self.score: dict[str, float] = defaultdict(float)
        self.evidence: dict[str, list[str]] = defaultdict(list)

    def add(self, kinds: tuple[str, ...] | str, points: float, why: str) -> None:
        for kind in (kinds,) if isinstance(kinds, str) else kinds:
            self.score[kind] += points
            if why not in self.evidence[kind]:
                self.evidence[kind].append(why)

    def ranked(self) -> list[KindGuess]:
        out = [KindGuess(k, s, self.evidence[k]) for k, s in self.score.items() if s > 0]
        out.sort(key=lambda g: (-g.score, g.kind))
        return out


def _confidence(best: float, second: float) -> float:
    """0..1: how clearly the best kind leads (share of the two best scores), scaled down while the evidence is
    weaker than one strong sign."""
    if best <= 0:
        return 0.0
    return best / (best + second) * min(1.0, best / STRONG)


def _head_text(doc: Document, n: int = 12) -> str:
    texts = [f.text for f in doc.blank] + list(doc.extra.get("headers", []))
    texts += [p.text for p in doc.paragraphs[:n]]
    texts += [c.text for t in doc.tables[:1] for row in t.rows[:6] for c in row]
    return "\n".join(texts)


def _formula_subject(doc: Document) -> str:
    """The words before the enacting formula («Алматинский областной маслихат РЕШИЛ:» → «…маслихат»)."""
    if doc.formula is None:
        return ""
    para = doc.paragraph(doc.formula.paragraph) if doc.formula.paragraph else None
    text = para.full_text if para is not None else doc.formula.text
    at = text.find(doc.formula.text.split()[0]) if doc.formula.text.split() else -1
    before = text[:at] if at > 0 else ""
    if not before.strip() and doc.preamble is not None:
        before = doc.preamble.text
    return before[-120:]


def score_kinds(doc: Document) -> list[KindGuess]:
    """Every kind with evidence for it, best first."""
    s = _Scores()
    word = doc.kind_name.value if doc.kind_name else None
    named = P.KIND_WORDS.get(P.fold(word)) if word else None  # the registry's kinds printed with this word
    head = _head_text(doc)
    if named:
        s.add(named, STRONG if len(named) == 1 else 3, f"kind name «{word}»")
        if len(named) > 1:  # a word shared by kinds: the issuer named on the kind's line or the blank decides
            kind_line = doc.kind_name.text if doc.kind_name else ""
            issuer = _issued_by(named, kind_line + "\n" + head)
            if len(issuer) < len(named):
                s.add(issuer, 2, "the blank names the issuer")
            else:  # no issuer named: the kind of that word that has no issuer of its own
                s.add(tuple(k for k in named if not registry.get(k).issuer), 1, "no other issuer named")
    head_low = head.lower()
    for kind in registry.KINDS:  # issuers named in the blank (a maslikhat), whatever the kind name
        if not (named and kind in named) and any(w in head_low for w in registry.get(kind).issuer):
            s.add(kind, 2, "the blank names its issuer")
    if AKIMAT.search(head):
        s.add("resolution", 1, "blank names an akimat")
    elif AKIM.search(head):
        s.add(("decision", "order"), 1, "blank names an akim")
    if STATE_BODY.search("\n".join(f.text for f in doc.blank)):
        s.add("head-order", 1, "blank names a state body")
    # the enacting formula and who enacts
    if doc.formula is not None:
        for rx, formula_word in FORMULA_WORDS:
            if rx.search(doc.formula.text):
                kinds = _issued_by(_kinds_of(formula_word), _formula_subject(doc))
                s.add(kinds, STRONG if len(kinds) == 1 else 2.5, f"formula «{doc.formula.text}»")
                break
    # the act naming itself
    body = doc.body_text
    starts = [m.start() for m in _SELF_START.finditer(body)]
    for rx, self_word in SELF_REFERENCE:
        if (m := next((found for at in starts if (found := rx.match(body, at)) is not None), None)) is not None:
            s.add(_kinds_of(self_word), 1.5, f"refers to itself as «{m.group(0)}»")
    # the signature
    if doc.signature is not None:
        pos = doc.signature.position
        pos_low = pos.lower()
        issuers = [k for k in registry.KINDS if any(w in pos_low for w in registry.get(k).issuer)]
        if issuers:
            s.add(tuple(issuers), 2, "signed for its issuer")
        elif AKIM.search(pos):
            s.add(("resolution", "decision", "order"), 1, "signed by an akim")
        elif HEAD.search(pos):
            s.add(("head-order", "cover-letter", "incoming-letter"), 1, "signed by a head of a body")
    # protocols
    proto = doc.protocol
    if proto is not None:
        if proto.sections:
            s.add("protocol-full", 3, "СЛУШАЛИ/ТЫҢДАЛДЫ sections")
        elif proto.items:
            s.add("protocol-short", 2, "numbered agenda items")
        if proto.chair or proto.attendees:
            s.add(("protocol-full", "protocol-short"), 1.5, "chair or attendees")
    # comparison tables, appeals
    first = [p.text for p in doc.paragraphs[:10]]
    if any(COMPARISON.match(t) for t in first):
        s.add("comparison-table", STRONG, "titled «сравнительная таблица»")
    if any(APPEAL.match(t.strip()) for t in first):
        s.add("appeal", 3, "titled as an appeal")
    # letters: no formula and no kind name, but an addressee, a greeting, an outgoing number, an executor (an
    # act's letter parts would weigh nothing: they are not read for it)
    is_act = doc.formula is not None or bool(named)
    signs = [] if is_act else _letter_signs(doc, first)
    if signs:
        letter = doc.letter
        points = 1.25 * len(signs)
        if (letter is not None and letter.attachment is not None) or P.SENDS.search(body):
            s.add("cover-letter", points + 1, "letter: " + ", ".join(signs) + ", sends something")
            s.add("incoming-letter", points - 0.5, "letter: " + ", ".join(signs))
        else:
            s.add("incoming-letter", points, "letter: " + ", ".join(signs))
            s.add("cover-letter", points - 1, "letter: " + ", ".join(signs))
    return s.ranked()


def _letter_signs(doc: Document, first: list[str]) -> list[str]:
    """What marks ``doc`` as a letter: its outgoing number, addressee, greeting, executor, request reference."""
    letter = doc.letter
    signs: list[str] = []
    if letter is not None and letter.own_number is not None:
        signs.append("outgoing number")
    if (letter is not None and letter.addressee_block is not None) or any(P.ADDRESSEE.search(t) for t in first[:8]):
        signs.append("addressee")
    if any(GREETING.match(p.text) for p in doc.paragraphs[:15]):
        signs.append("greeting")
    if doc.executor is not None:
        signs.append("executor mark")
    if letter is not None and letter.request is not None:
        signs.append("reference to a request")
    return signs


def detect(doc: Document, given: str | None = None) -> KindDetection:
    """The kind detection of ``doc`` (the caller's ``given`` kind is applied as is, with the evidence)."""
    if doc.format == "pptx":
        kind = given or "presentation"
        return KindDetection(kind=kind, given=given is not None, confidence=1.0, best=KindGuess(kind, STRONG))
    ranked = score_kinds(doc)
    if ranked and ranked[0].kind in ("protocol-full", "protocol-short"):
        if doc.protocol is not None:  # the protocol's form decides between the two
            want = f"protocol-{doc.protocol.form}"
            ranked.sort(key=lambda g: (-(g.score + (0.5 if g.kind == want else 0)), g.kind))
    best = ranked[0] if ranked else None
    second = next((g for g in ranked[1:] if not _same_family(g.kind, best.kind)), None) if best else None
    runner = ranked[1] if len(ranked) > 1 else None
    confidence = _confidence(best.score, second.score if second else 0.0) if best else 0.0
    if given is not None:
        return KindDetection(kind=given, given=True, confidence=confidence, best=best, runner_up=runner,
                             candidates=ranked[:5])
    applied = best.kind if best is not None and confidence >= CONFIDENT else None
    return KindDetection(kind=applied, confidence=confidence, best=best, runner_up=runner, candidates=ranked[:5])


def _same_family(a: str, b: str) -> bool:
    """Protocol forms, and the two letter kinds, differ by form, not by what the document is."""
    fam = {"protocol-full": "protocol", "protocol-short": "protocol", "cover-letter": "letter",
           "incoming-letter": "letter"}
    return fam.get(a, a) == fam.get(b, b)


def detect_kind(doc: Document) -> str | None:
    """The detected kind, or None when no kind leads clearly."""
    return detect(doc).kind
