"""What a clerk reads outside the report, in kk and ru, scanned for English words: the CLI's exit-2 lines
(«qujat: …») of every face, and a batch's report.html / report.csv with attached signatures (the card's EDS
line, the verdicts, the reasons a file was not checked, the rule names of the chart)."""

from __future__ import annotations

import csv
import html
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app
from tests.batch.letters import KK_LETTER, RU_LETTER, detached_cms, letter_docx
from tests.texts.english import english

runner = CliRunner()
LOCALE = {"kk": "kk_KZ.UTF-8", "ru": "ru_RU.UTF-8"}
ROOT = Path(__file__).resolve().parents[2]


def typed() -> list[str]:
    """What a user types on the command line and an error line may list as the choices: profile and kind ids,
    formats."""
    from validators import kinds, profiles

    return [*profiles.available(), *kinds.KINDS, "text", "json", "html", "sarif", "docx", "pdf", "both"]


def said(line: str, paths: list[str]) -> str:
    """The words of an error line a clerk reads: file paths (they name the user's own files), JSON paths of a
    record («$.number»: the field names the user typed) and the ids a user types taken out."""
    for path in sorted(paths, key=len, reverse=True):
        line = line.replace(path, " ")
    line = re.sub(r"\$[\w.\[\]]*", " ", line)
    for word in sorted(typed(), key=len, reverse=True):
        line = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", " ", line)
    return line


def error_lines(args: list[str], lang: str, paths: list[str]) -> list[str]:
    result = runner.invoke(app, args, env={"LANG": LOCALE[lang], "LC_ALL": "", "LC_MESSAGES": ""})
    assert result.exit_code == 2, (args, result.output)
    lines = [ln for ln in result.output.splitlines() if ln.startswith("qujat: ")]
    assert lines and "Traceback" not in result.output, (args, result.output)
    return [said(ln, paths) for ln in lines]


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("faces")
    out = {}

    def put(name: str, data: bytes | str) -> None:
        out[name] = d / name
        out[name].write_bytes(data if isinstance(data, bytes) else data.encode())

    put("empty.docx", b"")
    put("cut.docx", letter_docx(RU_LETTER)[:1500])
    sheet = io.BytesIO()
    with zipfile.ZipFile(sheet, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    put("table.docx", sheet.getvalue())
    put("note.docx", "hello, plain text\n")
    put("letter.docx", letter_docx(RU_LETTER))
    put("broken.json", "{not json")
    put("list.json", "[1, 2]")
    put("empty.json", "{}")
    put("garbage.cms", b"\x00" * 64)
    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("../evil.docx", letter_docx(RU_LETTER))
    put("evil.zip", evil.getvalue())
    out["missing"] = d / "missing.docx"
    out["dir"] = d
    return out


def cases(f: dict[str, Path]) -> list[list[str]]:
    """One command per kind of refusal a clerk can meet on the command line."""
    return [
        ["check", str(f["empty.docx"]), "--no-pages"],
        ["check", str(f["cut.docx"]), "--no-pages"],
        ["check", str(f["table.docx"]), "--no-pages"],
        ["check", str(f["note.docx"]), "--no-pages"],
        ["check", "/dev/zero", "--no-pages"],
        ["check", str(f["missing"]), "--no-pages"],
        ["check", str(f["letter.docx"]), str(f["empty.docx"]), "--no-pages", "--no-spelling"],  # one of several
        ["check", str(f["letter.docx"]), "--profile", "nowhere"],
        ["check", str(f["letter.docx"]), "--kind", "memo-x"],
        ["check", str(f["letter.docx"]), "--format", "xml"],
        ["check", str(f["letter.docx"]), str(f["letter.docx"]), "--annotate", str(f["dir"] / "a.docx")],
        ["check", str(f["letter.docx"]), "--pair", str(f["cut.docx"]), "--no-pages"],
        ["render", "resolution", "-d", str(f["broken.json"]), "-o", str(f["dir"] / "x.docx")],
        ["render", "resolution", "-d", str(f["list.json"]), "-o", str(f["dir"] / "x.docx")],
        ["render", "resolution", "-d", str(f["empty.json"]), "-o", str(f["dir"] / "x.docx")],
        ["render", "nokind", "-d", str(f["empty.json"]), "-o", str(f["dir"] / "x.docx")],
        ["render", "incoming-letter", "-d", str(f["empty.json"]), "-o", str(f["dir"] / "x.docx")],
        ["render", "order", "-d", str(f["empty.json"]), "--lang", "both", "-o", str(f["letter.docx"])],
        ["parity", str(f["letter.docx"]), str(f["letter.docx"]), "--format", "xml"],
        ["sign", "verify", str(f["letter.docx"]), "--signature", str(f["garbage.cms"])],
        ["sign", "verify", str(f["letter.docx"]), "--signature", str(f["missing"])],
        ["batch", str(f["evil.zip"]), "-o", str(f["dir"] / "out")],
        ["batch", str(f["dir"]), "-o", str(f["dir"] / "out"), "--received", "14.03.2025"],
    ]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_exit_2_line_of_the_cli_is_kazakh_or_russian(files, lang):
    paths = [str(p) for p in files.values()] + ["/dev/zero", "nowhere", "memo-x", "nokind", "xml", "../evil.docx"]
    bad = []
    for args in cases(files):
        for line in error_lines(args, lang, paths):
            if english(line):
                bad.append((args[0], english(line), line))
    assert not bad, bad


def test_english_is_given_when_asked_for(files):
    result = runner.invoke(app, ["check", str(files["cut.docx"]), "--no-pages", "--messages", "en"])
    assert result.exit_code == 2 and "damaged ZIP/Office package" in result.output  # the developer's detail


def visible_text(page: str) -> str:
    """What a person sees of report.html: no tags, scripts, styles, attributes or SVG tooltips (``<title>``:
    they hold the rule ids)."""
    page = re.sub(r"<(script|style|title)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


@pytest.mark.parametrize(("profile", "lang", "status"), [("turkestan-city-2025", "ru", "НЕ ДОВЕРЕНА"),
                                                          ("kazygurt-district-2025", "kk", "СЕНІМДІ ЕМЕС")])
def test_a_batch_report_with_signatures_is_kazakh_or_russian(tmp_path, profile, lang, status):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    letter = letter_docx(RU_LETTER if lang == "ru" else KK_LETTER, eds=None)
    (inbox / "signed.docx").write_bytes(letter)
    (inbox / "signed.docx.cms").write_bytes(detached_cms(letter))  # intact, the test PKI is not NCA RK
    other = letter_docx(RU_LETTER, eds=None, outgoing="Исх. № 7-1/10 от 10.03.2025")
    (inbox / "tampered.docx").write_bytes(other)
    (inbox / "tampered.p7s").write_bytes(detached_cms(letter))  # signs another letter
    (inbox / "cut.docx").write_bytes(letter[:1500])
    (inbox / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    (inbox / "mark.docx").write_bytes(letter_docx(RU_LETTER))  # an EDS mark in its text
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-c", "from service.cli import main; main()", "batch", str(inbox),
                           "-o", str(out), "--kind", "incoming-letter", "--profile", profile,
                           "--received", "2025-03-14"], cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8"})
    assert done.returncode == 0, done.stderr
    names = [p.name for p in inbox.iterdir()]
    assert not english(said(done.stdout, [str(out)])), done.stdout  # the closing line, in the profile's language

    rows = list(csv.reader(io.StringIO((out / "report.csv").read_text(encoding="utf-8-sig"))))
    header, body = rows[0], rows[1:]
    machine = {header.index(c) for c in header if c in ("файл", "пішімі", "формат", "ережелер", "правила")
               or c.endswith("(SHA-256)")}
    assert len(machine) == 4, header  # path, hash, format and rule ids are for machines and filters
    bad = [(header[i], cell) for row in body for i, cell in enumerate(row)
           if i not in machine and english(said(cell, names))]
    assert not english(" ".join(header)) and not bad, bad
    eds = header.index("ЭЦП" if lang == "ru" else "ЭЦҚ")
    signed = next(r for r in body if r[0] == "signed.docx")
    assert status in signed[eds], signed  # the signing module's words for an intact but untrusted signature

    page = visible_text((out / "report.html").read_text(encoding="utf-8"))
    assert status in page
    assert not english(said(page, names)), english(said(page, names))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_text_report_of_an_incoming_letter_shows_its_card(tmp_path, lang):
    letter = tmp_path / "letter.docx"
    letter.write_bytes(letter_docx(KK_LETTER if lang == "kk" else RU_LETTER))
    result = runner.invoke(app, ["check", str(letter), "--kind", "incoming-letter", "--no-pages", "--no-spelling",
                                 "--messages", lang])
    assert result.exit_code in (0, 1), result.output
    card = {"kk": "Тіркеу карточкасы:", "ru": "Регистрационная карточка:"}[lang]
    assert card in result.output
    eds = {"kk": "ЭЦҚ: белгі «", "ru": "ЭЦП: отметка «"}[lang]  # the EDS mark the letter carries, said in lang
    assert eds in result.output, result.output
    words = re.sub(r"«[^»]*»", " ", said(result.output, [str(letter), "letter.docx"]))  # quotes are the letter's
    card_part = words[words.index(card):]
    assert not english(card_part.split("\n  " + ("ҚАТЕ" if lang == "kk" else "ОШИБКА"))[0]), card_part


def test_the_language_of_one_command_does_not_stick_to_the_next(files, monkeypatch):
    """``qujat serve`` says a broken profile through the same error line without being a guarded command: the
    ``--messages en`` of a command run before it in the same process must not reach it."""
    import importlib

    english = runner.invoke(app, ["check", str(files["empty.docx"]), "--no-pages", "--messages", "en"])
    assert english.exit_code == 2 and "the file is empty" in english.output
    monkeypatch.setenv("LC_ALL", "ru_RU.UTF-8")
    assert importlib.import_module("service.cli.app").error_lang() == "ru"


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("args", [["check"], ["check", "--bogus"], ["chek"], ["check", "x.docx", "--profile"],
                                  ["batch", "in", "--workers", "many"]])
def test_usage_errors_are_said_in_the_readers_language(args, lang):
    """Click's own usage errors («Missing argument», «No such option») are English; `qujat` says them in kk/ru,
    naming the argument, option or command and where the help is, exit 2."""
    env = {"PATH": "/usr/bin:/bin", "LANG": f"{lang}_KZ.UTF-8" if lang == "kk" else "ru_RU.UTF-8"}
    result = subprocess.run([sys.executable, "-c", "from service.cli import main; main()", *args],
                            capture_output=True, text=True, timeout=120, env={**env, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2, result
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("qujat: ") and "Traceback" not in result.stderr, result.stderr
    assert not english(re.sub(r"'[^']*'|«[^»]*»|--\S+|qujat \S+", " ", line)), line
