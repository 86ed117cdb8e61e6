"""Unit-by-unit alignment of two unit trees (kk ↔ ru, or old ↔ new version of one act).

Siblings are aligned by dynamic programming (1-1, 1-0, 0-1, like Gale–Church but scored on shared tokens,
shared loanword stems, numbering and length), so a deleted point does not shift every later pair. Units left
over on both sides that are still alike are then paired as *moved*. Children of every pair are aligned the
same way; table cells are paired by column.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from validators.parity.units import Unit, family

# kk/ru character-length ratio per unit, measured on the corpus (see docs/parity.md, "Calibration"):
# ln(kk/ru) mean over aligned units of 11 real act pairs (-0.023); spread of NTREX sentence pairs (0.168), wider
LOG_RATIO_MEAN = -0.023
LOG_RATIO_SD = 0.17

GAP_COST = 0.55  # leaving a unit unpaired; a pair costs 1 - score (> 0.5: two gaps never beat one pair)
MOVE_THRESHOLD = 0.6  # leftover units this alike are reported as moved, not missing

Scorer = Callable[..., float]  # (a, b, numbering=True) -> 0..1, or -1 when the kinds cannot pair


@dataclass
class Pair:
    """Aligned units: ``a`` (kk, or the old version) and ``b`` (ru, or the new version); one may be None."""

    a: Unit | None
    b: Unit | None
    score: float = 0.0
    moved: bool = False
    children: list[Pair] = field(default_factory=list)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    @property
    def kind(self) -> str:
        return (self.a or self.b).kind  # type: ignore[union-attr]


def _dice(a, b) -> float | None:
    total = (sum(a.values()) + sum(b.values())) if hasattr(a, "values") else len(a) + len(b)
    if not total:
        return None
    common = sum((a & b).values()) if hasattr(a, "values") else len(a & b)
    return 2 * common / total


def length_plausibility(a: Unit, b: Unit, mean: float = LOG_RATIO_MEAN, sd: float = LOG_RATIO_SD) -> float | None:
    if min(a.length, b.length) < 20:
        return None
    z = (math.log(a.length / b.length) - mean) / sd
    return math.exp(-z * z / 2)


def _weighted(features: list[tuple[float, float | None]]) -> float:
    used = [(w, v) for w, v in features if v is not None]
    if not used:
        return 0.5
    return sum(w * v for w, v in used) / sum(w for w, _ in used)


def _numbering(a: Unit, b: Unit) -> float | None:
    if a.number is None or b.number is None:
        return None
    return 1.0 if a.number == b.number else 0.0


def _children(a: Unit, b: Unit) -> float | None:
    na, nb = len(a.children), len(b.children)
    if not (na or nb):
        return None
    return 1 - abs(na - nb) / max(na, nb)


def bilingual_score(a: Unit, b: Unit, numbering: bool = True) -> float:
    """How likely kk unit ``a`` translates ru unit ``b`` (0..1); no dictionary, no model."""
    if family(a.kind) != family(b.kind):
        return -1.0
    if a.kind == "row":
        return _row_score(a, b, numbering)
    return _weighted([
        (0.35, _dice(a.bag, b.bag)),
        (0.2, _dice(a.stems, b.stems) if min(len(a.stems), len(b.stems)) >= 3 else None),
        (0.25, _numbering(a, b) if numbering else None),
        (0.1, length_plausibility(a, b)),
        (0.1, _children(a, b)),
    ])


def _row_score(a: Unit, b: Unit, numbering: bool) -> float:
    """Rows pair by what their cells hold (figures, dates, loanwords and names) more than by their index: a
    row one language lacks (a header row, a total) must not shift every later row."""
    stems = _dice(a.cells_stems, b.cells_stems) if (a.cells_stems or b.cells_stems) else None
    return _weighted([(0.5, _dice(a.cells_bag, b.cells_bag)), (0.3, stems),
                      (0.1, _numbering(a, b) if numbering else None), (0.2, _children(a, b))])


def version_score(a: Unit, b: Unit, numbering: bool = True) -> float:
    """How likely unit ``b`` of a new version is unit ``a`` of the old one, edited (same language)."""
    if family(a.kind) != family(b.kind):
        return -1.0
    wa, wb = a.text.split(), b.text.split()
    text = difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio() if (wa or wb) else None
    return _weighted([(0.6, text), (0.25, _numbering(a, b) if numbering else None), (0.15, _children(a, b))])


BAND = 12  # half-width of the DP band around the diagonal (plus the length difference)
CONFIDENT = 0.5  # a same-place pair this alike is taken without searching alternatives
POSITION_WEIGHT = 0.2  # units at the same relative place among their siblings are likelier pairs


def _positioned(score: float, offset: float) -> float:
    if score < 0:
        return score
    return (1 - POSITION_WEIGHT) * score + POSITION_WEIGHT * max(0.0, 1 - 4 * abs(offset))


def align_siblings(xs: list[Unit], ys: list[Unit], score: Scorer, gap: float = GAP_COST,
                   move_threshold: float = MOVE_THRESHOLD) -> list[Pair]:
    """Monotone alignment of two sibling lists, then leftovers paired as moved.

    The dynamic programme runs in a band around the scaled diagonal (``BAND`` plus the length difference), so
    long lists cost O(n·band), not O(n·m); units outside the band can still pair up as *moved*."""
    n, m = len(xs), len(ys)
    if n == m:  # the usual case: same count, every unit matching its counterpart; no need to search
        diagonal = [score(x, y) for x, y in zip(xs, ys, strict=True)]
        if all(s >= CONFIDENT for s in diagonal):
            straight = [Pair(x, y, s) for x, y, s in zip(xs, ys, diagonal, strict=True)]
            _unpermute_rows(straight, score)
            return straight
    memo: dict[tuple[int, int], float] = {}

    def sim(i: int, j: int) -> float:
        if (i, j) not in memo:
            memo[(i, j)] = _positioned(score(xs[i], ys[j]), (i + 0.5) / n - (j + 0.5) / m)
        return memo[(i, j)]

    band = BAND + abs(n - m)

    def inside(i: int, j: int) -> bool:
        return abs(j - (i * m / n if n else 0)) <= band

    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        lo = max(0, int(i * m / n) - band - 1) if n else 0
        hi = min(m, int(i * m / n) + band + 1) if n else m
        for j in range(lo, hi + 1):
            c = cost[i][j]
            if c == inf or not inside(i, j):
                continue
            if i < n and j < m:
                s = sim(i, j)
                if s >= 0 and c + 1 - s < cost[i + 1][j + 1]:
                    cost[i + 1][j + 1], back[i + 1][j + 1] = c + 1 - s, 3
            if i < n and c + gap < cost[i + 1][j]:
                cost[i + 1][j], back[i + 1][j] = c + gap, 1
            if j < m and c + gap < cost[i][j + 1]:
                cost[i][j + 1], back[i][j + 1] = c + gap, 2
    pairs: list[Pair] = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        if step == 3:
            pairs.append(Pair(xs[i - 1], ys[j - 1], sim(i - 1, j - 1)))
            i, j = i - 1, j - 1
        elif step == 1 or j == 0:
            pairs.append(Pair(xs[i - 1], None))
            i -= 1
        else:
            pairs.append(Pair(None, ys[j - 1]))
            j -= 1
    pairs.reverse()
    _pair_moves(pairs, xs, ys, sim, move_threshold)
    _uncross_swaps(pairs, score)
    _unpermute_rows(pairs, score)
    return pairs


SWAP_MARGIN = 0.2


def _content_evidence(a: Unit, b: Unit) -> bool:
    """Whether the two units hold something to compare beyond their shape: figures, dates, names or
    loanwords (the bag), or enough word stems."""
    if a.kind == "row" or b.kind == "row":
        return bool(a.cells_bag or b.cells_bag) or min(len(a.cells_stems), len(b.cells_stems)) >= 3
    return bool(a.bag or b.bag) or min(len(a.stems), len(b.stems)) >= 3


def _uncross_swaps(pairs: list[Pair], score: Scorer) -> None:
    """Two neighbours whose contents traded places while the labels stayed in order are re-paired crosswise
    as moved (judged on content alone: the labels would say the straight pairing is right)."""
    for p, q in zip(pairs, pairs[1:], strict=False):
        if p.a is None or p.b is None or q.a is None or q.b is None or p.moved or q.moved \
                or p.a.number is None or q.a.number is None or p.a.kind == "row":  # rows: _unpermute_rows
            continue
        if not (_content_evidence(p.a, q.b) and _content_evidence(q.a, p.b)):
            continue  # short lead-ins («Акимам районов и городов:») with no figures or shared words: keep the labels
        straight = score(p.a, p.b, numbering=False) + score(q.a, q.b, numbering=False)
        c1, c2 = score(p.a, q.b, numbering=False), score(q.a, p.b, numbering=False)
        if c1 + c2 > straight + SWAP_MARGIN and min(c1, c2) >= MOVE_THRESHOLD:
            p.b, q.b = q.b, p.b
            p.score, q.score = c1, c2
            p.moved = q.moved = True


MAX_PERMUTED = 10  # rows re-paired at most in one stretch (the search is over its subsets: 2**n · n steps)


ORDINAL_CELL = re.compile(r"^\s*\d{1,3}[.)]?\s*$")


def _figures(u: Unit) -> Counter[tuple[str, str]]:
    """A row's figures, without the running number in its first cell (that stays in order when rows move)."""
    cells = u.children[1:] if u.children and ORDINAL_CELL.match(u.children[0].text) else u.children
    total: Counter[tuple[str, str]] = Counter()
    for c in cells:
        total.update(c.bag)
    return total


def _stem_agreement(a: Unit, b: Unit) -> float:
    return _dice(a.cells_stems, b.cells_stems) or 0.0


def _figure_agreement(a: Unit, b: Unit) -> float:
    return _dice(a.cells_bag, b.cells_bag) or 0.0


def _best_permutation(xs: list[Unit], ys: list[Unit], score: Scorer) -> list[int]:
    """The assignment of ``xs`` to ``ys`` (same count) with the highest total content score: an exact search
    over subsets of ``ys`` (bounded by ``MAX_PERMUTED``)."""
    n = len(xs)
    s = [[max(score(x, y, numbering=False), 0.0) for y in ys] for x in xs]
    best: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}
    for i in range(n):
        nxt: dict[int, tuple[float, list[int]]] = {}
        for mask, (total, chosen) in best.items():
            for j in range(n):
                if mask & (1 << j):
                    continue
                key, value = mask | (1 << j), total + s[i][j]
                if key not in nxt or value > nxt[key][0]:
                    nxt[key] = (value, [*chosen, j])
        best = nxt
    return best[(1 << n) - 1][1]


def _in_order(perm: list[int]) -> set[int]:
    """Indices of a longest run of ``perm`` that keeps its order (those rows did not move)."""
    n = len(perm)
    length, prev = [1] * n, [-1] * n
    for i in range(n):
        for k in range(i):
            if perm[k] < perm[i] and length[k] + 1 > length[i]:
                length[i], prev[i] = length[k] + 1, k
    i = max(range(n), key=lambda k: length[k]) if n else -1
    out: set[int] = set()
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out


def _unpermute_rows(pairs: list[Pair], score: Scorer) -> None:
    """Table rows that traded places (a row moved up or down, rows swapped or rotated) are re-paired with their
    counterparts and marked moved, instead of being compared with the rows now at their place (which would
    report every figure of the stretch as different).

    Bounded and guarded: only a stretch of rows paired in place whose figures differ (at most ``MAX_PERMUTED``
    rows, neighbours that agree included) is searched; the re-pairing is taken only when it agrees better on
    the figures *and* on the words' stems (loanwords, names) than the pairing in place, by ``SWAP_MARGIN``
    in all, and every re-paired row is alike enough (``MOVE_THRESHOLD``, judged without the row numbers) and
    has the same figures as its new counterpart. So rows with the same figures but other words stay paired in
    place, and a changed figure in a row that did not move is still a difference of numbers. Of the re-paired
    rows, those that kept their order among themselves (a longest such run) are not reported as moved: a row
    moved from the top to the bottom is one moved row, not four."""
    if not pairs or pairs[0].kind != "row":
        return
    k = 0
    while k < len(pairs):
        # a stretch: consecutive pairs in place, from one whose figures differ to the last such one close by
        p = pairs[k]
        if p.a is None or p.b is None or p.moved or _figures(p.a) == _figures(p.b):
            k += 1
            continue
        end = k + 1
        last = k
        while end < len(pairs) and end - k < MAX_PERMUTED:
            q = pairs[end]
            if q.a is None or q.b is None or q.moved:
                break
            if _figures(q.a) != _figures(q.b):
                last = end
            elif end - last > 1:
                break
            end += 1
        stretch = pairs[k:last + 1]
        if len(stretch) >= 2:
            _repair_stretch(stretch, score)
        k = last + 1


def _repair_stretch(stretch: list[Pair], score: Scorer) -> None:
    a_units: list[Unit] = [p.a for p in stretch if p.a is not None]  # a stretch holds pairs in place only
    b_units: list[Unit] = [p.b for p in stretch if p.b is not None]
    perm = _best_permutation(a_units, b_units, score)
    changed = [i for i, j in enumerate(perm) if i != j]
    if not changed:
        return
    n = len(perm)
    straight = sum(max(score(a_units[i], b_units[i], numbering=False), 0.0) for i in range(n))
    permuted = sum(max(score(a_units[i], b_units[perm[i]], numbering=False), 0.0) for i in range(n))
    figures_gain = sum(_figure_agreement(a_units[i], b_units[perm[i]]) - _figure_agreement(a_units[i], b_units[i])
                       for i in changed)
    stems_gain = sum(_stem_agreement(a_units[i], b_units[perm[i]]) - _stem_agreement(a_units[i], b_units[i])
                     for i in changed)
    if permuted <= straight + SWAP_MARGIN or figures_gain <= 0 or stems_gain <= 0:
        return
    for i in changed:
        a, b = a_units[i], b_units[perm[i]]
        if not _figures(a) or _figures(a) != _figures(b) or score(a, b, numbering=False) < MOVE_THRESHOLD:
            return
    kept = _in_order(perm)
    for i, p in enumerate(stretch):
        if perm[i] != i:
            p.b = b_units[perm[i]]
            p.score = max(score(a_units[i], p.b, numbering=False), 0.0)
            p.moved = i not in kept or len(kept) < 2


def _pair_moves(pairs: list[Pair], xs: list[Unit], ys: list[Unit], sim: Callable[[int, int], float],
                threshold: float) -> None:
    lone_a = [p for p in pairs if p.b is None]
    lone_b = [p for p in pairs if p.a is None]
    if not (lone_a and lone_b):
        return
    index_x = {id(u): k for k, u in enumerate(xs)}
    index_y = {id(u): k for k, u in enumerate(ys)}
    candidates = sorted(
        ((sim(index_x[id(pa.a)], index_y[id(pb.b)]), ka, kb) for ka, pa in enumerate(lone_a)
         for kb, pb in enumerate(lone_b)), reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    for s, ka, kb in candidates:
        if s < threshold or ka in used_a or kb in used_b:
            continue
        used_a.add(ka)
        used_b.add(kb)
        pa, pb = lone_a[ka], lone_b[kb]
        pa.b, pa.score, pa.moved = pb.b, s, True
        pairs.remove(pb)


def _align_cells(a: Unit, b: Unit, score: Scorer) -> list[Pair]:
    if len(a.children) == len(b.children):
        return [Pair(x, y, max(score(x, y), 0.0)) for x, y in zip(a.children, b.children, strict=True)]
    return align_siblings(a.children, b.children, score)


def align(a: Unit, b: Unit, score: Scorer = bilingual_score) -> Pair:
    """Align two unit trees from their roots down."""
    root = Pair(a, b, 1.0)
    todo = [root]
    while todo:
        pair = todo.pop()
        if pair.a is None or pair.b is None:
            continue
        if pair.kind == "row":
            pair.children = _align_cells(pair.a, pair.b, score)
        elif pair.a.children or pair.b.children:
            pair.children = align_siblings(pair.a.children, pair.b.children, score)
        todo.extend(pair.children)
    return root
