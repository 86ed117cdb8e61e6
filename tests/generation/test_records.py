"""Records are validated before rendering: every problem is a DataInvalid naming its JSON path."""

from __future__ import annotations

import pytest

from service.api.errors import http_status
from service.generation import render
from validators.errors import DataInvalid, UnknownName


def _details(exc: pytest.ExceptionInfo) -> dict[str, str]:
    return {d["path"]: d["message"] for d in exc.value.details}


@pytest.fixture(params=["jsonschema-rs", "jsonschema"])
def validator_kind(request, monkeypatch):
    """Both validation paths: the compiled one, and the pure-Python fallback when jsonschema-rs is absent."""
    if request.param == "jsonschema":
        from service import records

        monkeypatch.setattr(records, "_fast_validator", lambda kind: None)
    return request.param


def test_missing_and_mistyped_fields_are_listed_with_paths(load_example, validator_kind):
    data = load_example("resolution")
    del data["title"]
    data["points"][2]["text"] = 42
    data["date"] = "2025-02-30"
    data["unexpected"] = True
    with pytest.raises(DataInvalid) as exc:
        render("resolution", data, lang="ru")
    pairs = [(d["path"], d["message"]) for d in exc.value.details]
    assert any(path == "$" and "title" in message and "required" in message for path, message in pairs)
    details = _details(exc)
    assert "$.points[2].text" in details and "string" in details["$.points[2].text"]
    assert "$.date" in details
    assert any(path == "$" and "unexpected" in message for path, message in pairs)
    assert http_status(exc.value) == 422 and exc.value.code == "invalid-data"
    assert "$.date" in exc.value.message and "(and 1 more)" in exc.value.message


def test_missing_language_is_reported_only_for_that_language(load_example):
    data = load_example("decision")
    data["title"] = {"ru": "О проведении выборов"}
    assert render("decision", data, lang="ru")[:2] == b"PK"
    with pytest.raises(DataInvalid) as exc:
        render("decision", data, lang="kk")
    assert _details(exc) == {"$.title": "no kk text"}


def test_wrong_segment_mark_in_a_comparison_row(load_example, validator_kind):
    data = load_example("comparison-table")
    data["rows"][1]["proposed"][1]["mark"] = "bold"
    with pytest.raises(DataInvalid) as exc:
        render("comparison-table", data, lang="ru")
    assert _details(exc) == {"$.rows[1].proposed[1].mark": "'bold' is not one of [None, 'added', 'removed']"}


def test_order_has_no_formula_so_no_issuer_name(load_example):
    data = load_example("order")
    data["issuer"]["name"] = "аким города Туркестан"
    with pytest.raises(DataInvalid) as exc:
        render("order", data, lang="ru")
    assert any("name" in m for m in _details(exc).values())


def test_not_an_object_and_unknown_names():
    with pytest.raises(DataInvalid):
        render("order", ["not", "a", "record"], lang="ru")  # type: ignore[arg-type]
    with pytest.raises(UnknownName):
        render("memo", {}, lang="ru")
    with pytest.raises(UnknownName):
        render("order", {}, lang="en")
    with pytest.raises(UnknownName):
        render("order", {}, lang="ru", format="odt")
    with pytest.raises(UnknownName):
        render("order", {}, lang="ru", profile="no-such-profile")


def test_appendix_table_rows_must_match_the_header(load_example):
    data = load_example("resolution")
    data["appendices"][0]["table"]["rows"][1].pop()
    with pytest.raises(DataInvalid, match="row 2 has 3 cells; the header has 4"):
        render("resolution", data, lang="ru")
