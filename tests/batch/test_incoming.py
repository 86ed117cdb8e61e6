"""Incoming-letter and appeal rules: each with a failing and a passing letter built with python-docx,
checked through validators.check; the letter's card and its deadline."""

import datetime as dt

import pytest
from letters import KK_LETTER, RU_LETTER, appeal_docx, letter_docx

from validators import CheckOptions, check

RECEIVED = dt.date(2025, 3, 14)  # a Friday before Nauryz


def run(data: bytes, profile: str | None = None, kind: str = "incoming-letter", attachments=(), received=RECEIVED):
    options = CheckOptions(pages=False, spelling=False, grammar=False, attachments=tuple(attachments),
                           received=received)
    return check(data, kind=kind, profile=profile, name="letter.docx", options=options)


def rules(report, severity: str | None = None) -> set[str]:
    return {f.rule for f in report.findings if severity is None or f.severity == severity}


@pytest.mark.parametrize("spec", [RU_LETTER, KK_LETTER], ids=["ru", "kk"])
def test_a_complete_letter_is_accepted_with_its_card(spec):
    report = run(letter_docx(spec))
    assert report.verdict == "accepted", report.to_text()
    assert rules(report, "error") == set()
    card = report.to_dict()["card"]
    assert card["sender"] == spec["sender"]
    assert card["addressee"] == spec["addressee"]
    assert card["outgoing_number"] in spec["outgoing"]
    assert card["outgoing_date"] in ("2025-03-12", "2025-03-14")
    assert spec["signer"][1] in card["signer"]
    assert card["executor"] in spec["executor"][0] and card["phone"] in spec["executor"][1]
    assert card["received"] == "2025-03-14"


def test_outgoing_number_and_date():
    bad = run(letter_docx(RU_LETTER, outgoing=None))
    assert "incoming.outgoing-number-date" in rules(bad, "error") and bad.verdict == "rejected"
    f = next(f for f in bad.findings if f.rule == "incoming.outgoing-number-date")
    assert f.source.clause.startswith("п. 67") and "исходящ" in f.message["ru"] and "шығыс" in f.message["kk"]
    no_date = run(letter_docx(RU_LETTER, outgoing="Исх. № 01-12/345"))
    assert "incoming.outgoing-number-date" in rules(no_date)
    assert "incoming.outgoing-number-date" not in rules(run(letter_docx(RU_LETTER)))


def test_reference_to_the_request_answered():
    reply_without_number = letter_docx(RU_LETTER, body=["На Ваш запрос сообщаем, что школы к отопительному "
                                                        "сезону готовы."])
    f = [f for f in run(reply_without_number).findings if f.rule == "incoming.request-reference"]
    assert f and "номер и дата запроса" in f[0].message["ru"]
    no_reference = letter_docx(RU_LETTER, body=["Сообщаем, что школы к отопительному сезону готовы."])
    assert "incoming.request-reference" in rules(run(no_reference), "warning")
    assert "incoming.request-reference" not in rules(run(letter_docx(RU_LETTER)))
    act_only = letter_docx(RU_LETTER, body=["Во исполнение протокольного поручения акима области сообщаем."])
    assert "incoming.request-reference" not in rules(run(act_only))


def test_eds_mark_or_an_attached_signature():
    unsigned = letter_docx(RU_LETTER, eds=None)
    assert "incoming.eds" in rules(run(unsigned), "error")
    assert "incoming.eds" not in rules(run(unsigned, attachments=["letter.docx.cms"]))
    card = run(unsigned, attachments=["letter.p7s"]).to_dict()["card"]
    assert card["eds"] == {"kk": "тіркелген қолтаңба letter.p7s", "ru": "приложена подпись letter.p7s",
                           "en": "attached signature letter.p7s"} and card["eds_status"] == "attached"
    assert "incoming.eds" not in rules(run(letter_docx(KK_LETTER)))  # «ЭЦҚ-мен қол қойылған»
    stamp = letter_docx(RU_LETTER, eds="Подписано электронной цифровой подписью: Сейтқали А.")
    assert "incoming.eds" not in rules(run(stamp))
    assert "incoming.eds" in rules(run(unsigned, attachments=["letter_приказ.pdf"]))  # not a signature


def test_attached_signature_must_verify_over_the_letter():
    from letters import detached_cms

    from service.batch.task import attachment, verify_signatures

    letter = letter_docx(RU_LETTER, eds=None)
    good = verify_signatures(letter, [attachment("letter.docx.cms", detached_cms(letter))])
    ok = check(letter, kind="incoming-letter", options=CheckOptions(
        pages=False, spelling=False, attachments=("letter.docx.cms",), signatures=good, received=RECEIVED))
    assert not rules(ok) & {"incoming.eds", "incoming.eds-valid"}
    eds = ok.to_dict()["card"]["eds"]
    assert all("СЕЙТҚАЛИ АСЕТ" in eds[lang] for lang in ("kk", "ru", "en"))
    assert eds["ru"].startswith("приложенная подпись letter.docx.cms: ") and "подписал: СЕЙТҚАЛИ АСЕТ" in eds["ru"]
    other = letter_docx(RU_LETTER, eds=None, outgoing="Исх. № 5 от 12.03.2025")
    bad = verify_signatures(other, [attachment("other.docx.cms", detached_cms(letter))])
    report = check(other, kind="incoming-letter", options=CheckOptions(
        pages=False, spelling=False, attachments=("other.docx.cms",), signatures=bad, received=RECEIVED))
    f = next(f for f in report.findings if f.rule == "incoming.eds-valid")
    assert f.severity == "error" and "other.docx.cms" in f.message["ru"] and "messageDigest" in f.message["en"]
    # why, in the signing module's words, in each language (not only «подпись недействительна»)
    assert "документ отличается от подписанного" in f.message["ru"]
    assert "құжат қол қойылған құжаттан өзгеше" in f.message["kk"]


def test_executor_surname_and_phone():
    assert "incoming.executor" in rules(run(letter_docx(RU_LETTER, executor=None)), "error")
    no_phone = run(letter_docx(RU_LETTER, executor=["Исп.: Жумабекова Г."]))
    f = [f for f in no_phone.findings if f.rule == "incoming.executor"]
    assert f and "номер телефона" in f[0].message["ru"] and "фамилия" not in f[0].message["ru"].split("(")[0]
    unlabelled = run(letter_docx(RU_LETTER, executor=["Жумабекова Г.А. 8 (72533) 5-12-45"]))
    assert "incoming.executor" not in rules(unlabelled)
    assert unlabelled.to_dict()["card"]["phone"] == "8 (72533) 5-12-45"


def test_signatory_allowed_for_the_addressee():
    to_akim_by_deputy = letter_docx(RU_LETTER, addressee="Акиму города Туркестан",
                                    signer=["Заместитель руководителя управления", "Е. Қасымов"])
    assert "incoming.signer-role" in rules(run(to_akim_by_deputy), "error")
    to_apparatus_by_deputy = letter_docx(RU_LETTER, signer=["Заместитель руководителя управления", "Е. Қасымов"])
    assert "incoming.signer-role" not in rules(run(to_apparatus_by_deputy))
    to_akim_by_head = letter_docx(RU_LETTER, addressee="Акиму города Туркестан")
    assert "incoming.signer-role" not in rules(run(to_akim_by_head))


@pytest.mark.parametrize("position", ["И.о. руководителя отдела", "Исполняющий обязанности руководителя",
                                      "Бөлім басшысының м.а.", "Бөлім басшысының міндетін атқарушы"])
def test_acting_signatory_needs_the_delegation_order(position):
    acting = letter_docx(RU_LETTER, signer=[position, "К. Ахметов"])
    report = run(acting)
    assert "incoming.acting-order" in rules(report, "error"), report.to_text()
    assert "incoming.acting-order" not in rules(run(acting, attachments=["letter_приказ_о_возложении.pdf"]))
    with_copy = letter_docx(RU_LETTER, signer=[position, "К. Ахметов"],
                            attachment_line="Приложение: копия приказа о возложении обязанностей на 1 л.")
    assert "incoming.acting-order" not in rules(run(with_copy))


def test_acting_signatory_of_a_ministry_is_exempt():
    ministry = letter_docx(RU_LETTER, sender="Министерство просвещения Республики Казахстан",
                           signer=["И.о. вице-министра", "Н. Сарсенов"])
    assert "incoming.acting-order" not in rules(run(ministry))


def test_language_note_for_a_letter_not_in_kazakh():
    assert "incoming.language" in rules(run(letter_docx(RU_LETTER)), "info")
    assert "incoming.language" not in rules(run(letter_docx(KK_LETTER)))


@pytest.mark.parametrize("mark,deadline", [("ӨТЕ ШҰҒЫЛ", "2025-03-27"), ("ВЕСЬМА СРОЧНО", "2025-03-27"),
                                           ("ШҰҒЫЛ", "2025-04-07"), ("СРОЧНО", "2025-04-07"),
                                           (None, "2025-04-21")])
def test_urgency_marks_give_the_deadline(mark, deadline):
    # received Wednesday 19 March 2025: Nauryz days off 21–25 March are skipped; 19 April is a Saturday
    body = ["На Ваш запрос № 05-17/882 от 03.03.2025 года сообщаем следующее."]
    report = run(letter_docx(RU_LETTER, urgency=mark, body=body), received=dt.date(2025, 3, 19))
    card = report.to_dict()["card"]
    assert card["urgency"] == mark and card["deadline"] == deadline
    info = next(f for f in report.findings if f.rule == "incoming.deadline")
    assert ".".join(reversed(deadline.split("-"))) in info.message["ru"] and info.severity == "info"


def test_a_stated_term_gives_the_deadline():
    body = ["На Ваш запрос № 05-17/882 от 03.03.2025 года сообщаем.", "Просим рассмотреть в срок до 22 марта 2025 года."]
    card = run(letter_docx(RU_LETTER, body=body)).to_dict()["card"]
    assert card["deadline"] == "2025-03-26"  # 22 March is a Saturday of Nauryz → next working day


def test_profiles_apply_their_own_terms():
    urgent = letter_docx(RU_LETTER, urgency="СРОЧНО", body=["Во исполнение поручения акима сообщаем."])
    zh = run(urgent, profile="zhezkazgan-2011")  # no urgency marks in 2011: one month from receipt
    assert zh.to_dict()["card"]["deadline"] == "2025-04-14"
    assert rules(zh) == {"incoming.deadline"}  # the 2011 regulation sets no requisites of incoming letters
    assert run(urgent, profile="almaty-city-2014").to_dict()["card"]["deadline"] == "2025-04-02"
    kz = run(letter_docx(RU_LETTER, outgoing=None), profile="kazygurt-district-2025")
    f = next(f for f in kz.findings if f.rule == "incoming.outgoing-number-date")
    assert "L483" in f.source.clause


def test_appeal_intake_checks():
    good = run(appeal_docx(eds="Документ подписан ЭЦП"), profile="appeals-model-2020", kind="appeal")
    assert rules(good) == set() and good.to_dict()["card"]["applicant_kind"] == "individual"
    unsigned = run(appeal_docx(), profile="appeals-model-2020", kind="appeal")
    assert "appeal.eds" in rules(unsigned, "warning")
    anonymous = run(appeal_docx(applicant=None, eds="ЭЦП"), profile="appeals-model-2020", kind="appeal")
    assert "appeal.applicant" in rules(anonymous)
    no_address = run(appeal_docx(address=None, eds="ЭЦП"), profile="appeals-model-2020", kind="appeal")
    f = next(f for f in no_address.findings if f.rule == "appeal.applicant")
    assert "адрес" in f.message["ru"]
    special = run(appeal_docx(eds="ЭЦП", body="Прошу возбудить уголовное дело против соседа."),
                  profile="appeals-model-2020", kind="appeal")
    assert "appeal.special-procedure" in rules(special, "info")
    company = run(appeal_docx(applicant="от ТОО «Нұр Құрылыс», БИН 123456789012", eds="ЭЦП"),
                  profile="appeals-model-2020", kind="appeal")
    assert company.to_dict()["card"]["applicant_kind"] == "legal-entity"


def test_a_letter_that_reads_like_a_cover_letter_is_incoming_in_an_inbox():
    """Sent with an attachment mark it reads as a cover letter; arriving in a batch (inbox) it is incoming."""
    data = letter_docx(body=["Направляем информацию о подготовке школ к отопительному сезону."],
                       attachment_line="Приложение: на 3 л. в 1 экз.")
    assert check(data, options=CheckOptions(pages=False, spelling=False)).document.kind == "cover-letter"
    report = check(data, options=CheckOptions(pages=False, spelling=False, inbox=True, received=RECEIVED))
    assert report.document.kind == "incoming-letter"
    assert report.to_dict()["card"]["outgoing_number"] == "01-12/345"
    given = check(data, kind="cover-letter", options=CheckOptions(pages=False, spelling=False, inbox=True))
    assert given.document.kind == "cover-letter"  # a kind given explicitly is never reinterpreted
