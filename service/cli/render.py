"""`qujat render`, `qujat kinds`, `qujat preflight`: thin calls into service.generation and service.preflight."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from service.cli.app import EXIT_REJECTED, app, fail, guarded, message_lang, messages_option
from validators.errors import DataInvalid
from validators.texts import said


def _read_record(path: Path) -> dict:
    from validators.document import read_source  # regular files only, size-limited (not /dev/zero, a FIFO)

    try:
        text = (sys.stdin.buffer.read() if str(path) == "-" else read_source(path)[0]).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataInvalid(f"{path}: not UTF-8 text ({exc.reason})", messages=said("record-not-utf8", path=path)) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataInvalid(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
                          messages=said("record-not-json", path=path, line=exc.lineno, column=exc.colno)) from exc
    except RecursionError:
        raise DataInvalid(f"{path}: the JSON is nested too deeply to be a record",
                          messages=said("record-too-deep", path=path)) from None
    if not isinstance(data, dict):
        raise DataInvalid(f"{path}: the record must be a JSON object", messages=said("record-not-object", path=path))
    return data


def _targets(kind: str, langs: list[str], out: Path, fmt: str) -> list[tuple[str, Path]]:
    if len(langs) > 1 or out.is_dir() or str(out).endswith(("/", "\\")):
        if out.exists() and not out.is_dir():
            fail(said("usage-out-folder", path=out))
        out.mkdir(parents=True, exist_ok=True)
        return [(lang, out / f"{kind}.{lang}.{fmt}") for lang in langs]
    out.parent.mkdir(parents=True, exist_ok=True)
    return [(langs[0], out)]


@app.command("render")
@guarded
def render_cmd(
    kind: str = typer.Argument(..., help="resolution, decision, order, protocol-full, protocol-short, "
                                          "cover-letter, comparison-table"),
    data: Path = typer.Option(..., "--data", "-d", help="the JSON record (- reads standard input)"),
    lang: str = typer.Option("ru", "--lang", "-l", help="kk, ru or both"),
    profile: str = typer.Option(None, "--profile", "-p", help="profile id (default turkestan-city-2025)"),
    fmt: str = typer.Option("docx", "--format", "-f", help="docx or pdf"),
    pdfa: bool = typer.Option(False, "--pdfa", help="PDF/A-2b (with --format pdf)"),
    out: Path = typer.Option(..., "--out", "-o", help="output file, or a folder (always a folder with --lang both)"),
) -> None:
    """Render a document from a JSON record (--lang both writes OUT/<kind>.kk.docx and OUT/<kind>.ru.docx)."""
    from service.generation import render

    if lang not in ("kk", "ru", "both"):
        fail(said("usage-format", value=lang, allowed="kk, ru, both"))
    record = _read_record(data)
    langs = ["kk", "ru"] if lang == "both" else [lang]
    rendered = [(path, render(kind, record, lang=code, profile=profile, format=fmt, pdfa=pdfa))
                for code, path in _targets(kind, langs, out, fmt)]
    for path, blob in rendered:  # write only once every language rendered
        path.write_bytes(blob)
        typer.echo(str(path))


@app.command("kinds")
@guarded
def kinds_cmd(
    fmt: str = typer.Option("text", "--format", "-f", help="text or json"),
    lang_out: str = messages_option("the listing"),
) -> None:
    """List the document kinds with their Kazakh and Russian names (generated ones have a template)."""
    from service.generation import kinds_info

    info = kinds_info()
    if fmt == "json":
        typer.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    if fmt != "text":
        fail(said("usage-format", value=fmt, allowed="text, json"))
    from validators.texts import text

    lang = message_lang(lang_out)
    for k in info:
        mark = text("cli.kind-generated" if k["generated"] else "cli.kind-validated", lang)
        typer.echo(f"{k['kind']:<22} {mark:<32} kk: {k['names']['kk']}; ru: {k['names']['ru']}")


@app.command("preflight")
@guarded
def preflight_cmd(
    templates: list[Path] = typer.Argument(None, help="template files (default: every shipped template)"),
    kind: str = typer.Option(None, "--kind", "-k", help="the kind the templates are for: their variables are "
                             "checked against its schema (default: the kind whose template file has this name)"),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json"),
    lang_out: str = messages_option(),
) -> None:
    """Check templates the way docxtpl renders them: what it would fail on (Jinja syntax, after its run patching
    and with its own tags) and, for a kind, variables its schema does not declare — each with its location.
    Exit 0 when all pass, 1 on a problem, 2 for a file that is not a readable .docx."""
    from service.preflight import check_all, check_file
    from validators.texts import text

    if fmt not in ("text", "json"):
        fail(said("usage-format", value=fmt, allowed="text, json"))
    lang = message_lang(lang_out)
    problems = [p for t in templates for p in check_file(t, kind)] if templates else check_all()
    if fmt == "json":
        typer.echo(json.dumps([p.to_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        for p in problems:
            typer.echo(p.text(lang))
        typer.echo(text("preflight.summary-problems", lang, count=len(problems)) if problems
                   else text("preflight.summary-passed", lang))
    if problems:
        raise typer.Exit(EXIT_REJECTED)
