"""Wrong-field records never crash ``service.render`` and never produce a corrupt .docx: a record is either
rendered into a package whose every XML part parses, or refused with DataInvalid naming the JSON path."""

from __future__ import annotations

import copy
import io
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from service import render
from tests.robustness.fixtures import example
from validators import CheckOptions, check
from validators.errors import DataInvalid

KINDS = ("resolution", "protocol-full", "cover-letter", "comparison-table")
WRONG_VALUES = [123, 1.5, True, None, [], {}, "", {"xx": "y"}, [[["deep"]]], "Ж" * 2000]

NO_LOCALE = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}  # the profile's ru


def assert_sound_docx(data: bytes) -> None:
    """Every XML part parses with a strict parser (Word refuses a package where one does not)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(zf.read(name))


def leaves(value, path=()):
    """(path, value) of every scalar in a record."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from leaves(v, (*path, i))
    else:
        yield path, value


def put(record: dict, path: tuple, value) -> dict:
    out = copy.deepcopy(record)
    target = out
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_every_leaf_replaced_by_a_wrong_value_renders_soundly_or_is_refused(kind):
    record = example(kind)
    rng = random.Random(kind)
    paths = [p for p, _ in leaves(record)]
    refused = rendered = 0
    for path in paths:
        for value in rng.sample(WRONG_VALUES, 3):
            try:
                data = render(kind, put(record, path, value), lang="ru")
            except DataInvalid as exc:
                assert exc.details and all(d["path"].startswith("$") for d in exc.details), exc.details
                refused += 1
            else:
                assert_sound_docx(data)
                rendered += 1
    assert refused > len(paths)  # most wrong values are refused; some (a long text) are fine


XML_FORBIDDEN = ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x1f", "\ud800", "\udfff", "\ufffe", "\uffff"]


@pytest.mark.parametrize("char", XML_FORBIDDEN, ids=[f"U+{ord(c):04X}" for c in XML_FORBIDDEN])
def test_characters_xml_forbids_are_refused_naming_the_path(char):
    record = example("resolution")
    record["title"]["ru"] = "Об утверждении" + char + " плана"
    with pytest.raises(DataInvalid) as err:
        render("resolution", record, lang="ru")
    assert err.value.details == [{"path": "$.title.ru", "message": err.value.details[0]["message"]}]
    assert f"U+{ord(char):04X} at position 14" in err.value.message


@pytest.mark.parametrize("char", ["\t", "\n", "\r", "\a", "\f", "\u202e", "\u200b", "\u2028", "\U0001f600"])
def test_allowed_controls_and_unicode_give_a_sound_checkable_docx(char):
    """Tabs, line/paragraph/page breaks (docxtpl listing), bidi marks, emoji: rendered, every part sound
    (\\a and \\f in the title once made docProps/core.xml unreadable)."""
    record = example("resolution")
    record["title"]["ru"] = "Об утверждении" + char + "плана"
    record["body"]["ru"] = "АКИМАТ" + char + "ГОРОДА ТУРКЕСТАН"
    data = render("resolution", record, lang="ru")
    assert_sound_docx(data)
    report = check(data, options=CheckOptions(pages=False, spelling=False, grammar=False))
    assert report.document.kind == "resolution"


@pytest.mark.parametrize(("value", "path", "words"), [
    ("Об " * 40_000, "$.title", "the limit is 100000"),
    ({"a": {"b": {"c": None}}}, "$.title", None),  # an object where a text goes: the schema's refusal
    (b"bytes", "$.title", "bytes is not JSON"),
    (float("nan"), "$.title", "not a JSON number"),
    ({1: "x"}, "$.title", "key 1 is not a string"),
])
def test_values_no_schema_can_describe_are_refused(value, path, words):
    record = example("resolution")
    record["title"] = value
    with pytest.raises(DataInvalid) as err:
        render("resolution", record, lang="ru")
    assert err.value.details[0]["path"] == path
    if words:
        assert words in err.value.message


def test_deep_nesting_is_refused_without_recursion():
    junk: object = "x"
    for _ in range(50_000):
        junk = {"a": junk}
    record = example("resolution") | {"extra": junk}
    with pytest.raises(DataInvalid) as err:
        render("resolution", record, lang="ru")
    assert "nested deeper than 32 levels" in err.value.message


def test_cli_refuses_deeply_nested_json(tmp_path: Path):
    record = tmp_path / "deep.json"
    record.write_text('{"a":' * 100_000 + "1" + "}" * 100_000)
    qujat = Path(sys.executable).with_name("qujat")
    done = subprocess.run([str(qujat), "render", "resolution", "-d", str(record), "-o", str(tmp_path / "x.docx")],
                          capture_output=True, text=True, timeout=120, env=NO_LOCALE)
    assert done.returncode == 2
    assert done.stderr.strip() == f"qujat: {record}: JSON вложен слишком глубоко, это не запись документа."
    assert not (tmp_path / "x.docx").exists()


def test_cli_render_refuses_a_device_as_record(tmp_path: Path):
    qujat = Path(sys.executable).with_name("qujat")
    done = subprocess.run([str(qujat), "render", "resolution", "-d", "/dev/zero", "-o", str(tmp_path / "x.docx")],
                          capture_output=True, text=True, timeout=120, env=NO_LOCALE)
    assert done.returncode == 2
    assert done.stderr == "qujat: /dev/zero — не обычный файл (устройство, канал или сокет).\n"
