"""The protocol's parts are typed objects read by the document layer (``doc.protocol``), in Russian and Kazakh;
the protocol rules judge them."""

from __future__ import annotations

from tests.validation.docs import P, T, build_docx, replace, ru_protocol_full, ru_protocol_short
from validators.document import parse
from validators.document.protocol import Attendance, Protocol, Section


def _protocol(blocks: list[P | T], kind: str | None = None) -> Protocol:
    doc = parse(build_docx(blocks), kind=kind)
    assert doc.protocol is not None
    return doc.protocol


def kk_protocol_full() -> list[P | T]:
    return [
        P("ТҮРКІСТАН ҚАЛАСЫНЫҢ ӘКІМДІГІ", "center", bold=True),
        P("ХАТТАМА", "center", bold=True),
        P("Түркістан қаласы әкімдігі отырысының", "center", bold=True),
        T([["2025 жылғы 20 маусым", "№ 7"]]),
        P("Түркістан қаласы", "center"),
        P("Төрағалық етуші: Пазылбекұлы Ә. – қала әкімі"),
        P("Хатшы: Мырзахметова Ж. – құжаттамалық қамтамасыз ету бөлімінің басшысы"),
        P("Қатысқандар: әкімдіктің 13 мүшесінің 10-ы қатысты, тізімі қоса беріледі."),
        P("КҮН ТӘРТІБІ:", "center", bold=True),
        P("1. Қала бюджетінің 2025 жылғы бірінші жартыжылдықта атқарылуы туралы"),
        P("Баяндамашы: Қасымов Д. – қаржы бөлімінің басшысы"),
        P("1. Қала бюджетінің 2025 жылғы бірінші жартыжылдықта атқарылуы туралы", bold=True),
        P("ТЫҢДАЛДЫ:", bold=True),
        P("Қасымов Д. – бюджеттің атқарылуы туралы."),
        P("СӨЙЛЕДІ:", bold=True),
        P("Омарова Л.: қаражаттың игерілуі туралы."),
        P("ҚАУЛЫ ЕТТІ:", bold=True),
        P("1.1. Қаржы бөлімі бюджет қаражатының толық игерілуін қамтамасыз етсін."),
        P("Орындаушы: Қасымов Д."),
        P("Мерзімі: 2025 жылғы 1 желтоқсанға дейін."),
        P("Дауыс беру: жақтап – 9, қарсы – 0, қалыс қалғандар – 1."),
        P("Хаттамалық тапсырмалардың орындалуын бақылау қала әкімі аппаратының басшысы Б.Оразбековке жүктелсін."),
        T([["Төрағалық етуші", "Ә.Пазылбекұлы"], ["Хатшы", "Ж.Мырзахметова"]]),
    ]


def test_full_protocol_parts_are_typed_ru():
    proto = _protocol(ru_protocol_full())
    assert proto.form == "full"
    assert proto.chair is not None and proto.chair.names and proto.secretary is not None
    assert proto.attendees is not None and proto.attendees.count == 13 and proto.attendees.listed == 0
    assert proto.agenda is not None and [i.label.strip(". ") for i in proto.agenda.items] == ["1", "2"]
    assert all(i.speaker for i in proto.agenda.items)
    assert len(proto.sections) == 2 and all(isinstance(s, Section) for s in proto.sections)
    assert [p.part for p in proto.sections[0].parts] == ["heard", "spoke", "decided"]
    assert [p.part for p in proto.sections[1].parts] == ["heard", "decided"]
    assert len(proto.assignments) == 2 and all(a.executor and a.deadline for a in proto.assignments)
    assert proto.control is not None
    assert {s.role for s in proto.signatures} == {"chair", "secretary"}
    assert proto.attendance is None and proto.votes == []  # nothing stated as numbers


def test_full_protocol_parts_are_typed_kk_with_attendance_and_votes():
    proto = _protocol(kk_protocol_full())
    assert proto.form == "full"
    assert proto.chair is not None and proto.chair.name.startswith("Пазылбекұлы")
    assert proto.secretary is not None and proto.secretary.names
    assert [p.word for p in proto.sections[0].parts] == ["ТЫҢДАЛДЫ", "СӨЙЛЕДІ", "ҚАУЛЫ ЕТТІ"]
    assert len(proto.assignments) == 1 and proto.assignments[0].executor and proto.assignments[0].deadline
    assert isinstance(proto.attendance, Attendance)
    assert (proto.attendance.present, proto.attendance.members) == (10, 13)
    assert proto.attendance.location.paragraph is not None
    assert [v.counts for v in proto.votes] == [{"for": 9, "against": 0, "abstained": 1}]
    assert {s.role for s in proto.signatures} == {"chair", "secretary"}


def test_short_protocol_items_are_typed():
    proto = _protocol(ru_protocol_short())
    assert proto.form == "short" and proto.agenda is None and proto.sections == []
    assert len(proto.items) == 1
    item = proto.items[0]
    assert item.alignment == "center" and item.underline and item.speakers
    assert len(item.assignments) == 1 and item.assignments[0].label and item.assignments[0].executor
    assert proto.attendees is not None and proto.attendees.listed == 2
    assert proto.blocks == [item]


def test_rules_read_the_typed_parts(run):
    """A vote without a majority, and an assignment without a deadline, are found from the typed parts."""
    blocks = replace(ru_protocol_full(), "attendees", P("Присутствовали: 10 из 13 членов акимата."))
    blocks = replace(blocks, "s1d1s", P("Голосовали: за – 4, против – 3, воздержались – 3."))
    report = run(build_docx(blocks), kind="protocol-full")
    rules = {f.rule for f in report.findings}
    assert "protocol.quorum" in rules and "protocol.assignments" in rules
    quorum = [f for f in report.findings if f.rule == "protocol.quorum"]
    assert "majority" in quorum[0].message["en"]


def test_a_decision_has_no_protocol_parts():
    from tests.validation.docs import ru_resolution

    assert parse(build_docx(ru_resolution())).protocol is None


def test_the_parser_takes_the_section_words_it_is_given():
    """The parser reads no profile: a section word the defaults do not have («ПРИНЯЛИ РЕШЕНИЕ») opens the decided
    part only when the caller passes it (as the engine does with the profile's ``settings.protocol_words``)."""
    from validators.document.patterns import DEFAULT_PROTOCOL_WORDS

    assert all("ПРИНЯЛИ РЕШЕНИЕ" not in words for words in DEFAULT_PROTOCOL_WORDS["ru"].values())
    data = build_docx(replace(ru_protocol_full(), "s1d", P("ПРИНЯЛИ РЕШЕНИЕ:", bold=True)))
    usual = parse(data, kind="protocol-full").protocol
    given = parse(data, kind="protocol-full", protocol_words={"ru": {"decided": "Приняли решение"}}).protocol
    assert usual is not None and given is not None
    assert [p.part for p in usual.sections[0].parts] == ["heard", "spoke"]
    assert [p.part for p in given.sections[0].parts] == ["heard", "spoke", "decided"]
    assert given.sections[0].parts[-1].word == "ПРИНЯЛИ РЕШЕНИЕ"
