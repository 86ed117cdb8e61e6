"""Every profile file and rule-catalog file validates against schemas/profile.schema.json; every rule of this
area is enabled with a clause in each profile whose regulation has it; process rules say why."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from validators import profiles, resources

SCHEMA = json.loads((resources.SCHEMAS / "profile.schema.json").read_text(encoding="utf-8"))


def _validate(defn: str, data: object) -> None:
    jsonschema.validate(data, {"$ref": f"#/$defs/{defn}", "$defs": SCHEMA["$defs"]})


@pytest.mark.parametrize("path", sorted(resources.RULES.glob("*.yaml")), ids=lambda p: p.name)
def test_catalog_files_validate(path):
    _validate("catalog", yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", sorted(p for p in resources.PROFILES.glob("*/*.yaml") if p.name != "coverage.yaml"),
                         ids=lambda p: f"{p.parent.name}/{p.name}")  # coverage.yaml: tests/validation/test_profile_coverage.py
def test_profile_files_validate(path):
    _validate("profile" if path.name == "profile.yaml" else "family", yaml.safe_load(path.read_text(encoding="utf-8")))


def test_turkestan_enables_every_requisite_and_page_rule():
    enabled = {r.id for r in profiles.load("turkestan-city-2025").rules}
    mine = {rid for rid in profiles.catalog() if rid.startswith(("requisite.", "protocol.", "letter.", "pages."))}
    # not in the Turkestan text: the commission справка and protocol font (Kazygurt), the draft page limit (Almaty L99),
    # letters to higher bodies under the akim's signature (Kazygurt L457; Turkestan L392 lets deputies sign letters)
    assert mine - enabled == {"pages.briefing-note-commission", "protocol.font", "pages.draft-sitting",
                              "letter.higher-body-signer"}


def test_style_and_heuristic_rules_are_never_errors():
    for pid in profiles.available():
        for rule in profiles.load(pid).rules:
            if rule.id in ("requisite.title-form", "requisite.order", "requisite.place", "protocol.item-title"):
                assert rule.severity == "warning", (pid, rule.id)


def _entries(pid: str) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in sorted((resources.PROFILES / pid).glob("*.yaml")):
        if path.name != "profile.yaml":
            for entry in yaml.safe_load(path.read_text(encoding="utf-8")).get("rules") or []:
                out[entry["id"]] = entry
    return out


@pytest.mark.parametrize("pid", profiles.available())
def test_severity_follows_the_profiles_policy(pid):
    """Return on any grounds (Turkestan L440/L442, Kazygurt L596/L598): every requirement is an error, style and
    heuristics keep the catalog's severity; a closed list (Almaty L201–L207, Zhezkazgan L46–L50): the catalog's."""
    profile = profiles.load(pid)
    policy = profile.severity_policy
    assert policy["return_grounds"] in ("any", "closed", "none") and policy["basis"]
    style = set(policy.get("not_requirements", []))
    entries, cat = _entries(pid), profiles.catalog()
    for rule in profile.rules:
        if "severity" in entries[rule.id]:
            continue
        expected = "error" if policy["return_grounds"] == "any" and rule.id not in style \
            else cat[rule.id].get("severity", "warning")
        assert rule.severity == expected, (pid, rule.id)
    if policy["return_grounds"] == "any":
        assert {r.id for r in profile.rules if r.id.startswith("slides.")} <= \
            {r.id for r in profile.rules if r.severity == "error"}


@pytest.mark.parametrize("pid", profiles.available())
def test_the_policy_names_only_rules_of_the_catalog(pid):
    names = set(profiles.load(pid).severity_policy.get("not_requirements", []))
    assert names <= set(profiles.catalog()), names - set(profiles.catalog())
