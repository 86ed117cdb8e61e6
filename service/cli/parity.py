"""`qujat parity KK RU` (bilingual parity report) and `qujat compare OLD NEW` (comparison table)."""

from __future__ import annotations

from pathlib import Path

import typer

from service.cli.app import EXIT_OK, EXIT_REJECTED, app, fail, guarded, message_lang
from validators.texts import said


@app.command("parity")
@guarded
def parity_cmd(
    kk: Path = typer.Argument(..., help="the Kazakh text (.docx, .pdf or .md)"),
    ru: Path = typer.Argument(..., help="the Russian text (.docx, .pdf or .md)"),
    fmt: str = typer.Option("text", "--format", "-f", help="text, json or html"),
    out: Path = typer.Option(None, "--out", "-o", help="write the report here instead of stdout"),
    profile: str = typer.Option(None, "--profile", "-p", help="profile id (default turkestan-city-2025)"),
    lang: str = typer.Option(None, "--lang", "-l", help="language of the messages in text/html output: kk, ru, en "
                             "(default: the locale if kk/ru, else the profile's language)"),
    arithmetic: bool = typer.Option(True, "--arithmetic/--no-arithmetic", help="also check totals in each text"),
) -> None:
    """Align KK and RU unit by unit and report every mismatch (exit 0 accepted, 1 rejected, 2 unusable)."""
    from validators.bilingual import compare_pair, load, parity_result
    from validators.parity import html

    if fmt not in ("text", "json", "html"):
        fail(said("usage-format", value=fmt, allowed="text, json, html"))
    lang = message_lang(lang, profile)
    kk_doc, ru_doc = load(kk, "kk", kk.name, profile), load(ru, "ru", ru.name, profile)
    report = compare_pair(kk_doc, ru_doc, profile=profile, arithmetic=arithmetic)
    if fmt == "json":
        body = report.to_json()
    elif fmt == "html":
        body = html.render(parity_result(kk_doc, ru_doc, profile), report, lang=lang)
    else:
        body = report.to_text(lang) + f"\n  {kk.name} (kk) ↔ {ru.name} (ru)"
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(body, encoding="utf-8")
        typer.echo(str(out))
    else:
        typer.echo(body)
    raise typer.Exit(EXIT_REJECTED if report.verdict == "rejected" else EXIT_OK)


@app.command("compare")
@guarded
def compare_cmd(
    old: Path = typer.Argument(..., help="the act in force (current wording)"),
    new: Path = typer.Argument(..., help="the new version (proposed wording)"),
    lang: str = typer.Option(None, "--lang", "-l", help="kk or ru (default: the act's language)"),
    out: Path = typer.Option(..., "--out", "-o", help="the comparison table .docx to write"),
    profile: str = typer.Option(None, "--profile", "-p", help="profile id (default turkestan-city-2025)"),
) -> None:
    """Write the comparison table of two versions: only changed units, changed words marked."""
    from service.compare import compare_versions

    if lang is not None and lang not in ("kk", "ru"):
        fail(said("usage-format", value=lang, allowed="kk, ru"))
    blob = compare_versions(old, new, lang=lang, profile=profile)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(blob)
    typer.echo(str(out))
