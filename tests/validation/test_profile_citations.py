"""Every clause cites lines of its regulation that exist and say what the rule checks.

The five regulation texts ship next to their profiles (``schemas/profiles/<id>/<regulation.file>``). Each rule and
process rule of a profile states ``keywords``: every keyword must occur in the lines its clause cites («L123»,
«L123–L130»), and every cited line or range must hold at least one of them, so a citation of a line that says
nothing about the rule fails here.
"""

from __future__ import annotations

import re

import pytest
import yaml

from validators import profiles, resources

LINE_REF = re.compile(r"L(\d+)(?:\s*[–-]\s*L?(\d+))?")


def _norm(text: str) -> str:
    # NBSP paragraphs, Latin «i» inside Kazakh words (the Kazygurt text has both), curly vs straight quotes
    text = text.replace("\u00a0", " ").replace("i", "і").replace("«", '"').replace("»", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def regulation_lines(pid: str) -> list[str]:
    meta = yaml.safe_load((resources.PROFILES / pid / "profile.yaml").read_text(encoding="utf-8"))
    path = resources.PROFILES / pid / meta["regulation"]["file"]
    return path.read_text(encoding="utf-8").split("\n")


def cited(clause: str) -> list[tuple[int, int]]:
    return [(int(m.group(1)), int(m.group(2) or m.group(1))) for m in LINE_REF.finditer(clause)]


def entries(pid: str):
    for path in sorted((resources.PROFILES / pid).glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for kind in ("rules", "process_rules"):
            for entry in doc.get(kind) or []:
                yield f"{path.name}:{entry['id']}", entry


def problems(pid: str, clause: str, keywords: list[str]) -> list[str]:
    lines = regulation_lines(pid)
    refs = cited(clause)
    if not refs:
        return ["cites no line (Lnnn)"]
    out: list[str] = []
    texts: list[str] = []
    for a, b in refs:
        if not 1 <= a <= b <= len(lines):
            out.append(f"L{a}–L{b} is not in the text ({len(lines)} lines)")
            continue
        text = _norm(" ".join(lines[a - 1:b]))
        texts.append(text)
        if not any(_norm(k) in text for k in keywords):
            out.append(f"L{a}{f'–L{b}' if b != a else ''} contains none of {keywords}")
    joined = " ".join(texts)
    out += [f"keyword {k!r} is in none of the cited lines" for k in keywords if _norm(k) not in joined]
    return out


@pytest.mark.parametrize("pid", profiles.available())
def test_regulation_text_ships_with_the_profile(pid):
    lines = regulation_lines(pid)
    assert len(lines) > 100 and any(line.strip() for line in lines[:5])


@pytest.mark.parametrize("pid", profiles.available())
def test_every_clause_cites_existing_lines_that_contain_its_keywords(pid):
    bad = {}
    for name, entry in entries(pid):
        keywords = entry.get("keywords")
        if not keywords:
            bad[name] = ["states no keywords"]
            continue
        if found := problems(pid, str(entry["clause"]), keywords):
            bad[name] = found
    assert not bad, bad


@pytest.mark.parametrize("pid", profiles.available())
def test_the_severity_policy_cites_existing_lines(pid):
    policy = profiles.load(pid).severity_policy
    lines = regulation_lines(pid)
    refs = cited(policy["basis"])
    assert refs and all(1 <= a <= b <= len(lines) and "".join(lines[a - 1:b]).strip() for a, b in refs)


# --- the four wrong citations the audit found (issue 12), each fixed and pinned --------------------------------

def _clause(pid: str, rule_id: str) -> str:
    rule = profiles.load(pid).rule(rule_id)
    assert rule is not None, (pid, rule_id)
    return rule.clause


def test_kazygurt_appendix_xref_no_longer_cites_l592():
    clause = _clause("kazygurt-district-2025", "requisite.appendix-xref")
    assert "L592" not in clause  # 11.11: return for breaches of 10.4–10.9, nothing about appendices
    lines = regulation_lines("kazygurt-district-2025")
    assert "L6" in clause and "қосымшасына сәйкес" in lines[5]
    assert "L535" in clause and "қосымшалардың болуын" in lines[534]


def test_kazygurt_registration_number_cites_the_numbering_line_not_the_seal():
    clause = _clause("kazygurt-district-2025", "requisite.registration-number")
    lines = regulation_lines("kazygurt-district-2025")
    assert "L560" not in clause and "мөрімен" in lines[559]  # L560 is the seal
    assert "L622" in clause and "тіркеу нөмірлері беріледі" in lines[621]


def test_almaty_entry_into_force_cites_the_exemplar_not_a_footnote():
    clause = _clause("almaty-city-2014", "requisite.entry-into-force")
    lines = regulation_lines("almaty-city-2014")
    assert "L215" not in clause and lines[214].strip().startswith("Сноска")
    assert "L16" in clause and "вступает в силу" in lines[15]


def test_almaty_does_not_require_turkestans_protocol_scheme():
    assert profiles.load("almaty-city-2014").rule("protocol.sections") is None
    lines = regulation_lines("almaty-city-2014")
    assert "СЛУШАЛИ" not in "\n".join(lines)  # L117 lists contents; the scheme is Turkestan's (L882)
    assert "СЛУШАЛИ" in regulation_lines("turkestan-city-2025")[881]


def test_an_almaty_protocol_without_the_scheme_is_not_rejected_for_it(run):
    from tests.validation.docs import build_docx, ru_protocol_full

    blocks = [b for b in ru_protocol_full() if b.key not in ("s1h", "s1sp", "s1d", "s2h", "s2d")]
    report = run(build_docx(blocks), kind="protocol-full", profile="almaty-city-2014")
    assert all(f.rule != "protocol.sections" for f in report.findings)
    turkestan = run(build_docx(blocks), kind="protocol-full", profile="turkestan-city-2025")
    assert any(f.rule == "protocol.sections" and f.severity == "error" for f in turkestan.findings)


# --- the weaker citations, re-pointed at lines that require the rule -----------------------------------------

WEAK = [
    ("turkestan-city-2025", "requisite.appendix-xref", "L81", ["согласно приложению к настоящему постановлению"]),
    ("kazygurt-district-2025", "requisite.restricted-mark", "L214", ["таратылуы шектелген"]),
    ("kazygurt-district-2025", "requisite.appendix-match", None, ["Қазығұрт ауданы әкімдігінің"]),
    ("kazygurt-district-2025", "letter.reference", "10.x", ["сұраудың нөмірі мен күні"]),
    ("kazygurt-district-2025", "letter.executor", "10.x", ["орындаушының тегі"]),
    ("kazygurt-district-2025", "letter.attachment-mark", "10.x", ["қосымшалардың болуын"]),
    ("kazygurt-district-2025", "protocol.signatures", "6.x", ["Аудан әкімі қол қояды"]),
    ("zhezkazgan-2011", "requisite.date", None, ["infringements of requirements of office-work"]),
]


@pytest.mark.parametrize("pid,rule_id,gone,must", WEAK, ids=[f"{w[0]}:{w[1]}" for w in WEAK])
def test_weak_citations_now_cite_what_requires_the_rule(pid, rule_id, gone, must):
    clause = _clause(pid, rule_id)
    if gone:
        assert gone not in clause
    lines = regulation_lines(pid)
    text = _norm(" ".join(" ".join(lines[a - 1:b]) for a, b in cited(clause)))
    assert all(_norm(m) in text for m in must), clause
