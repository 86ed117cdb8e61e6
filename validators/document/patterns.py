"""Regular expressions and word lists for the requisites of akimat documents, kk and ru, in one place."""

from __future__ import annotations

import datetime as dt
import re

from validators import kinds

UP = "А-ЯЁӘҒҚҢӨҰҮҺІ"
LOW = "а-яёәғқңөұүһі"
_LATIN_LOOKALIKE = str.maketrans("AaBCcEeHIiKMOoPpTXxYy", "АаВСсЕеНІіКМОоРрТХхУу")


_WORD = re.compile(r"\w+")
_HAS_CYR = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
_HAS_LAT = re.compile(r"[A-Za-z]")


def cyrillic(text: str) -> str:
    """Latin look-alikes inside Cyrillic words made Cyrillic («әкiмi» with Latin i → «әкімі»), for matching."""
    if not _HAS_LAT.search(text):
        return text
    return _WORD.sub(lambda m: m.group(0).translate(_LATIN_LOOKALIKE)
                     if _HAS_CYR.search(m.group(0)) and _HAS_LAT.search(m.group(0)) else m.group(0), text)


def fold(text: str) -> str:
    """Upper-case, Latin look-alikes to Cyrillic, spaces removed: «П О С Т А Н О В Л Е Н И Е» → ПОСТАНОВЛЕНИЕ."""
    return re.sub(r"[\s\u00a0]+", "", text.translate(_LATIN_LOOKALIKE)).upper()


# kind words printed on the blank (folded) → the kinds printed with them: from the kinds registry
KIND_WORDS: dict[str, tuple[str, ...]] = kinds.WORDS
KIND_LINE = re.compile(
    r"^(Постановление|Решение|Распоряжение|Приказ|Протокол)\s+(акимата|акима|(?:\w+\s+){0,3}маслихата|"
    r"заседания|совещания|руководителя|директора|начальника)\b", re.I
)

KIND_LINE_KK = re.compile(r"(?:әкімдігінің|әкімінің|басшысының|мәслихатының|директорының)\s.*№\s*\S+\s+(қаулысы|шешімі|өкімі|бұйрығы)\s*\.?$",
                          re.I)

RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
             "октября", "ноября", "декабря"]
KK_MONTHS = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек",
             "қазан", "қараша", "желтоқсан"]
_Q = "[«»\"“”']?"
SPACE = "[ \u00a0\u202f]"  # spaces as typed: plain, no-break, narrow no-break
_RU_MONTH_WORD = (r"(январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|сентябр[ья]|октябр[ья]"
                  r"|ноябр[ья]|декабр[ья])")
_GAP = r"\s"  # inside a date: any space, also a line break (a date wrapped in an appendix header or a table cell)
_KK_YEAR = rf"(\d{{4}}){_GAP}*ж(?:ылғы|ылы|ылдың|ылын|ылға|\.)?{_GAP}*"
# «көкек» is April's old name («2000 жылдың 1 көкегіне»); a month misspelt («қантардан») is no month
_KK_MONTH_RX = [re.compile(name + ("|көке[кг]" if name == "сәуір" else ""), re.I) for name in KK_MONTHS]
_KK_MONTH_WORD = f"((?:{'|'.join(rx.pattern for rx in _KK_MONTH_RX)}))[{LOW}]*"
DATE_RU = re.compile(rf"{_Q}(\d{{1,2}}){_Q}{_GAP}*{_RU_MONTH_WORD}{_GAP}+(\d{{4}})(?:{_GAP}*(?:года|год|г\.?))?", re.I)
DATE_KK = re.compile(rf"{_KK_YEAR}{_Q}(\d{{1,2}}){_Q}{_GAP}*-?{_GAP}*{_KK_MONTH_WORD}", re.I)
DATE_NUM = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d|\.\d)")
# «16.04.03 г.», «20.11.01 ж» — a two-digit year, only with «г.» / «ж» after it (else it may be any number with dots)
DATE_NUM_SHORT = re.compile(rf"(?<![\d.])(\d{{1,2}})\.(\d{{1,2}})\.(\d{{2}}){_GAP}*[гж](?:\.|\b)")  # kk «20.11.01 ж»
# «2025 ж. наурыз 14», «2025 жылғы наурыздың 14» (month before day, as letters often write it)
DATE_KK_MONTH_FIRST = re.compile(rf"{_KK_YEAR}{_KK_MONTH_WORD}(?:{_GAP}+айының)?{_GAP}*{_Q}(\d{{1,2}}){_Q}(?!\d)", re.I)
# «22 ақпан 2013 жыл», «04 наурыз 2013 ж.» (day first, as agreement stamps and visas write it)
DATE_KK_DAY_FIRST = re.compile(rf"(?<!\d){_Q}(\d{{1,2}}){_Q}{_GAP}*-?{_GAP}*{_KK_MONTH_WORD}{_GAP}+(\d{{4}})"
                               rf"{_GAP}*ж(?:ыл\w*|\.)?", re.I)
# ranges whose first date borrows the month or the year of the second: «с 10 по 22 апреля 2004 года», «с 30
# апреля по 15 июня 2003 года»; «2004 жылдың 10-22 сәуірі», «2003 жылғы 30-сәуір мен 15 маусым аралығында»
RANGE_RU = re.compile(rf"\bс{_GAP}+(\d{{1,2}})(?:{_GAP}+{_RU_MONTH_WORD})?{_GAP}+по{_GAP}+(\d{{1,2}}){_GAP}+"
                      rf"{_RU_MONTH_WORD}{_GAP}+(\d{{4}})(?:{_GAP}*(?:года|год|г\.?))?", re.I)
RANGE_KK = re.compile(rf"{_KK_YEAR}(\d{{1,2}})(?:{_GAP}*-?{_GAP}*{_KK_MONTH_WORD})?{_GAP}*(?:-|–|—|мен|бен|пен)"
                      rf"{_GAP}*(\d{{1,2}}){_GAP}*-?{_GAP}*{_KK_MONTH_WORD}", re.I)
# «2000 жылғы сәуір айының 10-нан мамыр айының 10-не дейін»: the second date borrows the year of the first
RANGE_KK_MONTH_FIRST = re.compile(rf"{_KK_YEAR}{_KK_MONTH_WORD}{_GAP}+айының{_GAP}*(\d{{1,2}})[-–]?[{LOW}]*{_GAP}+"
                                  rf"{_KK_MONTH_WORD}{_GAP}+айының{_GAP}*(\d{{1,2}})(?!\d)", re.I)
DATE_PLACEHOLDER = re.compile(r"[«\"]?_{2,}[»\"]?\s*_{2,}|от\s+[«\"]?_{2,}|жылғы\s+[«\"]?_{2,}|_{2,}\.\s*_{2,}\.\s*\d{2,4}")
NUMBER = re.compile(r"(?:№|(?<![A-Za-zА-Яа-я])N(?=\s?\d))\s*([0-9][0-9A-Za-z" + UP + LOW + r"/\-–.]*[0-9A-Za-z" + UP + LOW + r"]|[0-9])")
NUMBER_PLACEHOLDER = re.compile(r"№\s*_{2,}|№\s*$|№\s*\.{3,}")


def _century(yy: str) -> int:
    return (1900 if int(yy) >= 50 else 2000) + int(yy)


def _kk_month(word: str) -> int:
    return next(i for i, rx in enumerate(_KK_MONTH_RX, 1) if rx.fullmatch(word))


_DATE_FORMS = (
    (DATE_RU, lambda m: (int(m.group(3)), _ru_month(m.group(2)), int(m.group(1)))),
    (DATE_KK, lambda m: (int(m.group(1)), _kk_month(m.group(3)), int(m.group(2)))),
    (DATE_NUM, lambda m: (int(m.group(3)), int(m.group(2)), int(m.group(1)))),
    (DATE_NUM_SHORT, lambda m: (_century(m.group(3)), int(m.group(2)), int(m.group(1)))),
    (DATE_KK_MONTH_FIRST, lambda m: (int(m.group(1)), _kk_month(m.group(2)), int(m.group(3)))),
)


def _ranges(text: str) -> list[tuple[dt.date, tuple[int, int]]]:
    """Both dates of every range whose first date is written short (day, or day and month)."""
    found: list[tuple[dt.date, tuple[int, int]]] = []
    for m in RANGE_RU.finditer(text):
        year, month2 = int(m.group(5)), _ru_month(m.group(4))
        month1 = _ru_month(m.group(2)) if m.group(2) else month2
        first_end = m.end(2) if m.group(2) else m.end(1)
        pairs = [((year, month1, int(m.group(1))), (m.start(), first_end)),
                 ((year, month2, int(m.group(3))), (m.start(3), m.end()))]
        found += _valid(pairs)
    for m in RANGE_KK.finditer(text):
        year, month2 = int(m.group(1)), _kk_month(m.group(5))
        month1 = _kk_month(m.group(3)) if m.group(3) else month2
        first_end = m.end(3) if m.group(3) else m.end(2)
        pairs = [((year, month1, int(m.group(2))), (m.start(), first_end)),
                 ((year, month2, int(m.group(4))), (m.start(4), m.end()))]
        found += _valid(pairs)
    for m in RANGE_KK_MONTH_FIRST.finditer(text):
        year = int(m.group(1))
        pairs = [((year, _kk_month(m.group(2)), int(m.group(3))), (m.start(), m.end(3))),
                 ((year, _kk_month(m.group(4)), int(m.group(5))), (m.start(4), m.end()))]
        found += _valid(pairs)
    return found


def _valid(pairs: list[tuple[tuple[int, int, int], tuple[int, int]]]) -> list[tuple[dt.date, tuple[int, int]]]:
    try:
        return [(dt.date(*ymd), span) for ymd, span in pairs]
    except ValueError:
        return []


def _ru_month(word: str) -> int:
    w = word.lower()
    return 5 if w in ("мая", "май") else next(i for i, name in enumerate(RU_MONTHS, 1) if name[:3] == w[:3])


def find_dates(text: str) -> list[tuple[dt.date, tuple[int, int]]]:
    """Every valid date in ``text`` with its span, in reading order (ru «16 июня 2025 года», «16.06.2025»,
    «16.04.03 г.», kk «2025 жылғы 16 маусым», «2025 ж. наурыз 14», «22 ақпан 2013 жыл», «1998 жылғы қазанның 6-ғы»; both dates of a
    range «с 10 по 22 апреля 2004 года» / «2004 жылдың 10-22 сәуірі»). A date may be wrapped over lines."""
    found = _ranges(text)
    taken = [span for _, span in found]
    for rx, ymd in _DATE_FORMS:
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            try:
                found.append((dt.date(*ymd(m)), m.span()))
            except ValueError:
                pass
    for m in DATE_KK_DAY_FIRST.finditer(text):  # only where no other form took the words
        if not any(m.start() < e and s < m.end() for _, (s, e) in found):
            try:
                found.append((dt.date(int(m.group(3)), _kk_month(m.group(2)), int(m.group(1))), m.span()))
            except ValueError:
                pass
    found.sort(key=lambda x: x[1])
    return found


def parse_date(text: str) -> tuple[dt.date, tuple[int, int]] | None:
    """The first date in ``text`` and its span."""
    dates = find_dates(text)
    return dates[0] if dates else None


def parse_number(text: str) -> str | None:
    m = NUMBER.search(text)
    return m.group(1).replace("–", "-") if m else None


# a surname as typed: «Тұрсынов», «Сарыбай-Ахметова», or in capitals «КУЛМАХАНОВ» (as some blanks print it)
_SURNAME = rf"(?:[{UP}][{LOW}]+(?:-[{UP}]?[{LOW}]+)?|[{UP}]{{3,}}(?:-[{UP}]{{2,}})?)"
NAME_INITIALS_FIRST = re.compile(rf"(?<![{UP}{LOW}])[{UP}]\.\s?(?:[{UP}]\.\s?)?{_SURNAME}(?![{UP}{LOW}])")
NAME_SURNAME_FIRST = re.compile(rf"{_SURNAME}\s+[{UP}]\.\s?(?:[{UP}]\.)?")
NAME_SHORT = re.compile(f"{NAME_INITIALS_FIRST.pattern}|{NAME_SURNAME_FIRST.pattern}")  # either order
# what stands before or after a name on a signature line: a signing line, «(подпись)», «/қолы/», «М.П.»
SIGNING_MARKS = re.compile(r"_{2,}|\.{4,}|[-–—]{4,}|\((?:подпись|қолы|қолтаңба)\)|/\s*(?:подпись|қолы)\s*/|"
                           r"\b(?:М\.\s?П\.|М\.\s?О\.)", re.I)


def name_only(text: str) -> str | None:
    """The person's name when the text is nothing else (signing line and marks aside): «__ А. Сүлейменов»."""
    bare = SIGNING_MARKS.sub(" ", text).strip(" \t/")
    if NAME_INITIALS_FIRST.fullmatch(bare) or NAME_SURNAME_FIRST.fullmatch(bare):
        return bare
    return None
NAME_FULL = re.compile(rf"[{UP}][{LOW}]+\s+[{UP}][{LOW}]+(?:\s+[{UP}][{LOW}]+)?")
POSITION_STEMS = re.compile(
    r"(аким|әкім|руковод|басшы|председат|төраға|секретар|хатшы|директор|начальник|заместит|орынбасар|"
    r"министр|ректор|бастығ|меңгеруші|заведующ|глава|исполняющ|міндетін атқарушы|уполномоч)", re.I
)
FORMULA = re.compile(
    r"(ПОСТАНОВЛЯЕТ|РЕШИЛ|РЕШАЮ|ОБЯЗЫВАЮ|ПРЕДЛАГАЮ|ПРИКАЗЫВАЮ|ҚАУЛЫ\s+ЕТЕДІ|ШЕШІМ\s+ҚАБЫЛДАДЫ|ШЕШТІ|"
    r"ШЕШЕМІН|ШЕШІМ\s+ЕТЕМІН|ШЕШІМ\s+ЕТТІ|ШЕШІМ\s+ҚАБЫЛДАЙМЫН|МІНДЕТТЕЙМІН|БҰЙЫРАМЫН|ҰСЫНАМЫН)\s*:"
)
PREAMBLE_START = re.compile(
    r"^(В\s+соответствии|Руководствуясь|В\s+целях|Во\s+исполнение|На\s+основании|Согласно|В\s+связи)|"
    r"(сәйкес|мақсатында|орындау\s+үшін|негізінде|басшылыққа\s+ала\s+отырып)", re.I
)
CONTROL = re.compile(
    r"(контроль\s+(?:за\s+)?исполнени|контроль\s+возлож|оставляю\s+за\s+собой|бақыла\w*|"
    r"орындалуын\s+бақылау)", re.I
)
CONTROL_ASSIGN = re.compile(
    r"(возложить|возлагается|возложен|оставляю\s+за\s+собой|жүктелсін|жүктеледі|жүктелді|өзіме\s+қалдырамын|"
    r"осуществляет|осуществлять|жүзеге\s+асырады)", re.I
)
ENTRY_FORCE = re.compile(
    r"(вводится\s+в\s+действие|вступает\s+в\s+силу|қолданысқа\s+енгізіледі|күшіне\s+енеді|"
    r"қолданысқа\s+енеді)", re.I
)
APPENDIX_RU = re.compile(r"^(?:Приложение|ПРИЛОЖЕНИЕ)(?!\s*:)\s*(?:(?:№|N)\s*)?(\d+)?")
APPENDIX_STAMP = re.compile(
    r"^(?:Утвержден[оаы]?|УТВЕРЖДЕН[ОАЫ]?)(?:\s+(?:постановлением|решением|распоряжением|приказом)|\s*$)", re.I)
# «… шешіміне 1-қосымша», also with the form mark under it in one cell («… қосымша / нысан»)
APPENDIX_KK_END = re.compile(r"(?:(\d+)\s*-?\s*)?қосымша(?:сы)?(?:\s+(?:нысан|үлгі))?\s*$|бекітілген\s*$|"
                             rf"^Қосымша(?![{LOW}]|\s*:)\s*(\d+)?", re.I)  # not «қосымшасына сәйкес …» wrapped
ATTACHMENT_MARK = re.compile(r"^(Приложение|Қосымша)\s*:\s*(.*)", re.I)
EXECUTOR = re.compile(r"^(?:Исп(?:олнитель|\.)?|Орынд(?:аушы|\.)?)\s*[:.]?\s*(.*)", re.I)
# a phone number as printed (the match is the number alone): «8 (72533) 5-12-45», «+7 701 123 45 67», «5-12-45»
PHONE = re.compile(
    r"((?<![\d+])(?:\+7|7|8)[\s\-(]*\d{3,5}[\s\-)]*\d{1,3}[\s\-]?\d{2}[\s\-]?\d{2}(?!\d)"
    r"|(?<![\d\-])\d{1,3}[\-\s]\d{2}[\-\s]\d{2}(?![\d\-]))"
)
PHONE_LABEL = re.compile(r"\b(?:тел|телефон|моб)\w*\.?\s*:?", re.I)
REFERENCE = re.compile(
    r"(на\s+(?:исх\.\s*)?№|на\s+ваш|в\s+ответ\s+на|во\s+исполнение|согласно\s+(?:поручени|письм)|"
    r"хатқа|хатыңызға|жауап\s+ретінде|тапсырмасын\s+орындау|тапсырмасына\s+сәйкес|сәйкес)", re.I
)
# an addressee block (dative): «Руководителю управления …», «Акиму города», «… әкіміне», «… басшысына»
ADDRESSEE = re.compile(r"^\s*(?:Акиму|Заместителю|Руководителю|Начальнику|Директору|Председателю|Министру|Главе|"
                       r"Секретарю|Управляющему|Президенту|Первому\s+заместителю|В\s+аппарат)\b|"
                       r"(?:әкіміне|орынбасарына|басшысына|бастығына|төрағасына|министріне|директорына|хатшысына|"
                       r"аппаратына|басқармасына|бөліміне)\b", re.I)
SENDS = re.compile(r"(направля|направлен|препровожда|жолдайды|жолдаймыз|жібереді|жібереміз|прилага|қоса\s+беріл)", re.I)
CHAIR = re.compile(r"^(Председательствующий|Председательствовал|Председатель|Төрағалық\s+етуші|"
                   r"Төрағалық\s+еткен|Төрағалық\s+етті|Төраға)\b\s*[:\-–]?\s*(.*)", re.I)
SECRETARY = re.compile(r"^(Секретарь|Хатшы)\b\s*[:\-–]?\s*(.*)", re.I)
ATTENDEES = re.compile(r"^(Присутствовали|Присутствующие|Қатысқандар|Қатысты|Қатысушылар)\b\s*[:\-–]?\s*(.*)",
                       re.I)
INVITED = re.compile(r"^(Приглашенные|Приглашены|Шақырылғандар|Шақырылды)\b", re.I)
ATTENDEES_REF = re.compile(
    r"(список\s+(?:присутствующих\s+|присутствовавших\s+|участников\s+)?прилагается|прилагается\s+список|"
    r"согласно\s+(?:прилагаемому\s+)?списку|тізім\w*\s+қоса\s+беріл\w*|тізім\w*\s+қоса\s+тіркел\w*|"
    r"тізім\w*\s+бойынша|тізімі\s+тіркеледі|қоса\s+беріл\w*\s+тізім\w*|тізімге\s+сәйкес)", re.I
)
AGENDA = re.compile(r"^(Повестка\s+дня|Күн\s+тәртібі|Күн\s+тәртібінде)\s*[:.\-–]?\s*(.*)", re.I)
AGENDA_ATTACHED = re.compile(r"(повестка\s+дня\s+прилагается|күн\s+тәртібі\s+қоса\s+беріл\w*)", re.I)
SPEAKER = re.compile(r"(доклад\w*|баяндама\w*|баяндамашы)", re.I)
DEFAULT_PROTOCOL_WORDS = {
    "ru": {"heard": ["СЛУШАЛИ"], "spoke": ["ВЫСТУПИЛИ"], "decided": ["ПОСТАНОВИЛИ", "РЕШИЛИ"]},
    "kk": {"heard": ["ТЫҢДАЛДЫ", "ТЫҢДАЛҒАНЫ"],
           "spoke": ["СӨЙЛЕДІ", "СӨЙЛЕГЕНДЕР", "СӨЗ СӨЙЛЕГЕНДЕР", "ЖАРЫССӨЗГЕ ШЫҚҚАНДАР", "ЖАРЫССӨЗГЕ ШЫҚТЫ"],
           "decided": ["ҚАУЛЫ ЕТТІ", "ШЕШТІ", "ШЕШІМ ҚАБЫЛДАДЫ", "ҚАУЛЫ ЕТІЛДІ", "ШЕШІМ ҚАБЫЛДАНДЫ"]},
}
DEADLINE = re.compile(
    r"(срок\w*|до\s+\d|до\s+(?:конца|начала|\d{1,2}\s)|не\s+позднее|в\s+течение|ежемесячно|ежеквартально|"
    r"еженедельно|ежегодно|постоянно|на\s+постоянной\s+основе|в\s+кратчайши|незамедлительно|квартал|"
    r"мерзім\w*|дейін|ай\s+сайын|апта\s+сайын|тоқсан\w*|жыл\s+сайын|тұрақты|үнемі|дереу|ішінде|\d{1,2}\.\d{1,2}\.\d{4}|"
    + "|".join(RU_MONTHS) + "|" + "|".join(KK_MONTHS) + r")", re.I
)
EXECUTOR_IN_TEXT = re.compile(
    r"(ответствен\w*|исполнител\w*|жауапты\w*|орындаушы\w*|отдел\w*|управлени\w*|аппарат\w*|аким\w*|"
    r"заместител\w*|руководител\w*|учреждени\w*|бөлім\w*|басқарма\w*|әкім\w*|орынбасар\w*|басшы\w*|"
    r"мекеме\w*|ГУ\s|КГУ|ММ\s|КММ|ТОО|ЖШС|АО\s|АҚ\s)|"
    rf"[{UP}]\.\s?(?:[{UP}]\.\s?)?[{UP}][{LOW}]+|\([{UP}][{LOW}]+\s+[{UP}]\.", re.I
)
PLACE = re.compile(
    rf"^(?:г\.|город|с\.|село|п\.|пос\.|поселок)\s*[{UP}][{LOW}\-]+|^[{UP}][{LOW}]+(?:-[{UP}]?[{LOW}]+)*\s+(?:қаласы|ауылы|кенті)$"
)
CONTACTS = re.compile(r"тел\.|телефон|факс|e-mail|эл\.\s*почта|@|www\.|\b\d{6}\b", re.I)

# the readers' mark the ЕСПИ prints after some older acts' signature («Оқығандар: / Багарова Ж.А. / …», «Ознакомлены:»):
# who read the text, no part of the act
READERS = re.compile(r"^\s*(?:Оқығандар|Оқыдым|Таныстым|Танысқандар|(?:С\s+приказом\s+)?[Оо]знакомлен[аы]?|Читали)\s*:?\s*$",
                     re.I)

# words that open an approval or agreement block, not a signer's position
AGREED = re.compile(r"^\s*[«\"]?(?:СОГЛАСОВАНО|Согласовано|КЕЛІСІЛДІ|Келісілді|КЕЛІСІЛГЕН|Келісілген|УТВЕРЖДАЮ|БЕКІТЕМІН)\b")


def position_like(text: str) -> bool:
    """The text reads as a signer's position: a known position word («Аким области», «Министр», «… төрағасы»), or
    any short capitalised phrase of two or more words without figures, quotes or sentence punctuation
    («Управляющий Делами Президента Республики Казахстан», «Қазақстан Республикасы Президентінің Іс
    басқарушысы») — never an addressee («Руководителю …»), an executor mark, an agreement or control line."""
    t = " ".join(text.split())
    if not t or len(t) > 160 or ADDRESSEE.search(t) or EXECUTOR.match(t) or AGREED.match(t) or CONTROL.search(t):
        return False
    if POSITION_STEMS.search(t):
        return True
    words = t.split()
    return (2 <= len(words) <= 12 and t[0] in UP_SET and not re.search(r"[\d:;«»\"“”()@]", t)
            and not t.endswith((".", ",")) and not FORMULA.search(t) and not CONTACTS.search(t))


UP_SET = frozenset("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯӘҒҚҢӨҰҮҺІ")
