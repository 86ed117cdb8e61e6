"""The kinds registry (schemas/kinds.yaml) is the one list of kinds: adding a kind is an entry there, a
template pair, a schema and an example — nothing else — and generation, detection, the rule catalog's
groups, the API and the CLI all know it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from validators import kinds, resources
from validators.errors import ConfigurationError, UnknownName

NEW_KIND = """
  - id: sample-act
    names: {kk: сынақ органының шешімі, ru: решение тестового органа}
    group: act
    generated: true
    template: sample-act.docx
    words: [РЕШЕНИЕ, ШЕШІМ, ШЕШІМІ]
    issuer: [тестового органа, сынақ органының]
"""

PROBE = r"""
import json, sys
from validators import check, kinds, profiles
from service.generation import render
from service import preflight

record = json.load(open(sys.argv[1], encoding="utf-8"))
decision = json.load(open(sys.argv[2], encoding="utf-8"))
out = {"generated": "sample-act" in kinds.KINDS_GENERATED, "act": list(kinds.GROUPS["act"])}
out["rules"] = sorted(r.id for r in profiles.load(None).rules if "sample-act" in r.kinds)
out["preflight"] = [str(p) for p in preflight.check_all()]
for lang in ("kk", "ru"):
    new = check(render("sample-act", record, lang=lang), lang=lang)
    old = check(render("decision", decision, lang=lang), lang=lang)
    out[lang] = [new.document.kind, old.document.kind]
print(json.dumps(out))
"""


def _home_with_new_kind(tmp_path: Path) -> Path:
    """A copy of the data folders with one kind added the documented way (the code is not copied)."""
    home = tmp_path / "home"
    for folder in ("schemas", "templates", "examples"):
        shutil.copytree(resources.ROOT / folder, home / folder)
    (home / "validators" / "proofing").mkdir(parents=True)
    (home / "validators" / "proofing" / "lexicons").symlink_to(resources.LEXICONS)
    registry = home / "schemas" / "kinds.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + NEW_KIND, encoding="utf-8")
    for lang in resources.LANGS:  # the template pair: the decision's, as a clerk would start one
        shutil.copy(home / "templates" / lang / "decision.docx", home / "templates" / lang / "sample-act.docx")
    schema = json.loads((home / "schemas" / "decision.schema.json").read_text(encoding="utf-8"))
    schema["$id"], schema["title"] = "https://qujat.kz/schemas/sample-act.schema.json", "Sample act"
    (home / "schemas" / "sample-act.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    record = json.loads((home / "examples" / "decision.json").read_text(encoding="utf-8"))
    record["body"] = {"kk": "СЫНАҚ ОРГАНЫНЫҢ ШЕШІМІ", "ru": "РЕШЕНИЕ ТЕСТОВОГО ОРГАНА"}
    record["issuer"]["name"] = {"kk": "сынақ органының төрағасы", "ru": "председатель тестового органа"}
    (home / "examples" / "sample-act.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return home


def test_a_kind_added_to_the_registry_is_generated_detected_and_checked(tmp_path):
    home = _home_with_new_kind(tmp_path)
    env = {**os.environ, "QUJAT_HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", PROBE, str(home / "examples" / "sample-act.json"),
                           str(home / "examples" / "decision.json")],
                          capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["generated"] and out["act"] == ["resolution", "decision", "order", "sample-act"]
    # every catalog rule written for the `act` group applies to the new kind without being edited
    assert {"requisite.title-form", "requisite.point-numbering"} <= set(out["rules"]), out["rules"]
    assert out["preflight"] == []
    # detection: the kind word is shared with the akim's decision; the issuer's words tell them apart
    assert out["kk"] == ["sample-act", "decision"] and out["ru"] == ["sample-act", "decision"]
    cli = subprocess.run([sys.executable, "-c", "from service.cli import main; main()", "kinds", "--format", "json"],
                         capture_output=True, text=True, env=env, timeout=120, check=False)
    listed = {k["kind"]: k for k in json.loads(cli.stdout)}
    assert listed["sample-act"]["generated"] and listed["sample-act"]["group"] == "act"


def test_every_generated_kind_has_its_files():
    for kind in kinds.KINDS_GENERATED:
        entry = kinds.get(kind)
        assert entry.schema_path.is_file() and entry.example_path.is_file(), kind
        for lang in resources.LANGS:
            assert entry.template_path(lang).is_file(), (kind, lang)


def test_groups_expand_in_registry_order_and_unknown_names_are_refused():
    assert kinds.expand(["act", "protocol"]) == ("resolution", "decision", "order", "protocol-full",
                                                 "protocol-short")
    assert kinds.expand(["*"]) == ("*",)
    with pytest.raises(ConfigurationError, match="no-such"):
        kinds.expand(["no-such"])
    with pytest.raises(UnknownName):
        kinds.generated("presentation")


def test_a_broken_registry_is_refused_with_its_reason(tmp_path):
    bad = tmp_path / "kinds.yaml"
    bad.write_text("kinds:\n  - id: x\n    names: {kk: x}\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="kk and a ru name"):
        kinds._read(bad)
    bad.write_text("kinds:\n  - id: act\n    names: {kk: a, ru: a}\n    group: act\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="also kind ids"):
        kinds._read(bad)
