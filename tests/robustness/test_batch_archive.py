"""A batch .zip with one damaged entry: that entry is recorded as unusable, naming it; the other documents
are checked (the damaged entry once crashed the whole batch with BadZipFile / zlib.error)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from service.batch import inputs
from tests.robustness import fixtures, mutations
from validators.errors import UnusableDocument

QUJAT = str(Path(sys.executable).with_name("qujat"))
DAMAGED = "b/protocol.docx"


def batch_zip(where: str) -> bytes:
    """Three documents; the compressed data of DAMAGED flipped at its ``where`` ("start" or "middle")."""
    items = [("a/resolution.docx", fixtures.resolution_docx()), (DAMAGED, fixtures.protocol_docx()),
             ("act.pdf", fixtures.act_pdf())]
    data = bytearray(mutations.pack(items))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo(DAMAGED)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    offset = 0 if where == "start" else info.compress_size // 2
    for k in range(4):
        data[start + offset + k] ^= 0xFF
    return bytes(data)


@pytest.mark.parametrize("where", ["start", "middle"])
def test_damaged_entry_is_refused_alone(tmp_path: Path, where):
    archive = tmp_path / "batch.zip"
    archive.write_bytes(batch_zip(where))
    items = {it.path: it for it in inputs.collect(archive)}
    assert set(items) == {"a/resolution.docx", DAMAGED, "act.pdf"}
    with pytest.raises(UnusableDocument, match=f"archive entry '{DAMAGED}' is damaged"):
        items[DAMAGED].read()
    assert items["act.pdf"].read() == fixtures.act_pdf()


def test_qujat_batch_checks_the_rest(tmp_path: Path):
    archive = tmp_path / "batch.zip"
    archive.write_bytes(batch_zip("middle"))
    done = subprocess.run([QUJAT, "batch", str(archive), "-o", str(tmp_path / "out"), "-w", "1"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    results = {r["path"]: r for r in map(json.loads, (tmp_path / "out" / "results.jsonl").read_text().splitlines())}
    assert results[DAMAGED]["status"] == "unusable"
    assert f"archive entry '{DAMAGED}' is damaged" in results[DAMAGED]["error"]["message"]
    assert results["a/resolution.docx"]["status"] == "checked" and results["act.pdf"]["status"] == "checked"
