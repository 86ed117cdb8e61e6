"""Evaluation on real documents through the user's path: type each published text into Word files the way
people make them, run the real ``qujat check`` and ``qujat parity`` CLI on them, and report what a user sees.

    .venv/bin/python scripts/eval_real.py evaluation/real ../shared/corpus/kk_ru_pairs \
        [--styles plain,tables,formatted] [--split tuning|tuning-2|held-out-3|corpus|all] [--keep OUT_DIR] [--json OUT.json]

Corpus folders (any number):
- a folder of ``*.txt`` in the format of ``evaluation/real`` (``# key: value`` header lines, then the text; see
  ``evaluation/real/SOURCES.md``);
- a folder with act folders holding ``kaz.md`` / ``rus.md`` (and perhaps ``meta.yaml``), like the shared
  corpus ``kk_ru_pairs``. Those texts are typed as published (title, text, signature, appendices); when no
  ``meta.yaml`` gives the act's date and number, findings of the header rules (kind name, date, number, place)
  are counted apart, as «header not in the source», not as errors of the act.

Each text is typed in three styles with python-docx:
- ``plain``: every line a paragraph, the signature's position and name on two lines;
- ``tables``: the bilingual blank, the date/number and the signature in borderless tables, the appendix
  header in the right cell of a table;
- ``formatted``: bold centred blank, kind name and title, «date⇥№ number» and «position⇥name» on one line with
  a right tab stop, the appendix header right-aligned;
- ``pdf`` (only when asked): the ``formatted`` file printed to PDF by LibreOffice, with its text layer («Save as
  PDF»); checked and compared (``qujat parity`` on the two PDFs) like the Word files; ``pdf-tables``: the same
  with the ``tables`` file (blank, date and signature in borderless tables: two-column lines on the page);
- ``scanned`` (only when asked, slow): the ``formatted`` file printed to PDF by LibreOffice and rasterised at
  200 dpi into an image-only PDF, as a scanner gives it; ``qujat check`` reads it through OCR. No parity run.

Every error finding is matched against ``genuine.yaml`` next to the texts (defects of the published act, with
the reason); the others are ours and are what the totals call false errors. Output: per document the kind found,
the verdict and each error with its place; then kind accuracy, error findings per document (genuine / ours) and
parity errors per pair, by style and by split. Exit 0 always (it is a measurement), 2 on unusable arguments.
"""

from __future__ import annotations

import argparse
import html as htmlmod
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from docx import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt

STYLES = ("plain", "tables", "formatted")
# the formatted file printed to PDF by LibreOffice (text layer: «pdf»), and that PDF rasterised (OCR's path)
EXTRA_STYLES = ("pdf", "pdf-tables", "scanned")
HEADER_RULES = {"requisite.kind-name", "requisite.date", "requisite.registration-number", "requisite.place",
                "requisite.order", "parity.requisites"}
MERGE = object()  # a cell covered by the previous one (colspan)
LANGS = {"kaz": "kk", "rus": "ru", "kk": "kk", "ru": "ru"}
MONTHS_RU = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
             "ноября", "декабря"]
NAME_RE = re.compile(r"^[_\s]*(?:[А-ЯЁӘҒҚҢӨҰҮҺІ]\.\s?){1,2}\s?[А-ЯЁӘҒҚҢӨҰҮҺІ][А-ЯЁӘҒҚҢӨҰҮҺІа-яёәғқңөұүһі-]+$")


@dataclass
class Text:
    """One published text, with what is known of its header and the kind it is."""

    id: str
    lang: str
    kind: str | None
    header: dict[str, str]
    lines: list[tuple[str, object]]  # (tag, text | row): TITLE, P, SIGN (pos, name), APPX, HEAD, ROW
    split: str
    source: str
    pair: str | None = None  # id + lang of the other language
    key: str = ""
    header_known: bool = True

    def __post_init__(self) -> None:
        self.key = f"{self.id}.{self.lang}"


# ---------------------------------------------------------------------------------------------- loading
def parse_row(line: str) -> list[object]:
    raw = line.strip()[1:].split("|")
    cells: list[object] = []
    for i, cell in enumerate(raw):
        if cell == "" and i < len(raw) - 1 and cells:
            cells.append(MERGE)
        else:
            cells.append(cell.strip())
    if line.rstrip().endswith("||") and cells:
        cells.pop()  # «… | 151-00 ||»: the last cell spans into the next column; no empty cell after it
    return cells


def load_txt(path: Path, default_split: str) -> Text:
    header: dict[str, str] = {}
    lines: list[tuple[str, object]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("# ") and ":" in raw and not lines:
            k, v = raw[2:].split(":", 1)
            header[k.strip()] = v.strip()
            continue
        if not raw.strip():
            continue
        for tag in ("TITLE", "SIGN", "APPX", "HEAD"):
            if raw.startswith(tag + ":"):
                body = raw[len(tag) + 1:].strip()
                if tag == "SIGN":
                    pos, _, name = body.partition("|")
                    lines.append(("SIGN", (pos.strip(), name.strip())))
                else:
                    lines.append((tag, body))
                break
        else:
            lines.append(("ROW", parse_row(raw)) if raw.startswith("|") else ("P", raw.strip()))
    return Text(id=header["id"], lang=header["lang"], kind=header.get("kind"),
                header={k: header[k] for k in ("blank", "kind_name", "date", "number", "place") if k in header},
                lines=lines, split=header.get("split", default_split), source=str(path),
                pair=header["id"] if header.get("pair") else None)


_CELL = re.compile(r"<(td|th)([^>]*)>(.*?)</\1>", re.S)
_EDITORIAL = re.compile(r"Сноска|Ескерту|Примечание|РҚАО|РЦПИ|ескертпесі", re.I)
MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")  # «1\. Утвердить» is «1. Утвердить» as published


def md_table(block: str) -> list[list[object]]:
    rows: list[list[object]] = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    for tr in re.findall(r"<tr>(.*?)</tr>", block, re.S):
        row: list[object] = []
        col = 0
        for _tag, attrs, inner in _CELL.findall(tr):
            while pending.get(col, 0) > 0:
                row.append("")
                pending[col] -= 1
                col += 1
            text = htmlmod.unescape(re.sub(r"<[^>]+>", " ", inner))
            row.append(" ".join(text.split()))
            span = int(m.group(1)) if (m := re.search(r'colspan="(\d+)"', attrs)) else 1
            rspan = int(m.group(1)) if (m := re.search(r'rowspan="(\d+)"', attrs)) else 1
            if rspan > 1:
                pending[col] = rspan - 1
            row.extend([MERGE] * (span - 1))
            col += span
        while pending.get(col, 0) > 0:
            row.append("")
            pending[col] -= 1
            col += 1
        rows.append(row)
    return rows


def load_md(path: Path, meta: dict, default_kind: str | None) -> Text:
    lang = LANGS[path.stem]
    text = path.read_text(encoding="utf-8")
    lines: list[tuple[str, object]] = []
    position: list[str] = []
    in_appendix = False
    for block in re.split(r"(<table>.*?</table>)", text, flags=re.S):
        if block.startswith("<table>"):
            lines.extend(("ROW", r) for r in md_table(block))
            continue
        for raw in block.splitlines():
            s = MD_ESCAPE.sub(r"\1", raw.strip())
            if not s or s.startswith("<a id=") or s.startswith("```"):
                continue
            if s.startswith(">"):
                inner = s.lstrip("> ").strip().strip("*").strip()
                if not inner or _EDITORIAL.search(inner[:40]):
                    continue
                lines.append(("APPX", inner))
                in_appendix = True
                continue
            if s.startswith("#"):
                heading = s.lstrip("#").strip()
                lines.append(("HEAD" if in_appendix or any(t == "TITLE" for t, _ in lines) else "TITLE", heading))
                continue
            bold = re.fullmatch(r"\*\*(.+)\*\*", s)
            if bold:
                item = bold.group(1).strip()
                if NAME_RE.match(item) and position:
                    lines.append(("SIGN", (" ".join(position), item.lstrip("_ ").strip())))
                    position = []
                else:
                    position.append(item)
                continue
            if position:
                lines.extend(("P", p) for p in position)
                position = []
            lines.append(("P", s.strip("*").strip()))
    lines.extend(("P", p) for p in position)
    header: dict[str, str] = {}
    req = str(meta.get("requisite") or "")
    m = re.search(r"от (\d{1,2}) (\w+) (\d{4}) года (?:за )?№ ?([\w/-]+)", req)
    if m and m.group(2) in MONTHS_RU:
        header = {"date": f"{m.group(1)} {m.group(2)} {m.group(3)} года", "number": f"№ {m.group(4)}"}
        if lang == "kk":
            kk_months = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек",
                         "қазан", "қараша", "желтоқсан"]
            header["date"] = f"{m.group(3)} жылғы {m.group(1)} {kk_months[MONTHS_RU.index(m.group(2))]}"
    kind = default_kind
    if meta.get("form") == "РЕШ":
        kind = "maslikhat-decision" if "маслихат" in req.lower() else "decision"
    elif meta.get("form") == "ПОСТ":
        kind = "resolution"
    act = path.parent.name
    other = "rus" if path.stem == "kaz" else "kaz"
    return Text(id=f"{path.parent.parent.name}/{act}", lang=lang, kind=kind, header=header, lines=lines,
                split="corpus", source=str(path),
                pair=f"{path.parent.parent.name}/{act}" if (path.parent / f"{other}.md").is_file() else None,
                header_known=bool(header))


def load_corpus(folder: Path, default_kind: str | None) -> list[Text]:
    out: list[Text] = []
    txts = sorted(folder.glob("*.txt"))
    if txts:
        return [load_txt(p, "tuning") for p in txts]
    for md in sorted(folder.rglob("*.md")):
        if md.stem not in ("kaz", "rus"):
            continue
        meta_path = md.parent / "meta.yaml"
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        out.append(load_md(md, meta or {}, default_kind))
    return out


# ---------------------------------------------------------------------------------------------- typing
def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _para(doc, text: str, align=None, bold: bool = False, tab: bool = False):
    p = doc.add_paragraph()
    if tab:
        p.paragraph_format.tab_stops.add_tab_stop(Cm(16.5), WD_TAB_ALIGNMENT.RIGHT)
    run = p.add_run(text)
    run.bold = bold
    if align is not None:
        p.alignment = align
    return p


def _table(doc, rows: list[list[object]], borders: bool = True) -> None:
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    if borders:
        table.style = "Table Grid"
    else:
        _no_borders(table)
    for r, row in enumerate(rows):
        c = 0
        while c < width:
            value = row[c] if c < len(row) else ""
            if value is MERGE:
                c += 1
                continue
            end = c
            while end + 1 < len(row) and row[end + 1] is MERGE:
                end += 1
            cell = table.cell(r, c)
            if end > c:
                cell = cell.merge(table.cell(r, end))
            cell.text = str(value)
            c = end + 1


def type_docx(t: Text, style: str, other: Text | None, out: Path) -> None:
    doc = Docx()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    h = t.header
    center, right, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY
    if h.get("blank"):
        if style == "tables":
            blanks = {t.lang: h["blank"]}
            if other and other.header.get("blank"):
                blanks[other.lang] = other.header["blank"]
            cells = [blanks[k] for k in ("kk", "ru") if k in blanks]
            _table(doc, [cells], borders=False)
        else:
            _para(doc, h["blank"], center if style == "formatted" else None, bold=style == "formatted")
    if h.get("kind_name"):
        _para(doc, h["kind_name"], center if style == "formatted" else None, bold=style == "formatted")
    if h.get("date") or h.get("number"):
        if style == "tables":
            _table(doc, [[h.get("date", ""), h.get("number", "")]], borders=False)
        elif style == "formatted":
            _para(doc, f"{h.get('date', '')}\t{h.get('number', '')}", tab=True)
        else:
            _para(doc, f"{h.get('date', '')} {h.get('number', '')}".strip())
    if h.get("place"):
        _para(doc, h["place"], center if style == "formatted" else None)
    rows: list[list[object]] = []
    appx: list[str] = []
    signs: list[tuple[str, str]] = []

    def flush() -> None:
        if rows:
            _table(doc, list(rows))
            rows.clear()
        if appx:
            if style == "tables":
                _table(doc, [["", "\n".join(appx)]], borders=False)
            else:
                for a in appx:
                    _para(doc, a, right if style == "formatted" else None)
            appx.clear()
        if signs:
            if style == "tables":
                _table(doc, [[pos, name] for pos, name in signs], borders=False)
            else:
                for pos, name in signs:
                    if style == "formatted":
                        _para(doc, f"{pos}\t{name}", bold=True, tab=True)
                    else:
                        _para(doc, pos)
                        if name:
                            _para(doc, name)
            signs.clear()

    for tag, value in t.lines:
        if tag != "ROW" and rows:
            flush()
        if tag != "APPX" and appx:
            flush()
        if tag != "SIGN" and signs:
            flush()
        if tag == "ROW":
            rows.append(list(value))  # type: ignore[arg-type]
        elif tag == "APPX":
            appx.append(str(value))
        elif tag == "SIGN":
            signs.append(value)  # type: ignore[arg-type]
        elif tag in ("TITLE", "HEAD"):
            _para(doc, str(value), center if style == "formatted" and tag == "HEAD" else None,
                  bold=style == "formatted")
        else:
            _para(doc, str(value), justify if style == "formatted" else None)
    flush()
    doc.save(str(out))


# ---------------------------------------------------------------------------------------------- running
def qujat() -> list[str]:
    exe = Path(sys.executable).with_name("qujat")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "service.cli"]


def run_check(files: list[Path], spelling: bool, profile: str | None) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for i in range(0, len(files), 40):  # one process per 40 files: the CLI as a user runs it, fewer start-ups
        chunk = files[i:i + 40]
        cmd = [*qujat(), "check", *map(str, chunk), "--format", "json", "--no-pages"]
        if not spelling:
            cmd.append("--no-spelling")
        if profile:
            cmd += ["--profile", profile]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
        try:
            body = json.loads(done.stdout) if done.stdout.strip() else []
        except json.JSONDecodeError:
            body = []
        reports = body if isinstance(body, list) else [body]
        for rep in reports:
            out[rep["document"]["name"]] = rep
        for f in chunk:
            if f.name not in out:
                out[f.name] = {"error": done.stderr.strip()[-300:] or f"exit {done.returncode}"}
    return out


def run_parity(kk: Path, ru: Path, profile: str | None) -> dict:
    cmd = [*qujat(), "parity", str(kk), str(ru), "--format", "json"]
    if profile:
        cmd += ["--profile", profile]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        return {"error": done.stderr.strip()[-300:] or f"exit {done.returncode}"}


def print_pdf(files: dict[str, Path], work: Path) -> dict[str, Path]:
    """Print every .docx to PDF with LibreOffice (one call, a private profile): a PDF with its text layer, as
    «Save as PDF» in Word gives it."""
    soffice = os.environ.get("QUJAT_SOFFICE") or "soffice"
    with tempfile.TemporaryDirectory(prefix="qujat-eval-lo-") as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(work), *map(str, files.values())], capture_output=True, timeout=1800)
    return {key: docx_path.with_suffix(".pdf") for key, docx_path in files.items()}


def scan(files: dict[str, Path], work: Path) -> dict[str, Path]:
    """Print every .docx to PDF and rasterise each PDF at 200 dpi into an image-only PDF, as a scanner gives it."""
    from PIL import Image

    printed = print_pdf(files, work)
    out: dict[str, Path] = {}
    for key, docx_path in files.items():
        pdf = printed[key]
        target = docx_path.with_name(docx_path.stem + ".pdf").with_name(docx_path.stem + ".image.pdf")
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(pdf), str(Path(tmp, "pg"))], check=True,
                           capture_output=True)
            images = [Image.open(p).convert("L") for p in sorted(Path(tmp).glob("pg*.png"))]
            images[0].save(target, format="PDF", save_all=True, append_images=images[1:], resolution=200.0)
        out[key] = target
    return out


def place(loc: dict) -> str:
    parts = [f"{k} {loc[k]}" for k in ("page", "paragraph", "table", "row", "cell") if loc.get(k) is not None]
    if loc.get("unit"):
        parts.append(str(loc["unit"]))
    return ", ".join(parts) or "document"


@dataclass
class Genuine:
    entries: list[dict] = field(default_factory=list)

    @classmethod
    def load(cls, folders: list[Path]) -> Genuine:
        entries: list[dict] = []
        for f in folders:
            p = f / "genuine.yaml"
            if p.is_file():
                entries += yaml.safe_load(p.read_text(encoding="utf-8")) or []
        return cls(entries)

    def key(self, entry: dict | None) -> int | None:
        """The entry's place in genuine.yaml (None: no entry)."""
        return next((k for k, e in enumerate(self.entries) if e is entry), None) if entry is not None else None

    def match(self, doc_id: str, lang: str, finding: dict) -> dict | None:
        text = " ".join([finding.get("location", {}).get("excerpt") or "", finding.get("message", {}).get("en", "")])
        for e in self.entries:
            if e["id"] == doc_id and e.get("lang", lang) in (lang, "any") and e["rule"] == finding["rule"] \
                    and all(c in text for c in ([e["contains"]] if isinstance(e.get("contains"), str)
                                                  else e.get("contains", []))):
                return e
        return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", nargs="+", type=Path, help="folders of texts (see above)")
    ap.add_argument("--styles", default=",".join(STYLES))
    ap.add_argument("--split", default="all", help="a split of the texts (tuning, tuning-2, held-out-3 …; see evaluation/real/SOURCES.md), corpus or all")
    ap.add_argument("--default-kind", default="maslikhat-decision",
                    help="expected kind of Markdown acts without meta.yaml (the shared kk_ru_pairs are all "
                         "maslikhat decisions)")
    ap.add_argument("--profile", default=None)
    ap.add_argument("--spelling", action="store_true", help="also run the spelling checks (slower)")
    ap.add_argument("--only", default="", help="only the texts whose id contains one of these comma-separated words")
    ap.add_argument("--keep", type=Path, help="keep the typed .docx files in this folder")
    ap.add_argument("--json", type=Path, help="write every result as JSON here")
    ap.add_argument("--quiet", action="store_true", help="totals only")
    ap.add_argument("--reclassify", type=Path, help="re-read a --json result and classify it again with the "
                    "current genuine.yaml (no checks are run)")
    args = ap.parse_args()
    if args.reclassify:
        return reclassify(args.reclassify, Genuine.load(args.corpora), args.quiet)
    styles = [s for s in args.styles.split(",") if s]
    if any(s not in STYLES + EXTRA_STYLES for s in styles):
        print(f"unknown style; use {', '.join(STYLES + EXTRA_STYLES)}", file=sys.stderr)
        return 2
    texts: list[Text] = []
    for c in args.corpora:
        if not c.is_dir():
            print(f"{c}: not a folder", file=sys.stderr)
            return 2
        texts += load_corpus(c, args.default_kind)
    if args.split != "all":
        texts = [t for t in texts if t.split == args.split]
    if args.only:
        texts = [t for t in texts if any(w and w in t.id for w in args.only.split(","))]
    if not texts:
        print("no texts found", file=sys.stderr)
        return 2
    genuine = Genuine.load(args.corpora)
    by_key = {t.key: t for t in texts}
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="qujat-eval-"))
    work.mkdir(parents=True, exist_ok=True)
    results: list[dict] = []
    parity: list[dict] = []
    for style in styles:
        files: dict[str, Path] = {}
        for t in texts:
            other = by_key.get(f"{t.pair}.{'ru' if t.lang == 'kk' else 'kk'}") if t.pair else None
            name = re.sub(r"[^\w.-]+", "_", f"{t.id}.{t.lang}.{style}.docx")
            files[t.key] = work / name
            type_docx(t, "tables" if style == "pdf-tables" else "formatted" if style in EXTRA_STYLES else style,
                      other, files[t.key])
        if style in ("pdf", "pdf-tables"):
            files = print_pdf(files, work)
        if style == "scanned":
            files = scan(files, work)
        reports = run_check(list(files.values()), args.spelling, args.profile)
        for t in texts:
            rep = reports.get(files[t.key].name, {"error": "no report"})
            errors = []
            warned: list[int] = []  # genuine defects the profile reports at a lower severity (e.g. a table total)
            for f in rep.get("findings", []):
                if f["severity"] != "error":
                    if (key := genuine.key(genuine.match(t.id, t.lang, f))) is not None:
                        warned.append(key)
                    continue
                g = genuine.match(t.id, t.lang, f)
                cls = "genuine" if g else ("header-unknown" if not t.header_known and f["rule"] in HEADER_RULES
                                           else "ours")
                errors.append({"rule": f["rule"], "place": place(f["location"]), "class": cls,
                               "excerpt": (f["location"].get("excerpt") or "")[:100],
                               "message": f["message"].get("en", "")[:160], "entry": genuine.key(g)})
            results.append({"doc": t.key, "style": style, "split": t.split, "expected": t.kind,
                            "found": rep.get("document", {}).get("kind"), "verdict": rep.get("verdict"),
                            "unusable": rep.get("error"), "errors": errors, "warned": warned})
        done_pairs = set()
        for t in texts if style != "scanned" else []:
            if not t.pair or t.pair in done_pairs or t.lang != "kk" or f"{t.pair}.ru" not in by_key:
                continue
            done_pairs.add(t.pair)
            rep = run_parity(files[t.key], files[f"{t.pair}.ru"], args.profile)
            errs = []
            for f in rep.get("findings", []):
                if f["severity"] != "error":
                    continue
                g = genuine.match(t.pair, "pair", f)
                cls = "genuine" if g else ("header-unknown" if not t.header_known and f["rule"] in HEADER_RULES
                                           else "ours")
                errs.append({"rule": f["rule"], "place": place(f["location"]), "class": cls,
                             "excerpt": (f["location"].get("excerpt") or "")[:100],
                             "message": f["message"].get("en", "")[:160], "entry": genuine.key(g)})
            parity.append({"pair": t.pair, "style": style, "split": t.split, "errors": errs,
                           "unusable": rep.get("error")})
    report(results, parity, styles, args.quiet)
    caught(genuine, {t.id for t in texts}, results, parity, styles)
    if args.json:
        args.json.write_text(json.dumps({"checks": results, "parity": parity}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    return 0


def caught(genuine: Genuine, ids: set[str], results: list[dict], parity: list[dict], styles: list[str]) -> None:
    """Genuine defects (entries of genuine.yaml for the texts evaluated): how many the checker reported, in every
    style it ran (as an error, or at the severity the profile gives the rule); the ones it missed are named.
    Scanned files run no parity, so pair entries are not judged there."""
    entries = [(k, e) for k, e in enumerate(genuine.entries) if e["id"] in ids]
    if not entries:
        return
    found: dict[str, set[int]] = defaultdict(set)
    for r in results:
        found[r["style"]].update(e["entry"] for e in r["errors"] if e.get("entry") is not None)
        found[r["style"]].update(r.get("warned", []))
    for p in parity:
        found[p["style"]].update(e["entry"] for e in p["errors"] if e.get("entry") is not None)
    print("\n== genuine defects caught (genuine.yaml entries of these texts) ==")
    for style in styles:
        judged = [(k, e) for k, e in entries if not (style == "scanned" and e.get("lang") == "pair")]
        missed = [e for k, e in judged if k not in found[style]]
        print(f"{style:10} caught {len(judged) - len(missed)} of {len(judged)}"
              + ("; missed: " + "; ".join(f"{e['id']} {e.get('lang', '')} {e['rule']}"
                                         + (f" «{e['contains']}»" if e.get("contains") else "") for e in missed)
                 if missed else ""))


def reclassify(path: Path, genuine: Genuine, quiet: bool) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    for r in data["checks"]:
        doc_id, lang = r["doc"].rsplit(".", 1)
        for e in r["errors"]:
            if e["class"] != "header-unknown":
                g = genuine.match(doc_id, lang, {"rule": e["rule"], "location": {"excerpt": e["excerpt"]},
                                                 "message": {"en": e["message"]}})
                e["class"] = "genuine" if g else "ours"
                e["entry"] = genuine.key(g)
    for p in data["parity"]:
        for e in p["errors"]:
            if e["class"] != "header-unknown":
                g = genuine.match(p["pair"], "pair", {"rule": e["rule"], "location": {"excerpt": e["excerpt"]},
                                                      "message": {"en": e["message"]}})
                e["class"] = "genuine" if g else "ours"
                e["entry"] = genuine.key(g)
    styles = sorted({r["style"] for r in data["checks"]})
    report(data["checks"], data["parity"], styles, quiet)
    ids = {r["doc"].rsplit(".", 1)[0] for r in data["checks"]}
    caught(genuine, ids, data["checks"], data["parity"], styles)
    return 0


def report(results: list[dict], parity: list[dict], styles: list[str], quiet: bool) -> None:
    if not quiet:
        for r in results:
            ok = "ok " if r["found"] == r["expected"] else "KIND"
            print(f"[{r['style']:9}] {ok} {r['doc']:40} expected {r['expected']} found {r['found']} "
                  f"verdict {r['verdict']}{'  UNUSABLE ' + str(r['unusable']) if r['unusable'] else ''}")
            for e in r["errors"]:
                print(f"      {e['class']:14} {e['rule']:30} {e['place']}: {e['message']}  «{e['excerpt']}»")
        for p in parity:
            print(f"[{p['style']:9}] parity {p['pair']}: {len(p['errors'])} errors"
                  f"{'  UNUSABLE ' + str(p['unusable']) if p['unusable'] else ''}")
            for e in p["errors"]:
                print(f"      {e['class']:14} {e['rule']:30} {e['place']}: {e['message']}  «{e['excerpt']}»")
    print("\n== totals (error findings; genuine = a defect of the published act, listed in genuine.yaml) ==")
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in results:
        groups[(r["style"], r["split"])].append(r)
        groups[(r["style"], "all")].append(r)
        groups[("all", r["split"])].append(r)
        groups[("all", "all")].append(r)
    pgroups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for p in parity:
        for key in ((p["style"], p["split"]), (p["style"], "all"), ("all", p["split"]), ("all", "all")):
            pgroups[key].append(p)
    print(f"{'style':10} {'split':9} {'files':>5} {'kind ok':>8} {'not-chk':>7} {'err/doc ours':>12} "
          f"{'err/doc genuine':>15} {'hdr-unknown':>11} {'pairs':>5} {'parity ours/pair':>16} {'genuine/pair':>12}")
    for key in sorted(groups, key=lambda k: (k[0] != "all", k[0], k[1] != "all", k[1])):
        rs = groups[key]
        n = len(rs)
        kind_ok = sum(r["found"] == r["expected"] for r in rs)
        cls = Counter(e["class"] for r in rs for e in r["errors"])
        ps = pgroups.get(key, [])
        pcls = Counter(e["class"] for p in ps for e in p["errors"])
        np_ = max(len(ps), 1)
        print(f"{key[0]:10} {key[1]:9} {n:5d} {kind_ok / n:8.1%} {sum(r['verdict'] == 'not-checked' for r in rs):7d} "
              f"{cls['ours'] / n:12.2f} {cls['genuine'] / n:15.2f} {cls['header-unknown']:11d} {len(ps):5d} "
              f"{pcls['ours'] / np_:16.2f} {pcls['genuine'] / np_:12.2f}")
    wrong = Counter((r["expected"], r["found"]) for r in results if r["found"] != r["expected"])
    if wrong:
        print("wrong kinds (expected -> found: files):",
              ", ".join(f"{a}->{b}: {c}" for (a, b), c in wrong.most_common()))
    ours = Counter(e["rule"] for r in results for e in r["errors"] if e["class"] == "ours")
    ours.update(e["rule"] for p in parity for e in p["errors"] if e["class"] == "ours")
    if ours:
        print("false errors by rule:", ", ".join(f"{k} {v}" for k, v in ours.most_common()))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    sys.exit(main())
