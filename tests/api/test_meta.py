"""GET /v1/kinds, /v1/kinds/{kind}/schema|example, /v1/profiles, /v1/rules, /healthz, /openapi.json, /."""

from __future__ import annotations

import json
import shutil

import jsonschema

from validators import kinds, profiles, resources


def _refs(node) -> set[str]:
    if isinstance(node, dict):
        own = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return own.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node)) if node else set()
    return set()


def test_kinds_lists_every_kind_with_links(client):
    body = client.get("/v1/kinds").json()
    ids = [k["id"] for k in body["kinds"]]
    assert ids == list(kinds.KINDS)
    generated = {k["id"] for k in body["kinds"] if k["generated"]}
    assert generated == set(kinds.KINDS_GENERATED)
    resolution = next(k for k in body["kinds"] if k["id"] == "resolution")
    assert resolution["schema"] == "/v1/kinds/resolution/schema"
    assert body["default_profile"] == resources.DEFAULT_PROFILE


def test_every_schema_is_bundled_and_its_example_validates(client):
    for kind in kinds.KINDS_GENERATED:
        schema = client.get(f"/v1/kinds/{kind}/schema").json()
        jsonschema.Draft202012Validator.check_schema(schema)
        assert all(ref.startswith("#/") for ref in _refs(schema)), kind  # a browser resolves it alone
        example = client.get(f"/v1/kinds/{kind}/example").json()
        assert not list(jsonschema.Draft202012Validator(schema).iter_errors(example)), kind


def test_schema_of_unknown_or_validated_only_kind_is_422(client):
    for kind in ("no-such-kind", "presentation"):
        r = client.get(f"/v1/kinds/{kind}/schema")
        assert r.status_code == 422
        assert r.json()["error"]["code"] == "unknown-name"
        assert kind in r.json()["error"]["message"]


def test_profiles_and_rules(client):
    body = client.get("/v1/profiles").json()
    assert body["default"] == resources.DEFAULT_PROFILE
    assert [p["id"] for p in body["profiles"]] == profiles.available()
    rules = client.get("/v1/rules", params={"profile": "almaty-city-2014"}).json()
    assert rules["id"] == "almaty-city-2014"
    assert len(rules["rules"]) == len(profiles.load("almaty-city-2014").rules)
    assert all(r["source"]["clause"] for r in rules["rules"])
    assert client.get("/v1/rules").json()["id"] == resources.DEFAULT_PROFILE


def test_rules_of_unknown_profile_is_422(client):
    r = client.get("/v1/rules", params={"profile": "atlantis-1999"})
    assert r.status_code == 422
    assert "atlantis-1999" in r.json()["error"]["message"]


def test_healthz_reports_components_honestly(client):
    body = client.get("/healthz").json()
    parts = body["components"]
    assert set(parts) == {"libreoffice", "hunspell", "languagetool", "redis"}
    assert parts["libreoffice"]["available"] == bool(shutil.which("soffice") or shutil.which("libreoffice"))
    broken = [name for name, p in parts.items() if not p["available"] and (p["required"] or p["configured"])]
    assert body["status"] == ("degraded" if broken else "ok"), broken
    assert body["queue"]["capacity"] >= body["queue"]["threads"] >= 1


def test_healthz_reports_an_unreachable_redis(make_client, monkeypatch):
    from service.api import health

    monkeypatch.setenv("QUJAT_REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens on port 1
    monkeypatch.setattr(health, "_cache", None)
    body = make_client().get("/healthz").json()
    assert body["components"]["redis"]["available"] is False
    assert "unreachable" in body["components"]["redis"]["detail"]
    assert body["status"] == "degraded"
    monkeypatch.setattr(health, "_cache", None)


def test_openapi_docs_and_page(client):
    spec = client.get("/openapi.json").json()
    for path in ("/v1/render", "/v1/validate", "/v1/parity", "/v1/compare", "/v1/kinds", "/v1/profiles",
                 "/v1/rules", "/healthz"):
        assert path in spec["paths"], path
    assert spec["components"]["securitySchemes"]["ApiKey"]["name"] == "X-API-Key"
    assert "swagger" in client.get("/docs").text.lower()
    page = client.get("/")
    assert page.headers["content-type"].startswith("text/html")
    assert 'id="panel-check"' in page.text and 'id="panel-generate"' in page.text
    for asset in ("app.js", "schema-form.js", "i18n.js", "style.css"):
        assert client.get(f"/static/{asset}").status_code == 200
    i18n = client.get("/static/i18n.js").text
    start = i18n.index("{", i18n.index("QUJAT_I18N"))
    assert "kk:" in i18n[start:] and "ru:" in i18n[start:]
    assert json.dumps("Тексеру", ensure_ascii=False).strip('"') in i18n
