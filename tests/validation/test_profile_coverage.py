"""`qujat rules --profile P --coverage`: the extract's checkable rules against encoded / process / missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from validators import coverage, profiles

QUJAT = [sys.executable, "-c", "import sys; from service.cli import main; sys.exit(main())"]


@pytest.mark.parametrize("pid", profiles.available())
def test_every_extract_rule_is_encoded_process_or_missing_with_a_reason(pid):
    cov = coverage.load(pid)
    assert cov.extract and cov.items
    enabled = {r.id for r in profiles.load(pid).rules}
    for item in cov.items:
        assert item["status"] in coverage.STATUSES
        if item["status"] == "encoded":
            assert item["rules"] and set(item["rules"]) <= enabled, item
        else:
            assert item["why"], item
    c = cov.counts()
    assert c["encoded"] + c["process"] + c["missing"] == c["total"] == len(cov.items)
    assert all(p.get("why") for p in cov.process_rules)


def test_the_command_prints_counts_and_every_process_rule_with_its_reason():
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    out = subprocess.run([*QUJAT, "rules", "--profile", "turkestan-city-2025", "--coverage"], capture_output=True,
                         text=True, env=env, check=True).stdout
    c = coverage.load("turkestan-city-2025").counts()
    assert out.splitlines()[0].endswith(f"encoded {c['encoded']}, process {c['process']}, missing {c['missing']}")
    for pr in profiles.load("turkestan-city-2025").process_rules:
        assert f"{pr['id']}" in out and pr["why"]["en"] in out
    data = json.loads(subprocess.run([*QUJAT, "rules", "-p", "almaty-city-2014", "--coverage", "-f", "json"],
                                     capture_output=True, text=True, env=env, check=True).stdout)
    assert data["counts"] == coverage.load("almaty-city-2014").counts()


def test_new_rules_cover_what_the_audit_found_missing():
    cov = {i["ref"]: i for i in coverage.load("almaty-city-2014").items}
    assert cov["MEET-QUORUM-001"]["status"] == "encoded" and "protocol.quorum" in cov["MEET-QUORUM-001"]["rules"]
    assert "pages.draft-sitting" in cov["MAT-PAGES-001"]["rules"]
    assert "format.double-spacing" in cov["MAT-PAGES-001"]["rules"]


GENERIC = ("not encoded yet",)


@pytest.mark.parametrize("pid", profiles.available())
def test_every_missing_row_says_specifically_why(pid):
    for item in coverage.load(pid).items:
        if item["status"] == "missing":
            why = item["why"]
            assert not why.endswith(GENERIC) and len(why) > 60, item["ref"]


def test_the_rules_of_this_session_cover_their_rows():
    want = {
        "turkestan-city-2025": {"RPT-DURATION": "material.report-duration", "CTL-LIST-FIELDS": "control.list-columns",
                                "ACT-PAPER-VISA-SHEET": "act.approval-sheet", "OUT-REPLY-LINK": "pair.reply-link",
                                "SPEECH-LANG-KK": "material.state-language"},
        "kazygurt-district-2025": {"S004-MAT-07": "material.report-duration", "S004-PRT-20": "material.execution-info",
                                   "S004-MAT-23": "material.signature", "S004-COR-12": "pair.reply-link"},
        "almaty-city-2014": {"DRAFT-TITLE-001": "pair.title-match", "LETTER-LANG-001": "material.state-language"},
        "zhezkazgan-2011": {"MAT-SPEECH-001": "material.state-language", "CTRL-LEAD-001": "protocol.lead-executor"},
    }
    for pid, rows in want.items():
        cov = {i["ref"]: i for i in coverage.load(pid).items}
        for ref, rule in rows.items():
            assert cov[ref]["status"] == "encoded" and rule in cov[ref]["rules"], (pid, ref)
