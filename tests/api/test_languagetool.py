"""POST /v2/check and GET /v2/languages: LanguageTool's API for editors, with real clients — the
language_tool_python package and LibreOffice's own LanguageTool checker over UNO — and the protocol's edges."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from pathlib import Path

import language_tool_python
import pytest

from service import ltprotocol
from validators.proofing.suggest import get_suggester
from validators.proofing.textcheck import check_text
from validators.proofing.typing import WordJudge, get_word_judge

ROOT = Path(__file__).resolve().parents[2]

KK = "Қаланың әкімдігі бағдарламаны бекiту туралы мемлекеттк шешім қабылдады."  # Latin «i», a typo
KK_FIXED = "Қаланың әкімдігі бағдарламаны бекіту туралы мемлекеттік шешім қабылдады."
RU = "О утверждении плана развития города и програму мероприятий на 2025 год."


@pytest.fixture
def client(make_client):
    """Answers wait for every word (a typing editor's budget would make them depend on the machine's speed)."""
    return make_client(lt_budget_ms=600_000)


def _check(client, **fields):
    response = client.post("/v2/check", data=fields)
    assert response.status_code == 200, response.text
    return response.json()


def _found(answer: dict, text: str) -> list[tuple[str, str, list[str]]]:
    """(rule, the text the match covers, the best replacement) of every match."""
    return [(m["rule"]["id"], text[m["offset"]:m["offset"] + m["length"]], [r["value"] for r in m["replacements"]][:1])
            for m in answer["matches"]]


# --- a real client: language_tool_python, the package Qujat already depends on --------------------------------

def test_language_tool_python_gets_our_matches_and_applies_our_replacements(live_server):
    tool = language_tool_python.LanguageTool("kk-KZ", remote_server=live_server)
    matches = tool.check(KK)
    assert [(m.rule_id, KK[m.offset:m.offset + m.error_length]) for m in matches] == [
        ("language.homoglyph", "бекiту"), ("language.spelling", "мемлекеттк")]
    assert matches[1].replacements[0] == "мемлекеттік"
    assert language_tool_python.utils.correct(KK, matches) == KK_FIXED
    assert "латын" in matches[0].message  # the message in the text's language


def test_language_tool_python_offsets_after_emoji(live_server):
    tool = language_tool_python.LanguageTool("kk-KZ", remote_server=live_server)
    text = "😀 " + KK
    matches = tool.check(text)  # the client converts UTF-16 offsets back: they must be UTF-16 on the wire
    assert language_tool_python.utils.correct(text, matches) == "😀 " + KK_FIXED


# --- a real editor: LibreOffice's LanguageTool checker over UNO ---------------------------------------------------

def test_libreoffice_proofreads_through_our_server(live_server):
    python = "/usr/bin/python3"
    if not shutil.which("soffice"):
        pytest.fail("LibreOffice (soffice) is not installed: make install installs it")
    raw = "Жоспар + 5 & 6 … 100% орындалды, мемлекеттк бағдарлама қабылданды."  # LibreOffice sends it unencoded
    ru_text = "Утвердить план и програму развития."
    runs = {}
    for lang, texts in (("kk-KZ", [KK, raw]), ("ru-RU", [ru_text])):
        out = subprocess.run([python, str(ROOT / "scripts" / "lo_languagetool.py"), f"{live_server}/v2", lang,
                              *texts], capture_output=True, text=True, timeout=180)
        assert out.returncode == 0, out.stderr[-2000:]
        for line in out.stdout.splitlines():
            item = json.loads(line)
            runs[item["text"]] = item["errors"]
    kk_errors = [(KK[e["start"]:e["start"] + e["length"]], e["suggestions"][:1]) for e in runs[KK]]
    assert kk_errors == [("бекiту", ["бекіту"]), ("мемлекеттк", ["мемлекеттік"])]
    raw_errors = [(raw[e["start"]:e["start"] + e["length"]], e["suggestions"][:1]) for e in runs[raw]]
    assert raw_errors == [("мемлекеттк", ["мемлекеттік"])]  # found after «&», at the right place
    ru_errors = [(ru_text[e["start"]:e["start"] + e["length"]], e["suggestions"]) for e in runs[ru_text]]
    assert ru_errors == [("програму", ["программу", "программ"])]


# --- the protocol's edges -----------------------------------------------------------------------------------------

def test_languages_lists_kazakh_and_russian(client):
    codes = {entry["longCode"] for entry in client.get("/v2/languages").json()}
    assert codes == {"kk-KZ", "ru-RU"}


def test_answer_has_languagetool_shape(client):
    answer = _check(client, text=RU, language="ru-RU")
    assert answer["software"]["apiVersion"] == 1
    assert answer["language"]["code"] == "ru-RU"
    match = answer["matches"][0]
    for key in ("message", "shortMessage", "replacements", "offset", "length", "context", "sentence", "rule"):
        assert key in match
    assert set(match["rule"]) >= {"id", "description", "issueType", "category"}
    assert set(match["context"]) == {"text", "offset", "length"}
    ctx = match["context"]
    assert ctx["text"][ctx["offset"]:ctx["offset"] + ctx["length"]] == RU[match["offset"]:match["offset"] + match["length"]]
    assert _found(answer, RU) == [("language.o-before-vowel", "О утверждении", ["Об утверждении"]),
                                  ("language.spelling", "програму", ["программу"])]
    assert answer["matches"][0]["message"].startswith("Перед гласным")  # Russian text: Russian messages


def test_mother_tongue_sets_the_message_language(client):
    kk_ui = _check(client, text=RU, language="ru-RU", motherTongue="kk-KZ")
    assert kk_ui["matches"][0]["message"].startswith("Орыс тілінде")
    en_ui = _check(client, text=RU, language="ru-RU", motherTongue="en-US")
    assert en_ui["matches"][0]["message"].startswith("Russian «о»")


def test_quote_messages_name_the_problem_in_the_readers_language(client):
    """The quotes rule's detail is a word of the message's language, not the detector's English «straight»."""
    for lang, tongue, word in (("ru-RU", "ru-RU", "прямые кавычки"), ("kk-KZ", "kk-KZ", "түзу тырнақша")):
        text = 'Решение "О бюджете" принято.' if lang == "ru-RU" else 'Шешім "Бюджет туралы" қабылданды.'
        answer = _check(client, text=text, language=lang, motherTongue=tongue)
        quotes = [m for m in answer["matches"] if m["rule"]["id"] == "language.quotes"]
        assert quotes and word in quotes[0]["message"], answer["matches"]
        assert "straight" not in quotes[0]["message"]


def test_utf16_offsets_with_emoji_and_combining_marks(client):
    prefix = "😀👍 ре\u0301шение әкімдігі: "  # two astral characters and a combining acute accent
    text = prefix + "бекiту"
    answer = _check(client, text=text, language="kk-KZ", enabledOnly="true", enabledRules="language.homoglyph")
    [match] = answer["matches"]
    utf16 = len(prefix.encode("utf-16-le")) // 2
    assert match["offset"] == utf16 == len(prefix) + 2
    assert match["length"] == 6


def test_annotated_data_offsets_point_into_the_original(client):
    data = {"annotation": [{"text": "Қала "}, {"markup": "<b>"}, {"text": "әкімдігі мемлекеттк"},
                           {"markup": "</b>"}, {"markup": "<br/>", "interpretAs": "\n\n"},
                           {"text": "шешім шешім қабылдады."}]}
    original = "Қала <b>әкімдігі мемлекеттк</b><br/>шешім шешім қабылдады."
    answer = _check(client, data=json.dumps(data, ensure_ascii=False), language="kk-KZ")
    assert _found(answer, original) == [("language.spelling", "мемлекеттк", ["мемлекеттік"]),
                                        ("language.doubled-word", "шешім шешім", ["шешім"])]


def test_auto_detects_the_language(client):
    kk = _check(client, text=KK, language="auto")
    assert kk["language"]["code"] == "kk-KZ" and kk["language"]["detectedLanguage"]["code"] == "kk-KZ"
    ru = _check(client, text=RU, language="auto")
    assert ru["language"]["detectedLanguage"]["code"] == "ru-RU"
    short = _check(client, text="Жоқ", language="auto", preferredVariants="kk-KZ")
    assert short["language"]["code"] == "kk-KZ"


def test_rules_and_categories_can_be_turned_off_or_chosen(client):
    every = {m["rule"]["id"] for m in _check(client, text=RU, language="ru-RU")["matches"]}
    assert every == {"language.o-before-vowel", "language.spelling"}
    without = _check(client, text=RU, language="ru-RU", disabledRules="language.spelling")
    assert {m["rule"]["id"] for m in without["matches"]} == {"language.o-before-vowel"}
    no_typos = _check(client, text=RU, language="ru-RU", disabledCategories="TYPOS")
    assert {m["rule"]["id"] for m in no_typos["matches"]} == {"language.o-before-vowel"}
    only = _check(client, text=RU, language="ru-RU", enabledOnly="true", enabledCategories="TYPOS")
    assert {m["rule"]["id"] for m in only["matches"]} == {"language.spelling"}


def test_empty_text_has_no_matches(client):
    assert _check(client, text="", language="kk-KZ")["matches"] == []


def test_too_long_text_is_refused_as_languagetool_does(client):
    response = client.post("/v2/check", data={"text": "а" * 100_000, "language": "ru-RU"})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith("Error: ") and "100000" in response.text


@pytest.mark.parametrize(("fields", "needle"), [
    ({"text": "мәтін"}, "language"),
    ({"text": "text", "language": "en-US"}, "en-US"),
    ({"language": "kk-KZ"}, "text"),
    ({"data": "{not json", "language": "kk-KZ"}, "data"),
])
def test_bad_requests_get_languagetool_errors(client, fields, needle):
    response = client.post("/v2/check", data=fields)
    assert response.status_code == 400
    assert response.text.startswith("Error: ") and needle in response.text


def test_raw_body_as_libreoffice_sends_it(client):
    text = "Жоспар + 5 & 6 … 100% орындалды, мемлекеттк бағдарлама."
    body = f"text={text}&language=kk-KZ".encode()
    response = client.post("/v2/check", content=body,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 200
    assert _found(response.json(), text) == [("language.spelling", "мемлекеттк", ["мемлекеттік"])]


def test_api_key_is_needed_when_configured(make_client):
    client = make_client(api_keys=("k1",), lt_budget_ms=600_000)
    refused = client.post("/v2/check", data={"text": KK, "language": "kk-KZ"})
    assert refused.status_code == 401 and refused.text.startswith("Error: ")
    by_header = client.post("/v2/check", data={"text": KK, "language": "kk-KZ"}, headers={"X-API-Key": "k1"})
    assert by_header.status_code == 200
    by_field = client.post("/v2/check", data={"text": KK, "language": "kk-KZ", "apiKey": "k1"})
    assert by_field.status_code == 200  # LibreOffice sends its key as a form field


# --- the core under the face ------------------------------------------------------------------------------------

def test_suggestions_restore_kazakh_letters_first():
    suggest = get_suggester().suggest
    assert suggest("карай", "kk")[0] == "қарай"
    assert suggest("аудандык", "kk")[0] == "аудандық"
    assert suggest("Мемлекеттк", "kk")[0] == "Мемлекеттік"  # the case of the typed word kept


def test_deeper_suggestions_come_from_morphology():
    # «әкімдігінің» is an inflected form the hunspell dictionary lacks: found by the speller's morphology
    assert "әкімдігінің" in get_suggester().suggest("әкімдігнің", "kk")


def test_same_rule_ids_and_messages_as_document_reports():
    result = check_text("Слово  с двумя пробелами.", "ru")
    [match] = result.matches
    assert match.rule.id == "language.double-space" and match.replacements == (" ",)
    assert match.message["ru"] == "Между словами 2 пробела подряд."
    assert "grammar-not-configured" in result.notes


def test_raw_body_parser_keeps_plus_and_ampersand():
    fields = ltprotocol.parse_body(b"text=a + b & c 100%&language=ru-RU&apiKey=k")
    assert fields == {"text": "a + b & c 100%", "language": "ru-RU", "apiKey": "k"}
    encoded = ltprotocol.parse_body(b"text=a+%2B+b+%26+c&language=ru-RU")
    assert encoded == {"text": "a + b & c", "language": "ru-RU"}


def test_a_typing_editor_is_not_held_up_by_new_words():
    """New words are judged by one background thread; an answer waits for them within its budget only, says
    when it is incomplete, and the next answer has the words judged meanwhile."""
    judge = WordJudge()
    gate = threading.Event()
    judge.pool.submit(gate.wait)  # the judging thread is busy with something long
    text = "Қаланың мемлекеттк бағдарламасы."
    early = judge.check(text, "kk", budget=0.05)
    assert not early.complete and early.misspellings == []
    gate.set()
    later = judge.check(text, "kk", budget=None)
    assert later.complete
    assert [(m.word, s[:1]) for m, s in later.misspellings] == [("мемлекеттк", ("мемлекеттік",))]
    again = judge.check(text, "kk", budget=0.0)  # remembered: no waiting at all
    assert again.complete and len(again.misspellings) == 1


def test_incomplete_results_are_flagged_in_the_answer():
    text = "Қаланың жаңа абаттандыоу бағдарламасы."  # a typo no other test has judged in this process
    judge = get_word_judge()
    gate = threading.Event()
    judge.pool.submit(gate.wait)
    try:
        hurried = ltprotocol.run({"text": text, "language": "kk-KZ"}, max_chars=1000, budget=0.02)
    finally:
        gate.set()
    assert hurried["warnings"]["incompleteResults"] is True and hurried["matches"] == []
    settled = ltprotocol.run({"text": text, "language": "kk-KZ"}, max_chars=1000, budget=None)
    assert settled["warnings"]["incompleteResults"] is False
    assert [m["rule"]["id"] for m in settled["matches"]] == ["language.spelling"]
