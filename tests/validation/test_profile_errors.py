"""A broken profile file is the deployment's fault (ConfigurationError, HTTP 503), an unknown id the caller's."""

from __future__ import annotations

import shutil

import pytest

from validators import profiles, resources
from validators.errors import ConfigurationError, UnknownName


@pytest.fixture
def profile_dir(tmp_path, monkeypatch):
    shutil.copytree(resources.PROFILES / resources.DEFAULT_PROFILE, tmp_path / "broken-profile")
    monkeypatch.setattr(resources, "PROFILES", tmp_path)
    profiles.load.cache_clear()
    yield tmp_path / "broken-profile"
    profiles.load.cache_clear()


def test_broken_yaml_is_a_configuration_error_naming_the_profile(profile_dir):
    (profile_dir / "requisites.yaml").write_text("rules: [ {id: requisite.date\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="broken-profile is broken"):
        profiles.load("broken-profile")


def test_rule_missing_from_the_catalog_is_a_configuration_error(profile_dir):
    (profile_dir / "extra.yaml").write_text("rules:\n  - {id: no.such-rule, clause: 'п. 1'}\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="no.such-rule"):
        profiles.load("broken-profile")


@pytest.mark.parametrize("name", ["../profiles/turkestan-city-2025", "nope", ".."])
def test_unknown_or_path_like_ids_are_unknown_names(name):
    with pytest.raises(UnknownName):
        profiles.load(name)
