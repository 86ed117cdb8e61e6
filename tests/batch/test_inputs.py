"""Hostile archives are refused with a clear message; folders report links and archives; attachments
(signature files, a delegation order) travel with their letter."""

import io
import os
import zipfile

import pytest
from conftest import qujat
from letters import RU_LETTER, letter_docx

from service.batch import inputs
from validators.errors import TooLarge, UnusableDocument


def make_zip(path, entries: dict[str, bytes], symlink: str | None = None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.create_system = 3
            info.external_attr = (0o120777 << 16)
            zf.writestr(info, "/etc/passwd")
    return path


@pytest.mark.parametrize("name,needle", [
    ("../../etc/cron.d/evil.docx", "path traversal"),
    ("letters/../../evil.docx", "path traversal"),
    ("/etc/evil.docx", "absolute path"),
    ("C:/Windows/evil.docx", "absolute path"),
])
def test_paths_that_escape_are_refused(tmp_path, name, needle):
    z = make_zip(tmp_path / "evil.zip", {"ok.docx": letter_docx(RU_LETTER), name: b"x"})
    with pytest.raises(UnusableDocument, match=needle):
        inputs.collect(z)


def test_symlink_entry_is_refused(tmp_path):
    z = make_zip(tmp_path / "link.zip", {"ok.docx": letter_docx(RU_LETTER)}, symlink="passwd.docx")
    with pytest.raises(UnusableDocument, match="symbolic link"):
        inputs.collect(z)


def test_zip_bomb_is_refused_by_ratio(tmp_path):
    z = make_zip(tmp_path / "bomb.zip", {"ok.docx": letter_docx(RU_LETTER), "zeros.docx": b"\0" * (30 << 20)})
    assert z.stat().st_size < 200_000
    with pytest.raises(UnusableDocument, match="zip bomb"):
        inputs.collect(z)


def test_zip_bomb_is_refused_by_total_size(tmp_path, monkeypatch):
    monkeypatch.setattr(inputs, "MAX_TOTAL_BYTES", 100_000)
    data = os.urandom(60_000)  # incompressible: the ratio test passes, the total does not
    z = make_zip(tmp_path / "big.zip", {"a.bin": data, "b.bin": data[::-1]})
    with pytest.raises(TooLarge, match="zip bomb"):
        inputs.collect(z)


def test_nested_zip_is_refused_but_office_files_are_not(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("letter.docx", letter_docx(RU_LETTER))
    z = make_zip(tmp_path / "nested.zip", {"ok.docx": letter_docx(RU_LETTER), "more.bin": inner.getvalue()})
    with pytest.raises(UnusableDocument, match="nested archives are refused"):
        inputs.collect(z)
    fine = make_zip(tmp_path / "fine.zip", {"a/ok.docx": letter_docx(RU_LETTER), "b/ok.docx": b"x"})
    assert [it.path for it in inputs.collect(fine)] == ["a/ok.docx", "b/ok.docx"]


def test_cli_refuses_a_hostile_archive_with_a_clear_message(tmp_path):
    z = make_zip(tmp_path / "evil.zip", {"../evil.docx": letter_docx(RU_LETTER)})
    out = tmp_path / "out"
    proc = qujat("batch", str(z), "-o", str(out))
    assert proc.returncode == 2
    assert "выход за пределы архива" in proc.stderr and "Traceback" not in proc.stderr
    assert not (out / "results.jsonl").exists() or (out / "results.jsonl").read_text() == ""


def test_folder_reports_links_and_archives_and_links_attachments(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "letter.docx").write_bytes(letter_docx(RU_LETTER))
    (folder / "letter.docx.cms").write_bytes(b"cms")
    (folder / "letter_приказ.pdf").write_bytes(b"%PDF-1.4 order")
    (folder / "sub" / "pack.zip").write_bytes(b"PK\x03\x04")
    os.symlink("/etc/passwd", folder / "sub" / "passwd.docx")
    items = {it.path: it for it in inputs.collect(folder)}
    assert items["sub/pack.zip"].refused.startswith("an archive inside the batch")
    assert "symbolic link" in items["sub/passwd.docx"].refused
    assert items["letter.docx.cms"].attached_to == "letter.docx"
    assert sorted(items["letter.docx"].attachments) == ["letter.docx.cms", "letter_приказ.pdf"]


def test_a_zip_of_thousands_of_tiny_files_is_opened_once(tmp_path, monkeypatch):
    """Issue 15 (1): every entry used to reopen the whole archive (parsing its central directory again:
    quadratic). Now the archive is opened once and read through one handle, however many entries it has."""
    archive = tmp_path / "tiny.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(3000):
            zf.writestr(f"d{i % 30}/f{i}.txt", f"{i}")
    opened = []
    real_init = zipfile.ZipFile.__init__

    def counting(self, file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and os.fspath(file) == os.fspath(archive):
            opened.append(1)
        real_init(self, file, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "__init__", counting)
    items = inputs.collect(archive)
    assert [it.read() for it in items[:3]] == [b"0", b"1", b"2"]
    assert sum(len(it.read()) for it in items) == sum(len(str(i)) for i in range(3000))
    assert len(opened) == 1


def test_entry_count_limit_is_localized(tmp_path):
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for i in range(30):
            zf.writestr(f"f{i}.txt", b"x")
    with pytest.raises(TooLarge) as caught:
        inputs.collect(archive, max_entries=20)
    details = caught.value.details
    assert details["limit"] == "batch-entries" and details["value"] == 30 and details["max"] == 20
    assert "QUJAT_BATCH_MAX_ENTRIES" in details["messages"]["kk"] and "20" in details["messages"]["ru"]
