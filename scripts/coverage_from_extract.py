"""Build schemas/profiles/<id>/coverage.yaml from a requirement extract's table of checkable rules.

    python scripts/coverage_from_extract.py EXTRACT.md PROFILE [--prefix 002]

Reads every table row of the extract's «Checkable rules» section (rule id, what, source lines, kind/severity),
and classifies it against the profile: ``encoded`` when a rule of the profile cites one of its lines, ``process``
when it needs workflow data (kind M) or a process rule cites its lines, else ``missing`` with the reason from its
kind (X = needs two documents, H = heuristic, …). The match by cited line is mechanical (``matched: lines``);
an entry edited by hand gets ``matched: reviewed`` and is kept when the script runs again.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from validators import profiles  # noqa: E402

LINE = re.compile(r"L(\d+)(?:\s*[–-]\s*L?(\d+))?")
PREFIXED = re.compile(r"(\d{3}):(\d+)(?:\s*[–-]\s*(?:\d{3}:)?(\d+))?")
PROFILE_CODES = {"Z11": "zhezkazgan-2011", "A14": "almaty-city-2014", "M20": "appeals-model-2020"}
PREFIX_OF = {"zhezkazgan-2011": "000", "almaty-city-2014": "002", "appeals-model-2020": "003"}
WHY_MISSING = {
    "X": "needs two documents (a kk/ru pair, an act and its appendix, a letter and the act it answers): not encoded as a pair or batch rule yet",
    "H": "a heuristic over the text the extract proposes: not encoded yet",
    "F": "a file property: not encoded yet",
    "S": "a structure or layout check: not encoded yet",
    "T": "a text check: not encoded yet",
}
PROCESS_WORDS = re.compile(r"\b(?:submitted|WD before|wd before|working days? (?:before|after)|within|approv\w*|visas?|"
                           r"registered|register|sent|dispatch\w*|deadlines?|terms?|EDM|СЭДО|ОДО|reception|hours)\b", re.IGNORECASE)


def spans(text: str, prefix: str | None) -> list[tuple[int, int]]:
    if prefix:
        return [(int(m.group(2)), int(m.group(3) or m.group(2))) for m in PREFIXED.finditer(text)
                if m.group(1) == prefix]
    return [(int(m.group(1)), int(m.group(2) or m.group(1))) for m in LINE.finditer(text)]


def overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(x1 <= y2 and y1 <= x2 for x1, x2 in a for y1, y2 in b)


def rows(extract: str, profile: str) -> list[dict]:
    text = Path(extract).read_text(encoding="utf-8")
    start = re.search(r"^##\s+(?:\d+\.|[A-Z]\.)\s+Checkable rules.*$", text, re.MULTILINE)
    if start is None:
        raise SystemExit(f"{extract}: no «Checkable rules» section")
    body = text[start.end():]
    end = re.search(r"^## ", body, re.MULTILINE)
    body = body[:end.start()] if end else body
    header: list[str] = []
    out = []
    for line in body.splitlines():
        if not line.startswith("|") or set(line.replace("|", "").strip()) <= {"-", " "}:
            continue
        cells = [c.strip().replace("\x00", "|") for c in line.replace("\\|", "\x00").strip().strip("|").split("|")]
        if any(c.lower() in ("condition", "condition (machine-checkable)") for c in cells):
            header = [c.lower() for c in cells]
            continue
        if not header or len(cells) < len(header):
            continue
        row = dict(zip(header, cells, strict=False))
        rid = row.get("rule id") or row.get("id") or ""
        if not rid:
            continue
        codes = row.get("profile")
        if codes and PROFILE_CODES and not any(PROFILE_CODES.get(c.strip()) == profile for c in codes.split(",")):
            continue
        kind_sev = row.get("kind/sev", "")
        kind = kind_sev.split("/")[0].strip() if kind_sev else ""
        out.append({"ref": rid, "what": re.sub(r"\*\*|`", "", row.get("condition") or row.get("condition (machine-checkable)", ""))[:200],
                    "source": row.get("source", ""), "kind": kind})
    return out


def classify(items: list[dict], profile_id: str, prefix: str | None) -> list[dict]:
    profile = profiles.load(profile_id)
    rule_spans = [(r.id, spans(r.clause, None)) for r in profile.rules]
    process_spans = [(p["id"], spans(str(p["clause"]), None)) for p in profile.process_rules]
    out = []
    for it in items:
        lines = spans(it["source"], prefix)
        entry: dict = {"ref": it["ref"], "what": it["what"], "lines": [f"L{a}" + (f"–L{b}" if b != a else "") for a, b in lines],
                       "matched": "lines"}
        encoded = sorted({rid for rid, sp in rule_spans if overlaps(lines, sp)})
        process = sorted({pid for pid, sp in process_spans if overlaps(lines, sp)})
        workflow = it["kind"].startswith("M") or (not it["kind"] and bool(PROCESS_WORDS.search(it["what"])))
        if workflow:
            entry.update(status="process", rules=process,
                         why="needs workflow data (submission and approval dates, visas, registers of the EDMS), not in the document")
        elif encoded:
            entry.update(status="encoded", rules=encoded)
        elif process:
            entry.update(status="process", rules=process, why="listed as a process rule of the profile")
        else:
            entry.update(status="missing", why=WHY_MISSING.get(it["kind"][:1], "not encoded yet"))
        out.append(entry)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("extract")
    ap.add_argument("profile")
    ap.add_argument("--prefix", help="line prefix of this regulation in a multi-regulation extract (000, 002, 003)")
    args = ap.parse_args()
    prefix = args.prefix or PREFIX_OF.get(args.profile)
    target = ROOT / "schemas" / "profiles" / args.profile / "coverage.yaml"
    kept = {}
    if target.exists():
        old = yaml.safe_load(target.read_text(encoding="utf-8")) or {}
        kept = {e["ref"]: e for e in old.get("items", []) if e.get("matched") == "reviewed"}
    items = [kept.get(e["ref"], e) for e in classify(rows(args.extract, args.profile), args.profile, prefix)]
    doc = {"extract": Path(args.extract).name, "items": items}
    header = ("# Coverage of the requirement extract's checkable rules by this profile (qujat rules --profile P --coverage).\n"
              "# Built by scripts/coverage_from_extract.py; «matched: lines» = a profile rule cites one of the row's lines,\n"
              "# «matched: reviewed» = checked by hand (kept when the script runs again).\n")
    target.write_text(header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    counts: dict[str, int] = {}
    for e in items:
        counts[e["status"]] = counts.get(e["status"], 0) + 1
    print(args.profile, len(items), counts)


if __name__ == "__main__":
    main()
