"""Count the English words a Kazakh or Russian reader is shown, face by face (the allow-list of
tests/texts/english.py: file formats, product names; what the user typed — paths, ids, quoted excerpts «…» —
left out). Each face is produced as a clerk meets it, in kk and in ru:

  report  `qujat check` text reports of every generated example (rendered in kk and ru, printed in kk and ru)
  cli     what the commands print on success: kinds, profiles, rules, rules --coverage, preflight (a broken
          template), check --annotate, parity, batch (its closing line), compare
  help    `qujat --help` and the --help of every command
  batch   a batch's report.html, report.csv and text cards (a folder of generated documents and a damaged one)
  http    the kk and ru `messages` of HTTP error bodies (bad uploads, bad records, unknown names, 404s)
  web     the page's texts (service/api/static: i18n.js, the EDS page's [kk, ru] pairs)
  sign    `qujat sign verify` and `sign package` over a test PKI made here (tests/signing/pki.py): valid, expired,
          untrusted, revocation unknown, revoked, time-stamped, a tampered time-stamp, other content, a PAdES
          PDF and one changed after signing (certificate names, hashes, times and algorithm ids left out)

    PYTHONPATH=. python scripts/count_english.py [--faces report,cli,help,batch,http,web] [--show 5]

Prints, per face: lines (or texts) scanned, words, English words and the first --show offending lines.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import csv
import html
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "tests" / "texts"))
from english import english  # noqa: E402  (tests/texts/english.py: one allow-list for the tests and this count)

LANGS = ("kk", "ru")
LOCALE = {"kk": "kk_KZ.UTF-8", "ru": "ru_RU.UTF-8"}
FACES = ("report", "cli", "help", "batch", "http", "web", "sign")


def _typed() -> list[str]:
    """What a user types and a line may echo: profile, kind and rule ids, formats."""
    from validators import kinds, profiles
    from validators.rules import load_all

    load_all()
    rules = {r.id for p in profiles.available() for r in profiles.load(p).rules}
    rules |= {str(r["id"]) for p in profiles.available() for r in profiles.load(p).process_rules}
    return sorted({*profiles.available(), *kinds.KINDS, *rules, "text", "json", "html", "sarif"}, key=len,
                  reverse=True)


def clean(line: str, typed: list[str], paths: Iterable[str] = ()) -> str:
    """The words of ``line`` a clerk reads: paths, quotes «…», ids and URLs taken out."""
    for path in sorted(paths, key=len, reverse=True):
        line = line.replace(path, " ")
    line = re.sub(r"«[^»]*»", " ", line)
    line = re.sub(r"https?://\S+|\S+\.(?:docx|pdf|pptx|json|csv|html|zip|xml)\b|\$[\w.\[\]]*|QUJAT_[A-Z_]+", " ", line)
    for word in typed:
        line = re.sub(rf"(?<![\w.-]){re.escape(word)}(?![\w-])", " ", line)
    return line


class Tally:
    def __init__(self, show: int) -> None:
        self.show = show
        self.lines: collections.Counter[str] = collections.Counter()
        self.words: collections.Counter[str] = collections.Counter()
        self.english: collections.Counter[str] = collections.Counter()
        self.examples: dict[str, list[str]] = collections.defaultdict(list)
        self.parts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)

    def add(self, face: str, said: str, cleaned: str, part: str = "") -> None:
        self.lines[face] += 1
        self.words[face] += len(re.findall(r"\w+", cleaned))
        found = english(cleaned)
        self.english[face] += len(found)
        if part:
            self.parts[face][part] += len(found)
        if found and len(self.examples[face]) < self.show:
            self.examples[face].append(f"{found[:6]} in: {said.strip()[:160]}")

    def print(self, faces: list[str]) -> None:
        for face in faces:
            print(f"{face:7} texts {self.lines[face]:5}  words {self.words[face]:6}  English words "
                  f"{self.english[face]:5}")
            if self.parts[face]:
                print("          by command: " + ", ".join(f"{k} {v}" for k, v in self.parts[face].items()))
            for example in self.examples[face]:
                print(f"          {example}")
        print(f"total   English words {sum(self.english[f] for f in faces)} of {sum(self.words[f] for f in faces)}")


@contextlib.contextmanager
def _locale(lang: str) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in ("LANG", "LC_ALL", "LC_MESSAGES")}
    os.environ.update({"LANG": LOCALE[lang], "LC_ALL": "", "LC_MESSAGES": ""})
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _examples() -> Iterator[tuple[str, dict]]:
    from validators import kinds, resources

    for k in kinds.REGISTRY.values():
        if k.generated:
            yield k.id, json.loads((resources.EXAMPLES / f"{k.id}.json").read_text(encoding="utf-8"))


def face_report(t: Tally, typed: list[str], work: Path) -> None:
    from service.generation import render
    from validators import CheckOptions, check

    for kind, data in _examples():
        for lang in LANGS:
            report = check(render(kind, data, lang=lang), name="x.docx", options=CheckOptions(pages=False))
            for out in LANGS:
                body = report.to_text(out).split(":", 1)[1]
                for line in body.splitlines():
                    t.add("report", line, clean(line, typed))


def _cli(args: list[str], lang: str) -> str:
    from typer.testing import CliRunner

    from service.cli import app

    env = {"LANG": LOCALE[lang], "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": "120"}
    result = CliRunner().invoke(app, args, env=env)
    return result.output


def _samples(work: Path) -> dict[str, Path]:
    """Generated documents to print about: a resolution in kk and ru, a broken template, a damaged file."""
    from docx import Document

    from service.generation import render

    examples = dict(_examples())
    out: dict[str, Path] = {}
    for lang in LANGS:
        out[f"resolution-{lang}"] = work / f"resolution.{lang}.docx"
        out[f"resolution-{lang}"].write_bytes(render("resolution", examples["resolution"], lang=lang))
    doc = Document()
    for text in ("{{ title }} {% endif %}", "{% for x in items %}"):
        doc.add_paragraph(text)
    out["template"] = work / "broken-template.docx"
    doc.save(str(out["template"]))
    out["inbox"] = work / "inbox"
    out["inbox"].mkdir(exist_ok=True)
    for kind in ("order", "cover-letter"):
        (out["inbox"] / f"{kind}.docx").write_bytes(render(kind, examples[kind], lang="ru"))
    (out["inbox"] / "damaged.docx").write_bytes(out["resolution-ru"].read_bytes()[:900])
    return out


def face_cli(t: Tally, typed: list[str], work: Path) -> None:
    s = _samples(work)
    for lang in LANGS:
        commands = [
            ["kinds"], ["profiles"], ["rules"], ["rules", "--coverage"],
            ["preflight", str(s["template"])],
            ["check", str(s["resolution-ru"]), "--no-pages", "--no-spelling", "--annotate", str(work / "a.docx")],
            ["parity", str(s["resolution-kk"]), str(s["resolution-ru"])],
            ["batch", str(s["inbox"]), "-o", str(work / f"out-{lang}")],
        ]
        for args in commands:
            part = " ".join(a for a in args[:2] if a.startswith("--") or a == args[0])
            for line in _cli(args, lang).splitlines():
                t.add("cli", line, clean(line, typed, [str(work / f"out-{lang}"), str(work)]), part)


def face_help(t: Tally, typed: list[str], work: Path) -> None:
    import typer

    from service.cli import app

    group = typer.main.get_group(app)
    paths: list[list[str]] = [[]]
    for name, cmd in group.commands.items():
        paths.append([name])
        for sub in getattr(cmd, "commands", {}) or {}:
            paths.append([name, sub])
    names = [*group.commands] + [p.name for c in group.commands.values() for p in c.params if p.name]
    typed = sorted({*typed, *names}, key=len, reverse=True)
    for lang in LANGS:  # as a user runs it (the help is chosen at start, in `main`)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), "LANG": LOCALE[lang],
               "COLUMNS": "120"}
        for path in paths:
            done = subprocess.run([sys.executable, "-c", "from service.cli import main; main()", *path, "--help"],
                                  capture_output=True, text=True, timeout=120, env=env)
            for line in done.stdout.splitlines():
                line = re.sub(r"<[^<>]+>|\{[^{}]*\}", " ", line)  # type hints and argument placeholders
                t.add("help", line, clean(line, typed), " ".join(path) or "qujat")


def _visible(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+\btitle=\"([^\"]*)\"[^>]*>", r" \1 ", page)  # tooltips are read too
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def face_batch(t: Tally, typed: list[str], work: Path) -> None:
    s = _samples(work)
    for lang, profile in (("ru", "turkestan-city-2025"), ("kk", "kazygurt-district-2025")):
        out = work / f"batch-{lang}"
        _cli(["batch", str(s["inbox"]), "-o", str(out), "--profile", profile], lang)
        names = [p.name for p in s["inbox"].iterdir()]
        for line in _visible((out / "report.html").read_text(encoding="utf-8")).splitlines():
            if line.strip():
                t.add("batch", line, clean(line, typed, names))
        rows = list(csv.reader(io.StringIO((out / "report.csv").read_text(encoding="utf-8-sig"))))
        machine = {i for i, c in enumerate(rows[0]) if c in ("файл", "пішімі", "формат", "ережелер", "правила")
                   or c.endswith("(SHA-256)")}  # path, hash, format and rule ids: for machines and filters
        for row in rows:
            cells = " | ".join(c for i, c in enumerate(row) if i not in machine)
            t.add("batch", cells, clean(cells, typed, names))


def face_http(t: Tally, typed: list[str], work: Path) -> None:
    from fastapi.testclient import TestClient

    from service.api.app import create_app

    s = _samples(work)
    import logging

    logging.getLogger("qujat.access").setLevel(logging.WARNING)
    client = TestClient(create_app())
    docx = s["resolution-ru"].read_bytes()
    calls = [
        ("post", "/v1/validate", {"files": {"file": ("x.docx", b"")}}),
        ("post", "/v1/validate", {"files": {"file": ("x.docx", docx[:900])}}),
        ("post", "/v1/validate", {"files": {"file": ("x.txt", b"plain text")}}),
        ("post", "/v1/validate", {"files": {"file": ("x.docx", docx)}, "data": {"kind": "no-such-kind"}}),
        ("post", "/v1/validate", {"files": {"file": ("x.docx", docx)}, "data": {"profile": "nowhere"}}),
        ("post", "/v1/validate", {}),
        ("post", "/v1/render", {"json": {"kind": "resolution", "lang": "ru", "data": {}}}),
        ("post", "/v1/render", {"json": {"kind": "resolution", "lang": "ru", "data": {"number": 5}}}),
        ("post", "/v1/render", {"json": {"kind": "nokind", "lang": "ru", "data": {}}}),
        ("post", "/v1/render", {"content": b"{not json", "headers": {"content-type": "application/json"}}),
        ("get", "/v1/batches/0123456789abcdef0123456789abcdef", {}),
        ("get", "/v1/no-such-endpoint", {}),
        ("post", "/v1/parity", {"files": {"kk": ("kk.docx", b""), "ru": ("ru.docx", docx)}}),
        ("post", "/v1/sign/prepare", {"files": {"file": ("x.docx", b"")}}),
        ("post", "/v1/batches", {"files": {"files": ("evil.zip", b"PK\x03\x04 broken")}}),
    ]
    for method, url, kwargs in calls:
        body = getattr(client, method)(url, **kwargs).json()
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict):
            continue
        for lang in LANGS:
            said = str((error.get("messages") or {}).get(lang, ""))
            t.add("http", f"{url} {error.get('code')}: {said}", clean(said, typed))
            for field in error.get("fields") or []:
                said = str(field.get("messages", {}).get(lang, ""))
                t.add("http", f"{url} {field.get('path')}: {said}", clean(said, typed))


def face_web(t: Tally, typed: list[str], work: Path) -> None:
    static = ROOT / "service" / "api" / "static"
    i18n = (static / "i18n.js").read_text(encoding="utf-8")
    for lang in LANGS:  # the kk / ru blocks of window.QUJAT_I18N (one level of nesting)
        block = re.search(rf"\n  {lang}: \{{(.*?)\n  \}}", i18n, re.S)
        for value in re.findall(r':\s*"((?:[^"\\]|\\.)*)"', block.group(1) if block else ""):
            t.add("web", value, clean(value, typed))
    for js in sorted(static.glob("*.js")):  # [kk, ru] pairs of the EDS page and any other
        for pair in re.findall(r'\[\s*"((?:[^"\\]|\\.)*)"\s*,\s*"((?:[^"\\]|\\.)*)"\s*\]', js.read_text("utf-8")):
            for value in pair:
                if re.search(r"[А-Яа-яӘәҒғҚқҢңӨөҰұҮүІі]", value):
                    t.add("web", value, clean(value, typed))
    for page in sorted(static.glob("*.html")):
        for line in _visible(page.read_text(encoding="utf-8")).splitlines():
            if line.strip():
                t.add("web", line, clean(line, typed))


def face_sign(t: Tally, typed: list[str], work: Path) -> None:
    import datetime as dt
    import importlib.util

    from pypdf import PdfWriter

    from service.signing import pades

    spec = importlib.util.spec_from_file_location("signing_pki", ROOT / "tests" / "signing" / "pki.py")
    assert spec and spec.loader
    pki_mod = importlib.util.module_from_spec(spec)
    sys.modules["signing_pki"] = pki_mod  # (its dataclasses look their module up)
    spec.loader.exec_module(pki_mod)
    pki = pki_mod.build_pki()
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    doc = buffer.getvalue()

    def put(name: str, data: bytes) -> str:
        (work / name).write_bytes(data)
        return str(work / name)

    sign = pki_mod.sign_detached
    prepared = pades.prepare(doc)
    start, end = pades._reserved_region(prepared.pdf)
    signed_pdf = pades.finish(prepared.pdf, sign(prepared.pdf[:start] + prepared.pdf[end:], [pki.employee]))
    paths = {"doc": put("act.pdf", doc), "trust": put("trust.pem", pki.trust_pem()),
             "root": put("root.crl", pki.good_crls()[0]), "nca": put("nca.crl", pki.good_crls()[1]),
             "revoked": put("revoked.crl", pki_mod.make_crl(pki.nca, [(pki.employee, pki_mod.NOW - dt.timedelta(days=1))])),
             "good": put("good.cms", sign(doc, [pki.employee], chain=[pki.nca])),
             "expired": put("expired.cms", sign(doc, [pki.expired])),
             "stranger": put("stranger.cms", sign(doc, [pki.stranger])),
             "stamped": put("stamped.cms", sign(doc, [pki.employee], tsa=pki.tsa)),
             "tampered": put("tampered.cms", sign(doc, [pki.employee], tsa=pki.tsa, tamper_tsa=True)),
             "other": put("other.cms", sign(b"another text", [pki.employee], attached=True)),
             "pades": put("pades.pdf", signed_pdf), "changed": put("changed.pdf", signed_pdf + b"\n% later\n")}
    trust = ["--trust", paths["trust"]]
    crls = ["--offline", "--crl", paths["root"], "--crl", paths["nca"]]
    runs = [[paths["doc"], "-s", paths[name], *trust, *crls] for name in ("good", "expired", "stranger", "stamped",
                                                                         "tampered", "other")]
    runs += [[paths["doc"], "-s", paths["good"]], [paths["doc"], "-s", paths["good"], *trust, "--offline"],
             [paths["doc"], "-s", paths["good"], *trust, "--offline", "--crl", paths["root"], "--crl", paths["revoked"]],
             [paths["pades"], *trust, *crls], [paths["changed"], *trust, *crls]]
    names = [p.asn1.subject.native.get("common_name", "") for p in (pki.root, pki.nca, pki.tsa, pki.stranger)]
    names += [pki.stranger.asn1.issuer.native["common_name"], "Signature1"]
    for lang in LANGS:
        outputs = [("sign verify", _cli(["sign", "verify", *args], lang)) for args in runs]
        outputs.append(("sign package", _cli(["sign", "package", paths["doc"], "-s", paths["good"], "-s",
                                              paths["expired"], "-o", str(work / "package.pdf"), *crls], lang)))
        for part, output in outputs:
            for said in output.splitlines():
                line = clean(said, typed, [*paths.values(), *(Path(p).name for p in paths.values()), str(work)])
                for name in sorted(names, key=len, reverse=True):
                    line = line.replace(name, " ")
                line = re.sub(r"\b[0-9a-f]{16,}\b|\d{4}-\d\d-\d\dT\S+|\b\w+_\w+\b", " ", line)
                t.add("sign", said, line, part)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--faces", default=",".join(FACES), help=f"comma-separated, of {', '.join(FACES)}")
    parser.add_argument("--show", type=int, default=5, help="offending lines shown per face")
    args = parser.parse_args()
    faces = [f for f in args.faces.split(",") if f]
    unknown = set(faces) - set(FACES)
    if unknown:
        parser.error(f"unknown face(s): {', '.join(sorted(unknown))}")
    typed = _typed()
    t = Tally(args.show)
    with tempfile.TemporaryDirectory(prefix="count-english-") as tmp:
        for face in faces:
            work = Path(tmp) / face
            work.mkdir()
            globals()[f"face_{face}"](t, typed, work)
    t.print(faces)
    return 0


if __name__ == "__main__":
    sys.exit(main())
