"""`qujat check`, `qujat rules`, `qujat profiles`: thin calls into validators."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from service.cli.app import (
    EXIT_NOT_CHECKED,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_UNUSABLE,
    app,
    error_line,
    fail,
    guarded,
    message_lang,
    messages_option,
)
from validators.errors import QujatError
from validators.texts import said, text

FORMATS = ("text", "json", "sarif")


@app.command("check")
@guarded
def check_cmd(
    files: list[Path] = typer.Argument(..., help="documents to check (.docx, .pdf, .pptx)"),
    kind: str = typer.Option(None, "--kind", "-k", help="document kind (detected when omitted)"),
    lang: str = typer.Option(None, "--lang", "-l", help="kk or ru (detected when omitted)"),
    profile: str = typer.Option(None, "--profile", "-p", help="profile id (default turkestan-city-2025)"),
    pair: Path = typer.Option(None, "--pair", help="the other-language version, for the parity rules"),
    related: Path = typer.Option(None, "--with", help="a related document for the pair rules: the act's appendix in "
                                 "a file of its own, the letter a reply answers, the справка of a draft, a speech already published"),
    fmt: str = typer.Option("text", "--format", "-f", help="text, json or sarif"),
    annotate: Path = typer.Option(None, "--annotate", help="write the .docx with findings as Word comments"),
    no_pages: bool = typer.Option(False, "--no-pages", help="do not render DOCX to count pages"),
    no_spelling: bool = typer.Option(False, "--no-spelling", help="skip spelling and grammar"),
    no_ocr: bool = typer.Option(False, "--no-ocr", help="do not OCR scanned PDF pages (they stay unread)"),
    lang_out: str = messages_option("text messages and comments"),
) -> None:
    """Validate documents against a profile. Exit 0 accepted, 1 rejected, 2 unusable input, 3 not checked
    (the document was not understood well enough: the report says why and what to do)."""
    from validators import CheckOptions, check
    from validators.report import to_sarif

    if fmt not in FORMATS:
        fail(said("usage-format", value=fmt, allowed=", ".join(FORMATS)))
    lang_out = message_lang(lang_out, profile)
    if annotate is not None and len(files) != 1:
        fail(said("usage-annotate"))
    from service.ocr import engine as ocr_engine
    from service.office import render_info

    options = CheckOptions(pages=not no_pages, spelling=not no_spelling, grammar=not no_spelling, lang_out=lang_out,
                           ocr=ocr_engine(not no_ocr), page_counter=render_info)
    reports, unusable = [], False
    for path in files:
        try:
            reports.append((path, check(path, kind=kind, lang=lang, profile=profile, pair=pair, options=options,
                                       related=related)))
        except QujatError as exc:
            if len(files) == 1:
                raise
            unusable = True
            typer.echo(f"qujat: {path}: {error_line(exc, lang_out)}", err=True)
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            if len(files) == 1:
                raise
            unusable = True
            typer.echo(f"qujat: {error_line(exc, lang_out)}", err=True)
    if fmt == "json":
        dicts = [r.to_dict() for _, r in reports]
        typer.echo(json.dumps(dicts[0] if len(files) == 1 else dicts, ensure_ascii=False, indent=2))
    elif fmt == "sarif":
        typer.echo(json.dumps(to_sarif([r for _, r in reports]), ensure_ascii=False, indent=2))
    else:
        for _, r in reports:
            typer.echo(r.to_text(lang_out))
    if annotate is not None and reports:
        from validators.annotate import annotate as annotate_docx

        path, report = reports[0]
        annotate.write_bytes(annotate_docx(path.read_bytes(), report, lang=lang_out))
        typer.echo(text("cli.annotated", lang_out, path=annotate), err=True)
    if unusable:
        raise typer.Exit(EXIT_UNUSABLE)
    verdicts = {r.verdict for _, r in reports}
    if "not-checked" in verdicts:  # never 0 for what was not understood
        raise typer.Exit(EXIT_NOT_CHECKED)
    raise typer.Exit(EXIT_REJECTED if "rejected" in verdicts else EXIT_OK)


@app.command("rules")
@guarded
def rules_cmd(
    profile: str = typer.Option(None, "--profile", "-p", help="profile id (default turkestan-city-2025)"),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json"),
    coverage: bool = typer.Option(False, "--coverage", help="the extract's checkable rules: encoded / process / missing"),
    lang_out: str = messages_option("the listing"),
) -> None:
    """List a profile's rules with their citations, and the process rules it cannot check on a document."""
    from validators import profiles
    from validators.rules import load_all

    load_all()
    if coverage:
        from validators import coverage as coverage_mod

        cov = coverage_mod.load(profile)
        if fmt not in ("text", "json"):
            fail(said("usage-format", value=fmt, allowed="text, json"))
        typer.echo(json.dumps(cov.to_dict(), ensure_ascii=False, indent=2) if fmt == "json" else cov.to_text())
        return
    prof = profiles.load(profile)
    if fmt == "json":
        typer.echo(json.dumps(prof.to_dict(with_rules=True), ensure_ascii=False, indent=2))
        return
    if fmt != "text":
        fail(said("usage-format", value=fmt, allowed="text, json"))
    lang = message_lang(lang_out, profile)
    typer.echo(text("cli.rules-head", lang, title=prof.title.get(lang) or prof.title.get("ru") or prof.id,
                    count=len(prof.rules)))
    english = lang == "en"  # (the catalog's titles are written in English)
    for rule in prof.rules:
        kinds = ",".join(rule.kinds)
        severity = text(f"label.severity-{rule.severity}", lang).lower()
        typer.echo(f"  {severity:9} {rule.id:38} [{kinds}]  {rule.title if english else rule.name(lang)}")
        typer.echo(f"          {rule.clause if english else prof.citation(rule.clause)[lang]}")
    if prof.process_rules:
        typer.echo(text("cli.process-head", lang))
        for pr in prof.process_rules:
            clause = str(pr.get("clause", ""))
            typer.echo(f"  {pr['id']:38} {clause if english else prof.citation(clause)[lang]} — {pr['why'][lang]}")


@app.command("profiles")
@guarded
def profiles_cmd(
    fmt: str = typer.Option("text", "--format", "-f", help="text or json"),
    lang_out: str = messages_option("the listing"),
) -> None:
    """List the profiles (one per regulation)."""
    from validators import profiles, resources

    items = [profiles.load(pid).to_dict() | {"default": pid == resources.DEFAULT_PROFILE}
             for pid in profiles.available()]
    if fmt == "json":
        typer.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    lang = message_lang(lang_out)
    for p in items:
        mark = "*" if p["default"] else " "
        rules = text("cli.profile-rules", lang, count=p["rules"])
        typer.echo(f"{mark} {p['id']:26} {rules:12} {p['title'].get(lang) or p['title'].get('ru', '')}")
