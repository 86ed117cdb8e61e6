"""Profiles are validated when they are loaded: a profile or catalog file that does not match
schemas/profile.schema.json, or a rule param its catalog entry does not declare (``params_schema``) or gives
another type, is refused with a clear error naming the file and the place in it, in kk, ru and en. A check
reading a param it has not declared fails."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from validators import profiles, resources
from validators.rules import CHECKS, load_all
from validators.rules.base import Params, UndeclaredParam

PROFILE = "turkestan-city-2025"


def _clear() -> None:
    for fn in (profiles.catalog, profiles.load, profiles._params_validator, profiles._definitions):
        fn.cache_clear()


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A copy of schemas/ the profile loader reads instead of the shipped one."""
    schemas = tmp_path / "schemas"
    shutil.copytree(resources.SCHEMAS, schemas)
    monkeypatch.setattr(resources, "ROOT", tmp_path)
    monkeypatch.setattr(resources, "SCHEMAS", schemas)
    monkeypatch.setattr(resources, "PROFILES", schemas / "profiles")
    monkeypatch.setattr(resources, "RULES", schemas / "rules")
    _clear()
    yield schemas
    _clear()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _refused(profile_id: str = PROFILE) -> profiles.ProfileInvalid:
    with pytest.raises(profiles.ProfileInvalid) as caught:
        profiles.load(profile_id)
    return caught.value


def test_every_shipped_profile_loads():
    for pid in profiles.available():
        assert profiles.load(pid).rules or pid == "appeals-model-2020"


def test_a_bad_profile_is_refused_at_load_naming_the_file_and_the_path(home):
    _edit(home / "profiles" / PROFILE / "profile.yaml", "slide_min_font_pt: 18", "slide_min_font_pt: large")
    err = _refused()
    assert err.details == {"file": f"schemas/profiles/{PROFILE}/profile.yaml", "path": "$.settings.slide_min_font_pt"}
    assert err.messages is not None
    assert err.messages["ru"] == (f"Ошибка в файле профиля регламента: schemas/profiles/{PROFILE}/profile.yaml, "
                                  "$.settings.slide_min_font_pt: значение \"large\" должно быть: число.")
    assert "сан болуы керек" in err.messages["kk"] and err.code == "configuration"
    assert f"schemas/profiles/{PROFILE}/profile.yaml" in err.message and "$.settings.slide_min_font_pt" in err.message


def test_a_misspelt_setting_is_refused(home):
    _edit(home / "profiles" / PROFILE / "profile.yaml", "protocol_attendees_inline_max:", "protocol_attendee_inline_max:")
    err = _refused()
    assert err.details["path"] == "$.settings"
    assert "неизвестный ключ «protocol_attendee_inline_max»" in err.messages["ru"]


def test_a_rule_entry_without_its_clause_is_refused(home):
    path = home / "profiles" / PROFILE / "parity.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["rules"][2]["clause"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    err = _refused()
    assert (err.details["file"], err.details["path"]) == (f"schemas/profiles/{PROFILE}/parity.yaml", "$.rules[2]")
    assert "нет обязательного ключа «clause»" in err.messages["ru"]


def _set_params(home: Path, family: str, rule_id: str, params: dict) -> int:
    """Give ``rule_id`` these params in the profile's family file; its index there."""
    path = home / "profiles" / PROFILE / f"{family}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    index = next(i for i, e in enumerate(data["rules"]) if e["id"] == rule_id)
    data["rules"][index]["params"] = params
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return index


def test_a_mistyped_param_is_refused(home):
    i = _set_params(home, "parity", "parity.length-ratio", {"min_ratio": "0.6"})
    err = _refused()
    assert err.details["file"] == f"schemas/profiles/{PROFILE}/parity.yaml"
    assert err.details["path"] == f"$.rules[{i}].params.min_ratio"
    assert "значение \"0.6\" должно быть: число" in err.messages["ru"]


def test_an_unknown_param_is_refused_with_the_params_the_check_reads(home):
    i = _set_params(home, "parity", "parity.length-ratio", {"max_ratoi": 1.4})
    err = _refused()
    assert err.details["path"] == f"$.rules[{i}].params"
    assert "неизвестный ключ «max_ratoi» (допустимы: max_ratio, min_chars, min_ratio)" in err.messages["ru"]


def test_a_param_given_to_a_rule_that_takes_none_is_refused(home):
    i = _set_params(home, "parity", "parity.unit-missing", {"strict": True})
    err = _refused()
    assert err.details["path"] == f"$.rules[{i}].params"
    assert err.messages["en"].endswith("this rule takes no params.")


def test_a_value_outside_the_declared_ones_is_refused(home):
    i = _set_params(home, "parity", "parity.numbers", {"tokens": ["number", "roman"]})
    err = _refused()
    assert err.details["path"] == f"$.rules[{i}].params.tokens[1]"
    assert "значение \"roman\" недопустимо" in err.messages["ru"]


def test_a_rule_not_in_the_catalog_is_refused(home):
    _edit(home / "profiles" / PROFILE / "parity.yaml", "- id: parity.latin", "- id: parity.latinn")
    err = _refused()
    assert err.details["file"] == f"schemas/profiles/{PROFILE}/parity.yaml"
    assert "правила «parity.latinn» нет в каталоге правил" in err.messages["ru"]


def test_a_catalog_default_of_the_wrong_type_is_refused(home):
    _edit(home / "rules" / "slides.yaml", "max_bytes: 10000000", "max_bytes: ten")
    err = _refused()
    assert err.details["file"] == "schemas/rules/slides.yaml" and err.details["path"].endswith(".params.max_bytes")


def test_serve_refuses_to_start_on_a_broken_profile(home, monkeypatch):
    import uvicorn

    from service.cli import app

    def never(*args, **kwargs):
        raise AssertionError("the server started on a broken profile")

    monkeypatch.setattr(uvicorn, "run", never)
    monkeypatch.setenv("QUJAT_PROCESSES", "1")  # serve sets it for its workers: restored after the test
    _edit(home / "profiles" / PROFILE / "profile.yaml", "slide_min_font_pt: 18", "slide_min_font_pt: big")
    result = CliRunner().invoke(app, ["serve", "--port", "18999"], env={"LC_ALL": "ru_RU.UTF-8"})
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert (f"Ошибка в файле профиля регламента: schemas/profiles/{PROFILE}/profile.yaml, "
            "$.settings.slide_min_font_pt: значение \"big\" должно быть: число.") in result.output


def test_the_cli_and_http_say_which_file_is_broken(home):
    from fastapi.testclient import TestClient

    from service.api.app import create_app
    from service.api.settings import Settings
    from service.cli import app

    i = _set_params(home, "parity", "parity.length-ratio", {"min_ratio": "low"})
    result = CliRunner().invoke(app, ["rules", "--profile", PROFILE], env={"LC_ALL": "kk_KZ.UTF-8"})
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"Регламент бейінінің файлы қате: schemas/profiles/{PROFILE}/parity.yaml, $.rules[{i}].params.min_ratio: " \
           "\"low\" мәні сан болуы керек." in result.output
    answer = TestClient(create_app(Settings())).get("/v1/rules", params={"profile": PROFILE})
    assert answer.status_code == 503
    error = answer.json()["error"]
    assert error["code"] == "configuration" and error["details"]["path"] == f"$.rules[{i}].params.min_ratio"
    assert "должно быть: число" in error["messages"]["ru"]


def test_a_check_cannot_read_a_param_it_does_not_declare():
    params = Params({"max_pages": 3}, declared={"max_pages", "contexts"}, rule="pages.x")
    assert params["max_pages"] == 3 and params.get("contexts", ["*"]) == ["*"]
    with pytest.raises(UndeclaredParam, match="max_page"):
        params.get("max_page", 5)
    loaded = profiles.load(PROFILE).rule("parity.length-ratio")
    assert loaded is not None and isinstance(loaded.params, Params)
    assert loaded.to_dict()["params_schema"]["min_chars"] == {"type": "integer", "minimum": 1}  # /v1/rules shows it
    with pytest.raises(UndeclaredParam):
        loaded.params["min_length"]


def _read_names(source: str) -> set[str]:
    """Param names a module reads: ``params["x"]``, ``params.get("x")`` (of ``ctx.params``, ``rule.params`` …),
    also through a local name bound to them (``p = ctx.params``)."""
    tree = ast.parse(source)
    aliases = {"params"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            pairs = [(node.targets[0], node.value)]
            if isinstance(node.targets[0], ast.Tuple) and isinstance(node.value, ast.Tuple):
                pairs = list(zip(node.targets[0].elts, node.value.elts, strict=False))
            for target, value in pairs:
                if isinstance(target, ast.Name) and ast.unparse(value).endswith(".params"):
                    aliases.add(target.id)
    names = set()
    for node in ast.walk(tree):
        target = None
        if isinstance(node, ast.Subscript):
            target, key = node.value, node.slice
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
            target, key = node.func.value, node.args[0]
        if target is None or not isinstance(key, ast.Constant) or not isinstance(key.value, str):
            continue
        if re.search(rf"\b({'|'.join(sorted(aliases))})$", ast.unparse(target)):
            names.add(key.value)
    return names


def test_every_param_a_rule_module_reads_is_declared_by_a_rule_it_checks():
    """The static side of UndeclaredParam: each literal param name a rule module reads is in the params_schema of a
    catalog entry whose check function lives in that module."""
    load_all()
    declared: dict[str, set[str]] = {}
    for rule_id, entry in profiles.catalog().items():
        module = CHECKS[entry.get("check", rule_id)].__module__
        declared.setdefault(module, set()).update(entry.get("params_schema") or {})
    for path in sorted((resources.ROOT / "validators" / "rules").glob("*.py")):
        module = f"validators.rules.{path.stem}"
        undeclared = _read_names(path.read_text(encoding="utf-8")) - declared.get(module, set())
        assert undeclared == set(), (module, undeclared)


def test_every_param_a_check_function_reads_is_declared_by_each_rule_it_serves():
    """Per check function: the params its own body reads are declared by every catalog entry that uses it."""
    import inspect
    import textwrap

    load_all()
    missing = []
    for rule_id, entry in profiles.catalog().items():
        fn = CHECKS[entry.get("check", rule_id)]
        read = _read_names(textwrap.dedent(inspect.getsource(fn)))
        missing += [(rule_id, name) for name in sorted(read - set(entry.get("params_schema") or {}))]
    assert missing == []
