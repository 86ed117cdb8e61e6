"""Profiles and the rule catalog are consistent: every rule cites a clause and has a check function."""

import pytest

from validators import kinds, profiles
from validators.rules import load_all


def test_all_five_profiles_exist():
    assert set(profiles.available()) == {
        "turkestan-city-2025",
        "kazygurt-district-2025",
        "almaty-city-2014",
        "zhezkazgan-2011",
        "appeals-model-2020",
    }


@pytest.mark.parametrize("profile_id", profiles.available())
def test_profile_rules_are_registered_and_cited(profile_id):
    checks = load_all()
    profile = profiles.load(profile_id)
    seen = set()
    for rule in profile.rules:
        assert rule.id not in seen, f"{rule.id} listed twice in {profile_id}"
        seen.add(rule.id)
        assert rule.check in checks, f"{rule.id}: no check function {rule.check}"
        assert rule.clause.strip(), f"{rule.id}: no clause"
        assert rule.severity in ("error", "warning", "info")
        assert set(rule.messages) >= {"kk", "ru", "en"}, f"{rule.id}: messages need kk, ru and en"
        for kind in rule.kinds:
            assert kind == "*" or kind in kinds.KINDS, f"{rule.id}: unknown kind {kind}"


def test_catalog_rules_have_messages_in_three_languages():
    for rule_id, entry in profiles.catalog().items():
        assert set(entry["messages"]) >= {"kk", "ru", "en"}, rule_id
