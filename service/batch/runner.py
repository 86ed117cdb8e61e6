"""One batch from start to end: collect the inputs, skip what is already reported (``resume``), run the
per-document task on an engine, write each result as it comes, then the summary and reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from service.batch import inputs, results
from service.batch.task import SIGNATURE_LIMIT, Params, attachment, record, unusable
from validators.errors import QujatError, UnknownName
from validators.texts import error_texts

ENGINES = ("local", "celery")


@dataclass
class Plan:
    """What a run will do: the items to send, and records known without running anything."""

    total: int  # documents in the batch (one per distinct content, plus refused or unreadable files)
    todo: list[tuple[str, inputs.Item]]  # (job id = content hash, item)
    immediate: list[dict]  # refused items, signature files attached to a letter, unreadable files
    skipped: int  # already reported by an earlier run
    duplicates: dict[str, list[str]]  # content hash -> other paths with the same content


def plan(items: list[inputs.Item], done: set[str]) -> Plan:
    """Hash every item once, group identical contents (one document, several paths), drop what is done.
    Contents are not kept: the jobs read each file again when it is sent, so memory stays flat."""
    todo: list[tuple[str, inputs.Item]] = []
    immediate: list[dict] = []
    seen: dict[str, list[str]] = {}
    skipped = 0
    for it in items:
        if it.refused:
            rec = record(it.path, "", "refused", error={"code": "refused", "message": it.refused})
        else:
            try:
                digest = inputs.sha256(it.read())
            except (QujatError, OSError) as exc:
                rec = unusable(it.path, "", f"the file cannot be read: {getattr(exc, 'message', None) or exc}",
                               messages=dict(error_texts(exc)) if isinstance(exc, QujatError) else None)
            else:
                if digest in seen:
                    seen[digest].append(it.path)
                    continue
                seen[digest] = []
                if digest in done:
                    skipped += 1
                elif it.attached_to:
                    immediate.append(record(it.path, digest, "attachment", attached_to=it.attached_to))
                else:
                    todo.append((digest, it))
                continue
        if results.key(rec) in done:
            skipped += 1
        else:
            immediate.append(rec)
    refused = sum(1 for it in items if it.refused) + sum(1 for r in immediate if r["status"] == "unusable")
    return Plan(total=len(seen) + refused, todo=todo, immediate=immediate, skipped=skipped,
                duplicates={d: paths for d, paths in seen.items() if paths})


def make_engine(engine: str, workers: int, timeout: float, deadline: float | None = None):
    if engine == "local":
        from service.batch.local import LocalEngine

        return LocalEngine(workers=workers, timeout=timeout)
    if engine == "celery":
        from service.batch.celery_engine import CeleryEngine

        return CeleryEngine(timeout=timeout, deadline=deadline)
    raise UnknownName(f"unknown engine {engine!r}; use {' or '.join(ENGINES)}")


def run_batch(source: Path, out_dir: Path, *, workers: int = 2, engine: str = "local", resume: bool = False,
              params: Params | None = None, timeout: float = 120.0, deadline: float | None = None,
              on_start: Callable[[int, int], None] | None = None,
              on_result: Callable[[dict], None] | None = None) -> dict:
    """Check every file of ``source`` (a folder or a .zip) into ``out_dir``; returns the summary.

    ``deadline``: seconds the whole batch may take on Celery (default QUJAT_BATCH_DEADLINE); what is unfinished
    then is reported ``unusable`` (code ``deadline``). ``on_start(total, already_done)`` and
    ``on_result(record)`` let a face draw progress.
    """
    params = params or Params()
    if params.received is None:
        from validators.rules.incoming import KZ_TZ

        params = Params(**{**params.to_dict(), "received": dt.datetime.now(KZ_TZ).date().isoformat()})
    if engine not in ENGINES:
        raise UnknownName(f"unknown engine {engine!r}; use {' or '.join(ENGINES)}")
    _validate(params)
    items = _outside(inputs.collect(Path(source)), Path(source), Path(out_dir))
    writer = results.ResultsWriter(out_dir, resume=resume)
    try:
        p = plan(items, writer.done)
        if on_start:
            on_start(p.total, p.skipped)
        def emit(rec: dict) -> None:
            if p.duplicates.get(rec["sha256"]):
                rec["duplicates"] = p.duplicates[rec["sha256"]]
            if writer.write(rec) and on_result:
                on_result(rec)

        for rec in p.immediate:
            emit(rec)
        if p.todo:
            eng = make_engine(engine, workers, timeout, deadline)
            by_path = {it.path: it for it in items}
            for _, rec in eng.run(_jobs(p, by_path), params.to_dict(), inputs.sha256):
                emit(rec)
    finally:
        writer.close()
    meta = {"engine": engine, "workers": workers, "profile": params.profile or _default_profile(),
            "params": params.to_dict(), "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    return results.write_reports(out_dir, results.read_results(out_dir), meta)


def _outside(items: list[inputs.Item], source: Path, out_dir: Path) -> list[inputs.Item]:
    """Leave out our own output when OUT_DIR lies inside the input folder."""
    try:
        rel = out_dir.resolve().relative_to(source.resolve()).as_posix()
    except ValueError:
        return items
    return [it for it in items if not (it.path + "/").startswith(rel + "/")]


def _jobs(p: Plan, items: dict[str, inputs.Item]) -> Iterator[tuple[str, str, bytes, list[dict]]]:
    for job_id, item in p.todo:
        try:
            data = item.read()
        except (QujatError, OSError):
            data = b""  # vanished since planning: the task reports an empty file as unusable
        yield job_id, item.path, data, [_attachment(items[path]) for path in item.attachments]


def _attachment(item: inputs.Item) -> dict:
    """A signature file travels with its bytes (to be verified over the letter), anything else by name."""
    if item.path.lower().endswith(inputs.SIGNATURE_SUFFIXES) and item.size <= SIGNATURE_LIMIT:
        try:
            return attachment(item.path, item.read())
        except (QujatError, OSError):
            pass
    return attachment(item.path)


def _default_profile() -> str:
    from validators import resources

    return resources.DEFAULT_PROFILE


def _validate(params: Params) -> None:
    """Unknown profile/kind/lang fail the whole batch at once, not every document."""
    from validators import kinds, profiles, resources

    profiles.load(params.profile)
    if params.kind is not None and params.kind not in kinds.KINDS:
        raise UnknownName(f"unknown kind {params.kind!r}; known: {', '.join(kinds.KINDS)}")
    if params.lang is not None and params.lang not in resources.LANGS:
        raise UnknownName(f"unknown language {params.lang!r}; use kk or ru")
