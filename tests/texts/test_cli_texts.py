"""What the commands print on success, and `qujat --help`, in the reader's language: the listings (`kinds`,
`profiles`, `rules`), the `check --annotate` line, and the help of `qujat`, `qujat check` and `qujat parity`
(every option) are Kazakh or Russian from schemas/texts.yaml; English when asked for."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app
from tests.texts.english import english
from tests.texts.test_faces_texts import LOCALE, typed

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _ids() -> list[str]:
    """Rule ids, which the listings show as they are typed (for filters and profiles)."""
    from validators import profiles
    from validators.rules import load_all

    load_all()
    return sorted({r.id for p in profiles.available() for r in profiles.load(p).rules} |
                  {str(r["id"]) for p in profiles.available() for r in profiles.load(p).process_rules},
                  key=len, reverse=True)


def _read(line: str, extra: list[str] = ()) -> str:  # type: ignore[assignment]
    """A line less what a user types: ids, formats, paths, «quotes», metavariables and type hints."""
    line = re.sub(r"«[^»]*»|https?://\S+|<[^<>]+>|\{[^{}]*\}|\S+\.docx|/\S+|QUJAT_[A-Z_]+", " ", line)
    for word in [*extra, *typed()]:
        line = re.sub(rf"(?<![\w.-]){re.escape(word)}(?![\w-])", " ", line)
    return line


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("args", [["kinds"], ["profiles"], ["rules"], ["rules", "--profile", "kazygurt-district-2025"]])
def test_the_listings_are_kazakh_or_russian(args, lang):
    result = runner.invoke(app, args, env={"LANG": LOCALE[lang], "LC_ALL": "", "LC_MESSAGES": ""})
    assert result.exit_code == 0, result.output
    ids = _ids()
    bad = [line for line in result.output.splitlines() if english(_read(line, ids))]
    assert not bad, bad[:5]
    if args == ["rules"]:
        assert {"kk": "ереже", "ru": "правил"}[lang] in result.output.splitlines()[0]
        assert {"kk": "17-тармақ", "ru": "п. 17"}[lang] in result.output  # the citation, no line numbers
        assert "(L105)" not in result.output


def test_the_listings_in_english_when_asked_for():
    result = runner.invoke(app, ["rules", "--messages", "en"])
    assert result.exit_code == 0 and " rules" in result.output.splitlines()[0] and "(L105)" in result.output
    assert "generated+validated" in runner.invoke(app, ["kinds", "--messages", "en"]).output


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_annotate_line_is_kazakh_or_russian(tmp_path, lang):
    import json

    from service.generation import render
    from validators import resources

    doc = tmp_path / "resolution.docx"
    record = json.loads((resources.EXAMPLES / "resolution.json").read_text(encoding="utf-8"))
    doc.write_bytes(render("resolution", record, lang="ru"))
    result = runner.invoke(app, ["check", str(doc), "--no-pages", "--no-spelling", "--annotate",
                                 str(tmp_path / "a.docx"), "--messages", lang])
    line = next(ln for ln in result.output.splitlines() if str(tmp_path / "a.docx") in ln)
    assert line.startswith({"kk": "Ескертпелері бар құжат:", "ru": "Документ с замечаниями:"}[lang]), line


def _help(*args: str, lang: str) -> str:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "LANG": LOCALE[lang], "COLUMNS": "200"}
    done = subprocess.run([sys.executable, "-c", "from service.cli import main; main()", *args, "--help"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("command", [[], ["check"], ["parity"], ["render"], ["compare"], ["sign", "verify"]])
def test_the_help_is_kazakh_or_russian(command, lang):
    import typer

    said = _help(*command, lang=lang)
    group = typer.main.get_command(app)
    commands = [*group.commands.values()] + [s for c in group.commands.values()
                                              for s in (getattr(c, "commands", None) or {}).values()]
    names = [c.name for c in commands] + [p.name for c in commands for p in c.params]  # as typed
    bad = [line for line in said.splitlines() if english(_read(line, names))]
    assert not bad, bad[:5]
    assert {"kk": "Қолданылуы:", "ru": "Использование:"}[lang] in said
    assert {"kk": "Параметрлер", "ru": "Параметры"}[lang] in said


def test_the_help_in_english_when_asked_for():
    said = _help("check", "--messages", "en", lang="ru")
    assert "Usage:" in said and "Validate documents against a profile" in said and "documents to check" in said


def test_the_pages_texts_are_kazakh_or_russian():
    """The web page's kk/ru texts (i18n.js) and the EDS page's [kk, ru] pairs, counted as
    scripts/count_english.py counts them (no developer hint such as «make vendor» either)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("count_english", ROOT / "scripts" / "count_english.py")
    assert spec is not None and spec.loader is not None
    count = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(count)
    tally = count.Tally(show=10)
    count.face_web(tally, typed(), ROOT)
    assert tally.lines["web"] > 200 and tally.english["web"] == 0, tally.examples["web"]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_sign_prepare_and_serve_lines_are_kazakh_or_russian(tmp_path, lang):
    """`qujat sign prepare` of a PDF (passed through as it is) and the line `qujat serve` starts with."""
    import json
    import socket

    from service.generation import render
    from validators import resources

    record = json.loads((resources.EXAMPLES / "resolution.json").read_text(encoding="utf-8"))
    pdf = tmp_path / "resolution.pdf"
    pdf.write_bytes(render("resolution", record, lang="ru", format="pdf"))
    result = runner.invoke(app, ["sign", "prepare", str(pdf), "-o", str(tmp_path / "out"), "--messages", lang])
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("resolution.pdf: " + {"kk": "PDF құжаты өзгеріссіз", "ru": "уже PDF"}[lang]), last
    assert not english(_read(re.sub(r"\b[0-9a-f]{64}\b", " ", last)))  # (the document's SHA-256)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "LANG": LOCALE[lang], "HOME": str(tmp_path)}
    server = subprocess.Popen([sys.executable, "-c", "from service.cli import main; main()", "serve", "--port",
                               str(port), "--workers", "1", "--processes", "0"], env=env, stderr=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, text=True)
    try:
        assert server.stderr is not None
        line = server.stderr.readline().strip()
    finally:
        server.terminate()
        server.wait(30)
    assert line.startswith("qujat: ") and f"http://127.0.0.1:{port}/" in line, line
    assert not english(_read(line.replace("qujat: ", ""))), line


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_process_rule_says_why_in_the_readers_language(lang):
    """`qujat rules` gives a rule not checkable on a document its citation and its reason, both kk or ru."""
    from validators import profiles

    result = runner.invoke(app, ["rules", "--profile", "turkestan-city-2025", "--messages", lang])
    assert result.exit_code == 0, result.output
    seal = next(line for line in result.output.splitlines() if "act.seal" in line)
    assert seal.endswith({"kk": "мөр қол қойылғаннан кейін қағаз түпнұсқаға басылады",
                          "ru": "печать ставится на бумажный подлинник после подписания"}[lang]), seal
    process = profiles.load("turkestan-city-2025").process_rules
    for rule in process:
        line = next(line for line in result.output.splitlines() if f" {rule['id']} " in line)
        assert rule["why"][lang] in line and not english(_read(line, _ids())), line
    english_run = runner.invoke(app, ["rules", "--profile", "turkestan-city-2025", "--messages", "en"])
    assert "the seal is put on the paper original after signing" in english_run.output


def test_a_process_rule_reason_in_one_language_only_is_refused_at_load(tmp_path, monkeypatch):
    """The reason is data in kk, ru and en, checked by schemas/profile.schema.json when the profile is read."""
    import shutil

    from validators import profiles, resources

    schemas = tmp_path / "schemas"
    shutil.copytree(resources.SCHEMAS, schemas)
    for name, value in (("ROOT", tmp_path), ("SCHEMAS", schemas), ("PROFILES", schemas / "profiles"),
                        ("RULES", schemas / "rules")):
        monkeypatch.setattr(resources, name, value)
    path = schemas / "profiles" / "turkestan-city-2025" / "requisites.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("why: {kk: \"мөр")
    end = text.index("}", start) + 1
    path.write_text(text[:start] + 'why: "the seal is put on the paper original after signing"' + text[end:],
                    encoding="utf-8")
    caches = (profiles.catalog, profiles.load, profiles._params_validator, profiles._definitions)
    for fn in caches:
        fn.cache_clear()
    try:
        with pytest.raises(profiles.ProfileInvalid) as caught:
            profiles.load("turkestan-city-2025")
        assert caught.value.details["file"].endswith("turkestan-city-2025/requisites.yaml")
        assert ".why" in caught.value.details["path"] and caught.value.messages["ru"]
    finally:
        for fn in caches:
            fn.cache_clear()
