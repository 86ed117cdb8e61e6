"""`qujat batch` on the local engine, run as a real process: every file reported (none skipped), the
reports written, hanging and crashing documents reported unusable while the batch goes on, and a batch
killed with SIGKILL finished by --resume with every document reported exactly once."""

import csv
import json
import os
import signal
import subprocess
import time
from collections import Counter

from conftest import HERE, QUJAT, ROOT, base_env, qujat, read_jsonl
from letters import RU_LETTER, letter_docx

EXPECTED = {
    "ru-good.docx": ("checked", "accepted"),
    "kk-good.docx": ("checked", "accepted"),
    "no-executor.docx": ("checked", "rejected"),
    "signed.docx": ("checked", "accepted"),
    "signed.docx.cms": ("attachment", None),
    "tampered.docx": ("checked", "rejected"),
    "tampered.p7s": ("attachment", None),
    "district/acting.docx": ("checked", "rejected"),
    "scan.pdf": ("checked", None),
    "slides.pptx": ("checked", None),
    "readme.txt": ("unsupported", None),
    "old.doc": ("unusable", None),
    "broken.docx": ("unusable", None),
    "appeal.docx": ("checked", "rejected"),
}


def test_mixed_folder_every_file_reported_once(letters_folder, tmp_path):
    out = tmp_path / "out"
    proc = qujat("batch", str(letters_folder), "-o", str(out), "--workers", "2", "--kind", "incoming-letter",
                 "--received", "2025-03-14")
    assert proc.returncode == 0, proc.stderr
    recs = read_jsonl(out / "results.jsonl")
    assert Counter(r["path"] for r in recs) == Counter(list(EXPECTED))  # each exactly once
    by_path = {r["path"]: r for r in recs}
    for path, (status, verdict) in EXPECTED.items():
        assert by_path[path]["status"] == status, (path, by_path[path])
        if verdict:
            assert by_path[path]["verdict"] == verdict, (path, by_path[path]["rules"])
    assert "incoming.executor" in by_path["no-executor.docx"]["rules"]
    assert "incoming.acting-order" in by_path["district/acting.docx"]["rules"]
    # the test PKI is no NCA RK anchor: the signature holds, and the card says its chain is not trusted
    card = by_path["signed.docx"]["card"]
    assert card["eds_status"] == "untrusted"
    assert card["eds"]["ru"].startswith(
        "приложенная подпись signed.docx.cms: НЕ ДОВЕРЕНА: нет цепочки к доверенному корню; подписал: ")
    assert card["eds"]["kk"].startswith(
        "тіркелген қолтаңба signed.docx.cms: СЕНІМДІ ЕМЕС: сенімді тамыр сертификатына тізбек жоқ; қол қойған: ")
    assert set(by_path["tampered.docx"]["rules"]) >= {"incoming.eds-valid"}
    tampered = json.dumps(by_path["tampered.docx"]["report"], ensure_ascii=False)
    assert "the document differs from the one that was signed" in tampered  # en
    assert "документ отличается от подписанного" in tampered and "құжат қол қойылған құжаттан өзгеше" in tampered
    assert by_path["signed.docx.cms"]["attached_to"] == "signed.docx"
    assert "legacy" in by_path["old.doc"]["error"]["message"]
    assert by_path["ru-good.docx"]["card"]["deadline"] == "2025-03-26"  # «в течение 5 рабочих дней»

    summary = json.loads((out / "summary.json").read_text())
    assert summary["documents"] == len(EXPECTED)
    assert summary["by_status"]["unsupported"] == 1 and summary["by_status"]["unusable"] == 2
    assert summary["findings_by_rule"]["incoming.executor"] >= 1
    rows = list(csv.DictReader((out / "report.csv").open(encoding="utf-8-sig")))
    assert {r["файл"] for r in rows} == set(EXPECTED)  # the profile's language (Turkestan: Russian)
    assert next(r for r in rows if r["файл"] == "ru-good.docx")["исходящий номер"] == "01-12/345"
    signed_row = next(r for r in rows if r["файл"] == "signed.docx")
    assert signed_row["ЭЦП"].startswith("приложенная подпись signed.docx.cms: НЕ ДОВЕРЕНА")
    page = (out / "report.html").read_text()
    assert "приложенная подпись signed.docx.cms: НЕ ДОВЕРЕНА" in page and "attached signature" not in page
    assert "<svg" in page and "sortable" in page and "проверка пакета документов" in page
    # the chart and the tables name rules as people do; the id is only a tooltip
    assert ">Исполнитель и телефон</text>" in page and "<title>incoming.executor: " in page
    assert ">incoming.executor<" not in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")  # self-contained
    assert f"Документов: {len(EXPECTED)} (" in proc.stdout


def test_duplicate_contents_are_one_document(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    data = letter_docx(RU_LETTER)
    (folder / "a.docx").write_bytes(data)
    (folder / "copy-of-a.docx").write_bytes(data)
    out = tmp_path / "out"
    assert qujat("batch", str(folder), "-o", str(out), "--kind", "incoming-letter").returncode == 0
    recs = read_jsonl(out / "results.jsonl")
    assert len(recs) == 1 and recs[0]["duplicates"] == ["copy-of-a.docx"]
    assert json.loads((out / "summary.json").read_text())["files"] == 2


def test_hanging_and_crashing_documents_are_reported_unusable_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        (folder / f"letter-{i}.docx").write_bytes(letter_docx(RU_LETTER, outgoing=f"Исх. № {i} от 12.03.2025"))
    (folder / "hang-1.docx").write_bytes(letter_docx(RU_LETTER, outgoing="Исх. № 91 от 12.03.2025"))
    (folder / "crash-2.docx").write_bytes(letter_docx(RU_LETTER, outgoing="Исх. № 92 от 12.03.2025"))
    out = tmp_path / "out"
    env = base_env(QUJAT_BATCH_TASK="faulty:run", PYTHONPATH=f"{ROOT}:{HERE}")
    proc = qujat("batch", str(folder), "-o", str(out), "--workers", "2", "--timeout", "6", "--kind",
                 "incoming-letter", env=env)
    assert proc.returncode == 0, proc.stderr
    by_path = {r["path"]: r for r in read_jsonl(out / "results.jsonl")}
    assert len(by_path) == 6
    assert by_path["hang-1.docx"]["status"] == "unusable" and by_path["hang-1.docx"]["error"]["code"] == "timeout"
    assert "did not finish within 6 s" in by_path["hang-1.docx"]["error"]["message"]
    crash = by_path["crash-2.docx"]
    assert crash["status"] == "unusable" and crash["error"]["code"] == "worker-crashed"
    assert "signal 9" in crash["error"]["message"]
    assert all(by_path[f"letter-{i}.docx"]["status"] == "checked" for i in range(4))


def test_sigkill_mid_batch_then_resume_reports_every_document_exactly_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    n = 160
    for i in range(n):
        (folder / f"letter-{i:03d}.docx").write_bytes(
            letter_docx(RU_LETTER, outgoing=f"Исх. № 01-12/{i} от 12.03.2025"))
    out = tmp_path / "out"
    results = out / "results.jsonl"
    batch = subprocess.Popen([*QUJAT, "batch", str(folder), "-o", str(out), "--workers", "2", "--kind",
                              "incoming-letter"], cwd=ROOT, env=base_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if results.exists() and results.read_bytes().count(b"\n") >= 10:
            break
        time.sleep(0.02)
    os.killpg(batch.pid, signal.SIGKILL)  # the batch and its workers, mid-write or not
    batch.wait(10)
    before = results.read_bytes().count(b"\n")
    assert 10 <= before < n, f"the kill must land mid-batch ({before} of {n} reported)"
    assert not (out / "summary.json").exists()

    proc = qujat("batch", str(folder), "-o", str(out), "--workers", "2", "--kind", "incoming-letter", "--resume")
    assert proc.returncode == 0, proc.stderr
    recs = read_jsonl(results)
    counts = Counter(r["path"] for r in recs)
    assert len(counts) == n and set(counts.values()) == {1}
    assert all(r["status"] == "checked" for r in recs)
    assert json.loads((out / "summary.json").read_text())["documents"] == n


def test_output_inside_the_input_folder_is_not_checked_as_input(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.docx").write_bytes(letter_docx(RU_LETTER))
    out = folder / "report"
    assert qujat("batch", str(folder), "-o", str(out), "--kind", "incoming-letter").returncode == 0
    again = qujat("batch", str(folder), "-o", str(out), "--kind", "incoming-letter", "--resume")
    assert again.returncode == 0 and "уже проверено документов: 1" in again.stderr
    assert [r["path"] for r in read_jsonl(out / "results.jsonl")] == ["a.docx"]


def _children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    if int(fh.read().rsplit(b")", 1)[1].split()[1]) == pid:
                        kids.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return kids


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        kids = _children(todo.pop())
        found += kids
        todo += kids
    return found


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace")[:120]
    except OSError:
        return "?"


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except OSError:
        return True


def test_workers_die_with_a_killed_parent(tmp_path):
    """Issue 15 (4): `qujat batch` killed with SIGKILL takes its workers with it (they used to block forever
    on a pipe whose other end a sibling still held). The workers are forked by a fork server, the batch's
    child: every process below the batch must end."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(2):
        (folder / f"hang-{i}.docx").write_bytes(letter_docx(RU_LETTER, outgoing=f"Исх. № 9-{i} от 12.03.2025"))
    env = base_env(QUJAT_BATCH_TASK="faulty:run", PYTHONPATH=f"{ROOT}:{HERE}")
    proc = subprocess.Popen([*QUJAT, "batch", str(folder), "-o", str(tmp_path / "out"), "--workers", "2",
                             "--timeout", "600"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(_descendants(proc.pid)) < 3 and time.monotonic() < deadline:  # fork server + 2 workers
            time.sleep(0.1)
        time.sleep(1)  # both workers hold their documents
        workers = _descendants(proc.pid)
        assert len(workers) >= 3, workers
        proc.kill()
        proc.wait(10)
        deadline = time.monotonic() + 20
        while not all(_gone(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        alive = {w: _cmdline(w) for w in workers if not _gone(w)}
        assert not alive, f"processes {alive} outlived their parent"
    finally:
        proc.kill()
        for w in workers:
            if not _gone(w):
                os.kill(w, signal.SIGKILL)


def test_a_lock_held_by_another_thread_of_the_caller_does_not_reach_the_workers(tmp_path, monkeypatch):
    """The engine runs inside many-threaded callers (the HTTP service, pytest itself). Workers used to be
    forked from the caller, so a lock another of its threads held at that moment stayed held in the child for
    ever (a hung full suite, twice). Workers now fork from a single-threaded fork server."""
    import sys
    import threading

    from service.batch.local import LocalEngine
    from service.batch.task import Params

    monkeypatch.syspath_prepend(str(HERE))
    import faulty

    letter = letter_docx(RU_LETTER, outgoing="Исх. № 5 от 12.03.2025")
    release = threading.Event()
    holder = threading.Thread(target=lambda: (faulty.SHARED.acquire(), release.wait(), faulty.SHARED.release()))
    holder.start()
    try:
        while not faulty.SHARED.locked():
            time.sleep(0.01)
        engine = LocalEngine(workers=1, timeout=60, task="faulty:locked")
        params = {**Params(kind="incoming-letter").to_dict(), "received": "2025-03-12"}
        got = list(engine.run([("j1", "a.docx", letter, [])], params, lambda b: "sha"))
    finally:
        release.set()
        holder.join()
    assert "faulty" in sys.modules
    assert [(job, rec["status"]) for job, rec in got] == [("j1", "checked")], got


def test_a_killed_fork_server_is_started_again_and_the_batch_goes_on(tmp_path):
    """The soak killed the local engine's fork server under load: the workers died with it, and starting their
    replacement met the dying server (``EOFError: unexpected EOF``) — the whole HTTP job failed with 5 of its
    documents unreported. A fork server that dies is started again; every document is reported once."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"letter-{i}.docx").write_bytes(letter_docx(RU_LETTER, outgoing=f"Исх. № {i} от 12.03.2025"))
    for i in range(3):
        (folder / f"forkserver-once-{i}.docx").write_bytes(letter_docx(RU_LETTER, outgoing=f"Исх. № 9{i} от 12.03.2025"))
    markers = tmp_path / "markers"
    markers.mkdir()
    out = tmp_path / "out"
    env = base_env(QUJAT_BATCH_TASK="faulty:run", PYTHONPATH=f"{ROOT}:{HERE}", QUJAT_TEST_MARKERS=str(markers))
    proc = qujat("batch", str(folder), "-o", str(out), "--workers", "2", "--kind", "incoming-letter", env=env)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    recs = read_jsonl(out / "results.jsonl")
    assert Counter(r["path"] for r in recs) == Counter(p.name for p in folder.iterdir())  # each exactly once
    assert list(markers.iterdir())  # the fork server was killed (a document in the other worker then goes with it)
    assert all(r["status"] == "checked" or (r["error"] or {}).get("code") == "worker-crashed" for r in recs), recs
    assert sum(r["status"] == "checked" for r in recs) >= 6


def test_a_worker_is_started_while_its_killed_fork_server_is_replaced():
    """The soak killed the local engine's fork server under load; the replacement worker was asked of the dying
    server (``EOFError: unexpected EOF`` / connection refused) and the whole HTTP job failed with 5 of its
    documents unreported. Each start now waits for multiprocessing to start a new server."""
    from service.batch.local import LocalEngine

    def parent_of(pid: int) -> int:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return int(fh.read().rsplit(b")", 1)[1].split()[1])

    engine = LocalEngine(workers=1)
    slot = engine._spawn({})
    servers = set()
    try:
        for _ in range(6):
            server = parent_of(slot.proc.pid)
            servers.add(server)
            os.kill(server, signal.SIGKILL)  # its worker dies with it
            slot.proc.join(10)
            slot.conn.close()
            slot = engine._spawn({})  # at once, as the engine replaces a dead worker
            assert slot.proc.is_alive()
    finally:
        slot.conn.send(None)
        slot.proc.join(10)
    assert len(servers) == 6  # every kill met a fresh server
