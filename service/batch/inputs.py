"""The files of a batch: a folder or a .zip, vetted before anything is read.

A .zip is refused as a whole, with a message naming the entry, when it is hostile: a path that climbs out
(``../``) or is absolute, a symlink, a nested archive, too many entries, or a bomb (compression ratio or
total unpacked size past the limits). In a folder, symlinks and archives are reported as refused entries;
nothing is skipped silently. Signature files (.cms/.p7s/.sig/.p7m) and files named after a letter
(``letter.docx`` → ``letter_приказ.pdf``) travel with that letter as its attachments.
"""

from __future__ import annotations

import hashlib
import os
import stat
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from service import limits
from validators.errors import TooLarge, UnusableDocument
from validators.settings import at_import
from validators.texts import said

MB = 1024 * 1024
MAX_FILE_BYTES = int(at_import("batch_max_file_mb") * MB)
MAX_TOTAL_BYTES = int(at_import("batch_max_total_mb") * MB)
MAX_ENTRIES = at_import("batch_max_entries")
MAX_RATIO = 100  # uncompressed / compressed for an entry above 1 MiB
SIGNATURE_SUFFIXES = (".cms", ".p7s", ".sig", ".p7m")
ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# What zipfile raises on a damaged entry: a bad CRC or local header, a broken deflate stream, a cut-off
# entry, a compression method it does not know (a flipped header field).
DAMAGED_ENTRY = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError)


@dataclass
class Item:
    """One input file: its path inside the batch (POSIX, relative) and how to read its bytes."""

    path: str
    size: int
    read: Callable[[], bytes] = field(repr=False)
    refused: str | None = None  # why the file cannot be taken (a symlink, an archive inside the batch)
    attachments: list[str] = field(default_factory=list)  # paths of files that travel with it
    attached_to: str | None = None  # for a signature file: the document it signs


def _safe_relpath(name: str) -> str:
    """The entry name as a clean relative POSIX path, or UnusableDocument naming the problem."""
    if "\x00" in name:
        raise UnusableDocument(f"archive entry {name!r} has a NUL byte in its name; the archive is refused",
                               messages=said("archive-bad-name", entry=name.replace("\0", "")))
    posix = name.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":"):
        raise UnusableDocument(f"archive entry {name!r} has an absolute path; the archive is refused",
                               messages=said("archive-bad-name", entry=name))
    parts = [p for p in PurePosixPath(posix).parts if p not in ("", ".")]
    if ".." in parts:
        raise UnusableDocument(f"archive entry {name!r} climbs out of the archive (path traversal); "
                               "the archive is refused", messages=said("archive-bad-name", entry=name))
    if not parts:
        raise UnusableDocument(f"archive entry {name!r} has an empty name; the archive is refused",
                               messages=said("archive-bad-name", entry=name))
    return "/".join(parts)


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


def from_zip(path: Path, max_entries: int | None = None) -> list[Item]:
    """The entries of a .zip, after vetting the whole archive (see the module docstring).

    The archive is opened once: every item reads through the same handle (reopening a zip of 20,000
    entries for each entry parses its central directory 20,000 times)."""
    limit = MAX_ENTRIES if max_entries is None else max_entries
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, *DAMAGED_ENTRY) as exc:
        raise UnusableDocument(f"{path.name} is not a readable .zip archive ({exc})",
                               messages=said("archive-unreadable", name=path.name)) from None
    infos = [i for i in zf.infolist() if not i.is_dir()]
    if len(infos) > limit:
        zf.close()
        raise limits.exceeded("batch-entries", limit, len(infos), name=path.name)
    total, seen, items = 0, set(), []
    for info in infos:
        rel = _safe_relpath(info.filename)
        if _is_symlink(info):
            raise UnusableDocument(f"archive entry {info.filename!r} is a symbolic link; the archive is refused",
                                   messages=said("archive-link", entry=info.filename))
        if info.flag_bits & 0x1:
            raise UnusableDocument(f"archive entry {info.filename!r} is encrypted; the archive is refused",
                                   messages=said("archive-encrypted", entry=info.filename))
        if info.file_size > MAX_FILE_BYTES:
            raise TooLarge(f"archive entry {info.filename!r} unpacks to {info.file_size} bytes "
                           f"(limit {MAX_FILE_BYTES}); the archive is refused",
                           messages=said("archive-entry-too-large", entry=info.filename, limit=MAX_FILE_BYTES))
        if info.file_size > MB and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnusableDocument(
                f"archive entry {info.filename!r} has a compression ratio of "
                f"{info.file_size // max(info.compress_size, 1)}:1 (limit {MAX_RATIO}:1): a zip bomb; "
                "the archive is refused",
                messages=said("archive-zip-bomb", entry=info.filename, ratio=info.file_size // max(info.compress_size, 1)))
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise TooLarge(f"{path.name} unpacks to more than {MAX_TOTAL_BYTES} bytes; the archive is refused "
                           "as a possible zip bomb",
                           messages=said("archive-too-large", name=path.name, limit=MAX_TOTAL_BYTES))
        if rel.lower() in seen:
            raise UnusableDocument(f"archive entry {info.filename!r} appears twice; the archive is refused",
                                   messages=said("archive-duplicate", entry=info.filename))
        seen.add(rel.lower())
        if rel.lower().endswith(ARCHIVE_SUFFIXES) or _nested_zip(zf, info):
            raise UnusableDocument(f"archive entry {info.filename!r} is itself an archive; nested archives "
                                   "are refused: unpack it and send its files",
                                   messages=said("archive-nested", entry=info.filename))
        items.append(Item(rel, info.file_size, _zip_reader(zf, info)))
    return items


def _nested_zip(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """A ZIP that is not an Office document (.docx/.pptx/.xlsx are ZIPs too). A damaged entry is not called
    one: reading it fails later, for that entry alone, and the rest of the batch is checked."""
    try:
        with zf.open(info) as fh:
            head = fh.read(4)
    except DAMAGED_ENTRY:
        return False
    if head not in _ZIP_MAGIC:
        return False
    try:
        with zf.open(info) as fh, zipfile.ZipFile(fh) as inner:
            names = set(inner.namelist()[:5000])
    except (OSError, *DAMAGED_ENTRY):
        return False
    return "[Content_Types].xml" not in names


def _zip_reader(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], bytes]:
    """Reads one entry through the archive's shared handle (zipfile serialises reads of one handle)."""

    def read() -> bytes:
        try:
            with zf.open(info) as fh:
                data = fh.read(MAX_FILE_BYTES + 1)  # headers can lie: never read past the limit
        except DAMAGED_ENTRY as exc:
            raise UnusableDocument(f"archive entry {info.filename!r} is damaged ({exc})",
                                   messages=said("archive-entry-damaged", entry=info.filename)) from None
        if len(data) > MAX_FILE_BYTES:
            raise TooLarge(f"{info.filename} unpacks past {MAX_FILE_BYTES} bytes",
                           messages=said("archive-entry-too-large", entry=info.filename, limit=MAX_FILE_BYTES))
        return data

    return read


def from_folder(root: Path) -> list[Item]:
    """Every file under ``root`` (sorted); symlinks and archives come back as refused items."""
    items = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        base = Path(dirpath)
        for link in [d for d in dirnames if (base / d).is_symlink()]:
            rel = (base / link).relative_to(root).as_posix()
            items.append(Item(rel, 0, bytes, refused="a symbolic link to a folder; links are not followed"))
        dirnames[:] = [d for d in dirnames if not (base / d).is_symlink() and not d.startswith(".qujat")]
        for name in sorted(filenames):
            p = base / name
            rel = p.relative_to(root).as_posix()
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                items.append(Item(rel, 0, bytes, refused="a symbolic link; links are not followed"))
            elif not stat.S_ISREG(st.st_mode):
                items.append(Item(rel, 0, bytes, refused="not a regular file"))
            elif name.lower().endswith(ARCHIVE_SUFFIXES):
                items.append(Item(rel, st.st_size, _file_reader(p),
                                  refused="an archive inside the batch; unpack it or send it as its own batch"))
            else:
                items.append(Item(rel, st.st_size, _file_reader(p)))
    return items


def _file_reader(p: Path) -> Callable[[], bytes]:
    def read() -> bytes:
        if p.stat().st_size > MAX_FILE_BYTES:
            raise TooLarge(f"{p.name} is larger than {MAX_FILE_BYTES // MB} MB",
                           messages=said("batch-file-too-large", name=p.name, limit=MAX_FILE_BYTES))
        return p.read_bytes()

    return read


def collect(source: Path, max_entries: int | None = None) -> list[Item]:
    """The items of a folder or a .zip, with attachments linked to their documents."""
    source = Path(source)
    if source.is_symlink():
        raise UnusableDocument(f"{source} is a symbolic link; give the folder or archive itself",
                               messages=said("batch-source-link", path=source))
    if source.is_dir():
        items = from_folder(source)
    elif source.is_file():
        with source.open("rb") as fh:
            head = fh.read(4)
        if head not in _ZIP_MAGIC:
            raise UnusableDocument(f"{source.name} is neither a folder nor a .zip archive",
                                   messages=said("batch-source-kind", name=source.name))
        items = from_zip(source, max_entries)
    else:
        raise FileNotFoundError(2, "no such file or folder", str(source))
    link_attachments(items)
    return items


def link_attachments(items: list[Item]) -> None:
    """Signature files and files named ``<stem>_…``/``<stem>.…`` go with the document of that stem."""
    docs = {it.path: it for it in items if not it.refused and not it.path.lower().endswith(SIGNATURE_SUFFIXES)}
    by_stem: dict[str, Item] = {}
    for path, it in sorted(docs.items()):
        p = PurePosixPath(path)
        by_stem.setdefault(str(p.with_suffix("")), it)
    for it in items:
        p = PurePosixPath(it.path)
        if it.refused:
            continue
        if it.path.lower().endswith(SIGNATURE_SUFFIXES):
            base = str(p.with_suffix(""))  # letter.docx.cms → letter.docx ; letter.cms → letter
            owner = docs.get(base) or by_stem.get(base) or by_stem.get(str(PurePosixPath(base).with_suffix("")))
            if owner is not None:
                owner.attachments.append(it.path)
                it.attached_to = owner.path
            continue
        stem = str(p.with_suffix(""))
        for cut in range(len(stem) - 1, 0, -1):  # «letter-7_приказ» → «letter-7»
            if stem[cut] in "_." and (owner := by_stem.get(stem[:cut])) is not None and owner is not it:
                owner.attachments.append(it.path)
                break


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
