"""`qujat batch` (check a folder or a .zip of documents) and `qujat worker` (a Celery worker for batches)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from service.cli.app import app, guarded, message_lang


class RateColumn(ProgressColumn):
    """Documents per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} doc/s" if speed else "– doc/s", style="progress.data.speed")


@app.command("batch")
@guarded
def batch(
    input: Path = typer.Argument(..., help="a folder or a .zip of documents (DOCX, PDF, PPTX; others are reported)"),  # noqa: A002
    out: Path = typer.Option(..., "-o", "--out", help="output folder: results.jsonl, summary.json, report.csv, report.html"),
    workers: int = typer.Option(2, "--workers", "-w", min=1, help="worker processes (local engine)"),
    engine: str = typer.Option("local", "--engine", help="local | celery (workers started with `qujat worker`)"),
    resume: bool = typer.Option(False, "--resume", help="skip documents already in OUT/results.jsonl (by content hash)"),
    profile: str | None = typer.Option(None, "--profile", help="regulation profile (default turkestan-city-2025)"),
    kind: str | None = typer.Option(None, "--kind", help="document kind for every file (default: detected)"),
    lang: str | None = typer.Option(None, "--lang", help="kk | ru (default: detected)"),
    received: str | None = typer.Option(None, "--received", help="date the documents were received, YYYY-MM-DD "
                                        "(incoming-letter deadlines; default today)"),
    timeout: float = typer.Option(120.0, "--timeout", min=0.1, help="seconds one document may take"),
    deadline: float = typer.Option(None, "--deadline", min=1, help="seconds the whole batch may take on Celery; "
                                   "unfinished documents are then reported (default QUJAT_BATCH_DEADLINE, 6 h)"),
    pages: bool = typer.Option(False, "--pages/--no-pages", help="count DOCX pages through LibreOffice"),
    spelling: bool = typer.Option(False, "--spelling/--no-spelling", help="run the spelling checks"),
    ocr: bool = typer.Option(True, "--ocr/--no-ocr", help="OCR scanned PDF pages with Tesseract"),
    inbox: bool = typer.Option(True, "--inbox/--no-inbox", help="letters are incoming correspondence: a letter "
                               "that reads like a cover letter is checked as an incoming letter"),
) -> None:
    """Check every document of a folder or .zip; results are written as each document finishes."""
    from service.batch.results import shown, verdict_of
    from service.batch.runner import run_batch
    from service.batch.task import Params
    from validators.texts import text

    if received:
        import datetime as dt

        try:
            dt.date.fromisoformat(received)
        except ValueError:
            from service.cli.app import fail
            from validators.texts import said

            fail(said("usage-date", option="--received", value=received))
    params = Params(profile=profile, kind=kind, lang=lang, pages=pages, spelling=spelling, received=received,
                    inbox=inbox, ocr=ocr)
    lang = message_lang(None, profile)
    console = Console(stderr=True)
    columns = [TextColumn(f"[bold]{text('batch.cli-checking', lang)}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
               TextColumn("eta"), TimeRemainingColumn(), TimeElapsedColumn(),
               TextColumn("{task.fields[last]}", style="dim")]
    with Progress(*columns, console=console, transient=False, disable=not console.is_terminal) as progress:
        task_id = progress.add_task("batch", total=None, last="")

        def on_start(total: int, done: int) -> None:
            progress.update(task_id, total=total - done)
            if done:
                console.print(text("batch.cli-resuming", lang, done=done))

        def on_result(rec: dict) -> None:
            progress.update(task_id, advance=1, last=f"{rec['path'][-40:]}: {shown(verdict_of(rec), lang)}")

        summary = run_batch(input, out, workers=workers, engine=engine, resume=resume, params=params,
                            timeout=timeout, deadline=deadline, on_start=on_start, on_result=on_result)
    statuses = ", ".join(f"{shown(k, lang)} {v}" for k, v in {**summary["by_verdict"], **{
        k: v for k, v in summary["by_status"].items() if k != "checked"}}.items())
    typer.echo(text("batch.cli-done", lang, documents=summary["documents"],
                    statuses=statuses or text("batch.cli-nothing", lang), out=out))


@app.command("worker")
@guarded
def worker(
    concurrency: int = typer.Option(2, "--concurrency", "-c", min=1, help="processes in this worker"),
    loglevel: str = typer.Option("WARNING", "--loglevel", help="Celery log level"),
) -> None:
    """Start a Celery worker for batch checks (broker and results: QUJAT_REDIS_URL)."""
    from service.batch.celery_engine import worker_main

    worker_main(concurrency, loglevel)
