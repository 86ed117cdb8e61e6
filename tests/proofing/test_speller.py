"""The speller itself: what it skips, what its morphology accepts, that verdicts are cached."""

from __future__ import annotations

from collections import Counter

import pytest

from validators.proofing import hygiene
from validators.proofing.morphology import kk_stems, ru_stem
from validators.proofing.speller import get_speller, words


@pytest.fixture(scope="module")
def speller():
    return get_speller()


def unknown(speller, text: str, lang: str) -> list[str]:
    return [m.word for m in speller.check(text, lang)]


def test_skips_numbers_emails_urls_latin_and_abbreviations(speller):
    text = "Письмо № 12-3/45 от ТОО и АО, e-mail akimat@turkestan.gov.kz, сайт https://adilet.zan.kz, Documentolog"
    assert unknown(speller, text, "ru") == []


def test_long_capital_words_are_checked(speller):
    assert unknown(speller, "ПОСТАНОВЛЕНИЕ", "ru") == []
    assert unknown(speller, "ПОСТОНОВЛЕНИЕ", "ru") == ["ПОСТОНОВЛЕНИЕ"]


def test_lexicon_accepts_akimat_vocabulary_in_both_languages(speller):
    assert unknown(speller, "решение маслихата и акимата", "ru") == []
    assert unknown(speller, "мәслихат пен әкімдік", "kk") == []


def test_russian_spelling_of_akimat_words_is_not_kazakh(speller):
    assert unknown(speller, "облыстық маслихаттың шешімі", "kk") == ["маслихаттың"]


def test_kazakh_suffix_chains_of_known_stems_are_accepted(speller):
    for word in ("ауданынан", "аппаратының", "жүктелсін", "мөлшерлемелері", "орынбасарларымен", "бланкіде",
                 "жарықтандыруды", "қалаішілік"):
        assert speller.is_correct(word, "kk"), word


def test_kazakh_typos_are_caught(speller):
    for word in ("терорризмге", "коммисиялардың", "компютерінде", "ауданынна", "бюджетттерге", "температуранын"):
        assert not speller.is_correct(word, "kk"), word


def test_proper_names_mid_sentence_are_tolerated_but_typos_of_words_are_not(speller):
    assert unknown(speller, "Доклад сделал Байгоджаев в присутствии гостей.", "ru") == []
    assert unknown(speller, "Постоновление принято.", "ru") == ["Постоновление"]


def test_verdicts_are_cached(speller):
    speller.is_correct.cache_clear()
    speller.check("Решение акимата, решение акимата", "ru")
    first = speller.is_correct.cache_info()
    assert first.misses == 3 and first.hits == 1  # «Решение» opening the sentence is a distinct verdict
    speller.check("Решение акимата, решение акимата", "ru")
    second = speller.is_correct.cache_info()
    assert second.misses == first.misses and second.hits == first.hits + 4


def test_words_keep_offsets_and_drop_numeral_suffixes_and_hanging_parts():
    text = "2025 жылғы 5-ке дейін водо- и газоснабжение"
    assert [w for w, s, e in words(text) if text[s:e] == w] == ["жылғы", "дейін", "и", "газоснабжение"]


def test_morphology_respects_harmony_and_assimilation():
    assert ("аудан", True) in set(kk_stems("ауданынан"))
    assert "жыт" not in {stem for stem, _ in kk_stems("жытдарға")}  # -дар cannot follow voiceless т
    assert ("бланк", False) in set(kk_stems("бланкіде"))  # a loan: disharmonic, for the Russian lookup only
    assert ru_stem("Алматинской") == ru_stem("Алматинская")


def test_hygiene_detectors_give_fixes():
    [span] = hygiene.mixed_script_words("әкiмдiгiнiң")
    assert "→ і" in span.detail
    assert hygiene.o_before_vowel("Об утверждении, о внесении") == []
    assert [s.text for s in hygiene.doubled_words("не не допускается")] == ["не не"]
    assert [s.text for s in hygiene.doubled_words("мемлекеттік не мемлекеттік немесе орыс тілдерінде")] == [
        "мемлекеттік не мемлекеттік"
    ]
    assert hygiene.doubled_words("мемлекеттік және орыс тілдерінде, всё больше и больше") == []


def test_solid_kazakh_compounds_are_accepted_unless_one_typo_from_a_known_word(speller):
    for word in ("темірбетон", "тасжол", "теміржолшы"):  # темір|бетон, тас|жол: a stem + a known word
        assert not speller.is_known(word, "kk") and speller.is_correct(word, "kk"), word
    # «жұмысшылардың» with a doubled «м» splits into «жұммыс|шылардың»-like pieces, but one edit gives a
    # known word back: a typo, not a compound
    assert speller._compound_split("жұммысшылардың", 3, head_entry=True)
    assert not speller.is_correct("жұммысшылардың", "kk")


def test_short_capitalised_kazakh_word_mid_sentence_is_judged_by_its_root(speller):
    # «Әділт» (Әділет without е) keeps Kazakh letters in its root and is one edit from a known word
    assert unknown(speller, "Бұл Әділт туралы.", "kk") == ["Әділт"]
    # names: a foreign root with Kazakh suffixes, or a Kazakh name unknown to the dictionary, pass
    assert unknown(speller, "Біз Ерболға хат жаздық, Мәскеуге бардық, Айгүлге бердік.", "kk") == []


def test_russian_twin_of_a_kazakh_letter_is_a_typo_even_when_russian_knows_the_word(speller):
    # «карай» is a Russian word, but with «қ» it is the Kazakh «қарай»; «турме» is «түрме»
    for typo in ("карай", "турме"):
        assert not speller.is_correct(typo, "kk"), typo
    for word in ("қарай", "түрме", "дисквалификация", "бланкіде", "болумен"):
        assert speller.is_correct(word, "kk"), word


def test_short_russian_stems_with_kazakh_suffixes_unless_a_twin_letter_gives_a_kazakh_word(speller):
    for word in ("шламы", "танктер", "болтты"):  # шлам, танк, болт + Kazakh suffixes
        assert not speller.is_known(word, "kk") and speller.is_correct(word, "kk"), word
    # «колы»: «кол» is a Russian word, but with «қ» for «к» it is the Kazakh «қолы»: a typo
    assert not speller.is_correct("колы", "kk")
    assert not speller._is_short_loan("каласы")  # «қаласы» typed with «к»


def test_kazakh_suffix_chains_are_typed_verb_or_nominal(speller):
    # a nominal ending on a bare (passive) verb is no word: the real typo of a published act
    assert unknown(speller, "Шешімнің қосымшасына сәйкес бекітілсің.", "kk") == ["бекітілсің"]
    # verb forms need a verb, the same suffix never twice, «-на» only after a possessive
    text = "мәліметер тұматын әдістемесен қайтаруу бақылуа"
    assert unknown(speller, text, "kk") == text.split()
    ok = ("Шешім бекітілсін, бекітілді, бекітеді; жұмыстар ауданынан және қаласына жүктелсін; "
          "орналасқан ластаушы заттар, бақылау тұратын әдістемесін шешімінің мәліметтер орындалуын")
    assert unknown(speller, ok, "kk") == []


def test_verb_stems_come_from_the_dictionarys_verbal_nouns_and_verb_forms():
    from validators.proofing.morphology import verb_stems

    verbs = verb_stems(iter(["бекіту/MmNn", "бекіт/ABb", "оқу/MmNn", "тағу/MmNn", "азаю/MmNn", "ал/ABb",
                             "алатын/ABb", "аудан/ABb", "жүгіріп/ABb"]))
    assert {"бекіт", "оқ", "оқы", "тақ", "азай", "ал", "жүгір"} <= verbs
    assert "аудан" not in verbs
    typed = {stem for stem, _ in kk_stems("бекітілсің", verbs=verbs)}
    assert "бекіт" not in typed  # бекіт-іл-сің: a nominal ending on a verb
    assert ("бекіт", True) in set(kk_stems("бекітілсін", verbs=verbs))


def test_russian_second_opinion_knows_dictionary_words_not_typos(speller):
    # hunspell ru_RU lacks these; the OpenCorpora dictionary has them
    assert unknown(speller, "Журнал пронумеровывается, прудовые хозяйства, пронос веществ.", "ru") == []
    # its guesser is never asked: typos stay typos
    assert unknown(speller, "Администрация горада и кубаметр воды.", "ru") == ["горада", "кубаметр"]


def test_a_russian_look_alike_letter_is_not_hidden_by_a_name_or_a_compound(speller):
    # a capitalised Kazakh word with «и» for «і» is no name; a compound split cannot excuse it either
    assert unknown(speller, "Біз бүгін Әлеуметтик мәселелерді талқыладық.", "kk") == ["Әлеуметтик"]
    assert unknown(speller, "Мемлекеттік көрсетилетін қызметтер.", "kk") == ["көрсетилетін"]


def test_russian_loans_in_kazakh_are_nouns_and_lose_the_t_of_st(speller):
    assert unknown(speller, "Журналистерге және туристерге, лидерлігін мойындады.", "kk") == []
    # a loan takes no verb form: «Республика-а-сы» is no word
    assert unknown(speller, "Біз бұл республикаасы туралы.", "kk") == ["республикаасы"]


def test_a_short_capitalised_word_one_letter_from_a_lexicon_name_is_flagged(speller):
    # «Алматы» is in the lexicon of places; foreign short names stay tolerated
    assert unknown(speller, "Аудан орталығы Алмматы облысы, Аллматы қаласы.", "kk") == ["Алмматы", "Аллматы"]
    assert unknown(speller, "Вчера Мартин и Актас приехали.", "ru") == []
    # a Kazakh name in Russian text passes, unless one letter from a listed one
    assert unknown(speller, "Город Қоонаев и район Қонаев, село Қызылжар.", "ru") == ["Қоонаев"]


def test_surnames_units_and_declined_abbreviations_pass(speller):
    assert unknown(speller, "Узаков Аюбаевой поручить. Жауапты: Райылұлына.", "ru") == []
    assert unknown(speller, "МКҚК-ны тіркеу, қуаты 5 кВт, пп. 2) бойынша.", "kk") == []
    # a typo stays a typo: a lower-case word is no surname
    assert unknown(speller, "поставшиков", "ru") == ["поставшиков"]


def test_a_capitalised_kazakh_typo_is_not_taken_for_a_name(speller):
    # one edit from a known word, inflected («Әкімінін» ~ әкім-інің, «Облсы» ~ облыс-ы) or a lexicon name
    # («Алмат» ~ Алматы, a letter dropped); an abbreviation is no half of a compound («Рс|публикасы»)
    text = "Бұл Рспубликасы. Әкімінін шешімі. Облсы әкімдігі. Біз Алмат қаласына бардық."
    assert unknown(speller, text, "kk") == ["Рспубликасы", "Әкімінін", "Облсы", "Алмат"]


def test_kazakh_names_glued_from_words_still_pass(speller):
    # a dictionary word + a dictionary word, as written or inflected; a five-letter name one letter from another
    # name of the lexicons («Ақжал» ~ «Ақжар») is not judged by that
    text = "Ақжал ауылы. Қараой ауылы. Қайназарға бардық. Айгүлге бердік. Райылұлына жазды."
    assert unknown(speller, text, "kk") == []


def test_the_typo_test_of_an_inflected_word_is_bounded(speller, monkeypatch):
    """It analyses the word once, then at most _TYPO_ANALYSES stems put right and as many one-edit variants of
    its suffixes, not every one-edit variant of the word (about 2,000 for a 25-letter word, which took 1-2 s)."""
    from validators.proofing import speller as module

    calls = []
    real = module.kk_stems

    def counted(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "kk_stems", counted)
    for word in ("жамбылдандырылмағандықтан", "ақмолаоблысының", "шекемтастарды"):
        calls.clear()
        speller._typo_of_inflected(word)
        assert 0 < len(calls) <= 2 * module._TYPO_ANALYSES + 1, (word, len(calls))


def test_elided_roots_and_negated_converbs_are_words_a_dropped_vowel_is_not(speller):
    # кәсіпорын → кәсіпорны (a few roots drop their last high vowel before a vowel), өткіз-бе-стен
    assert unknown(speller, "кәсіпорнын аузына халқының өткізбестен", "kk") == []
    assert unknown(speller, "облсы", "kk") == ["облсы"]  # облыс does not: a typo


def test_a_russian_loan_in_kazakh_is_a_noun_and_case_form_entries_take_no_more_suffixes(speller):
    # «билет», «шлам», «сертификат» are Russian nouns: loans; «косым» (an adjective) and «колем» (a verb) are
    # not, so «косымша», «колемі» are «қосымша», «көлемі» typed with Russian letters
    assert unknown(speller, "билетінің шламдар сертификаттарының", "kk") == []
    assert unknown(speller, "косымша колемі", "kk") == ["косымша", "колемі"]
    # н for ң after a case form hunspell-kk lists as an entry, or after an accusative: typos
    # («баланын» stays: балан-ы-н, «its viburnum», is a word)
    assert unknown(speller, "шешімінін жылдын баланын", "kk") == ["шешімінін", "жылдын"]
    assert unknown(speller, "шешімінің жылдың ауданын облысын ақпаратын", "kk") == []


def test_kazakh_personal_names_ending_in_bai_bek_pass(speller):
    # a head of 5+ letters and a three-letter name element: «Туған|бай», «Қойшы|бек»
    assert unknown(speller, "Біз Туғанбай мен Қойшыбек туралы жаздық.", "kk") == []


def test_a_capitalised_kazakh_word_with_a_russian_look_alike_before_its_suffixes_is_a_typo(speller):
    # «Куәликті» is куәлік-ті with и for і: a Kazakh word (it has ә), not a name
    assert unknown(speller, "Куәликті берілді.", "kk") == ["Куәликті"]
    # names whose short head takes a suffix-like tail stay names
    assert unknown(speller, "Әйтей мен Бөкей келді. Алтынай келді.", "kk") == []


def test_a_compound_of_two_nominal_roots_passes_a_typo_at_its_seam_does_not(speller):
    # a dictionary noun + a word whose root is a dictionary entry, the suffixes on the last part
    for word in ("мекенжайына", "дүниежүзілік", "мейрамхана", "қолжетімді"):
        assert speller.is_correct(word, "kk", False), word
    # typos that leave two words: a letter doubled across the seam, a vowel after it on a short root, a verb as
    # the head, the genitive's ң typed as н
    for typo in ("ауданнаралық", "хабаралды", "бағытынта", "кәсіпорныдарына", "маузымындағы", "сенаторынын"):
        assert not speller.is_correct(typo, "kk", False), typo


def test_personal_endings_assimilate_to_the_last_sound(speller):
    # -пын/-пыз after a voiceless consonant, -бын/-біз after a voiced one, -мын after a vowel
    for word in ("жоқпын", "емеспіз", "сізбін"):
        assert speller.is_correct(word, "kk", False), word
    for typo in ("жоқмын", "емеспын"):  # the wrong assimilation, the wrong harmony
        assert not speller.is_correct(typo, "kk", False), typo


def test_loans_opencorpora_lists_take_kazakh_suffixes_names_only_when_capitalised(speller):
    # nouns hunspell ru_RU lacks but OpenCorpora lists; places and names when the word is capitalised
    for word in ("кондоминиумдары", "карильонды", "Мексиканың", "Лондонда"):
        assert speller.is_correct(word, "kk", False), word
    # in lower case a name is no loan («жанна-ма», «шараф-ың»); a Kazakh letter typed as its Russian twin
    # is a typo even when OpenCorpora knows the result («максат-ы» is «мақсаты»)
    for typo in ("жаннама", "шарафың", "максаты"):
        assert not speller.is_correct(typo, "kk", False), typo


def test_names_stand_after_initials_before_two_initials_or_alone_in_quotes(speller):
    text = "Фетер Н.Н. - комиссия хатшысы. Облыс әкімі Ш. Құлмахан. ЖШС «Долан» шаруашылығы."
    assert unknown(speller, text, "kk") == []
    assert unknown(speller, "Фетер Н.Н. - секретарь комиссии, ТОО «Долан»", "ru") == []
    # beside a surname or a patronymic: a first name the speller would otherwise judge («Ботагөз», «Гауһар»)
    assert unknown(speller, "Ботагөз", "kk") == ["Ботагөз"]
    assert unknown(speller, "Комиссия: Ахметова Ботагөз Серікқызы, Гауһар Нұрланқызы.", "kk") == []
    # one letter from a name of the lexicons is still a typo there; the same unknown word elsewhere is judged
    assert unknown(speller, "Облыс әкімі Ш. Алмааты", "kk") == ["Алмааты"]
    assert unknown(speller, "Біз Рспубликасы туралы", "kk") == ["Рспубликасы"]


def test_a_vowelless_short_word_is_a_unit_and_a_line_break_hyphen_is_joined(speller):
    assert unknown(speller, "5 кг, 3 жж, гигабек-керель", "kk") == []
    assert unknown(speller, "Массасы 5 тртп", "kk") == ["тртп"]  # four letters: judged as a word
    assert unknown(speller, "Бўл ереже", "kk") == ["Бўл"]  # a letter of neither alphabet (Uzbek ў for ұ)
    assert unknown(speller, "гигабек-кререль", "kk") == ["гигабек-кререль"]


def test_a_two_letter_noun_takes_nominal_endings_only(speller):
    for word in ("үйінің", "ізінен", "иелерін", "есіңізде"):
        assert speller.is_correct(word, "kk", False), word
    # the possessive without its vowel after a consonant, a verb form or a derivation on a two-letter root
    for typo in ("есңізде", "алмыз", "башысы", "кенсесі"):
        assert not speller.is_correct(typo, "kk", False), typo


def test_a_verb_in_y_spells_its_y_and_the_present_j_as_i(speller):
    # оқы- + -йтын is «оқитын» (hunspell-kk lists «оқиды»); a verb in a consonant does not contract
    for word in ("оқитын", "оқитындарға"):
        assert speller.is_correct(word, "kk", False), word
    for typo in ("жазитын", "кетітін"):
        assert not speller.is_correct(typo, "kk", False), typo


def test_a_name_one_letter_from_a_word_of_the_same_document_is_a_typo(speller):
    text = "Шешім Ақсу ауданында орындалсын. Ассу ауданы әкімдігі мен Ресей елшілігі."
    vocabulary = Counter(w.lower() for w, _, _ in words(text))
    # without the document's words «Ассу» is a name; beside «Ақсу» it is a typo of it
    assert "Ассу" not in [m.word for m in speller.check(text, "kk")]
    assert [m.word for m in speller.check(text, "kk", vocabulary)] == ["Ассу"]
    # a name far from every word of the document stays a name, a Latin look-alike is the homoglyph rule's
    names = "Ақсу ауданы. Жамбыл ауданы, Жергiлiктi атқарушы орган, Мартин мырза."
    assert speller.check(names, "kk", Counter(w.lower() for w, _, _ in words(names))) == []
    # a name the document repeats is meant, even one letter from a word of it
    twice = text + " Ассу ауданы."
    assert speller.check(twice, "kk", Counter(w.lower() for w, _, _ in words(twice))) == []


def test_a_russian_adjective_stem_takes_kazakh_adjective_suffixes(speller):
    # коммунальный → «коммунал-ды», консервативный → «консерватив-ті», перспективный → «перспектив-тік»
    for word in ("коммуналды", "консервативті", "перспективтік"):
        assert speller.is_correct(word, "kk", False), word
    # a case ending is no adjective suffix; a capitalised loan one letter from a lexicon name is that name mistyped
    for typo in ("коммуналга", "коммуналдыққ"):
        assert not speller.is_correct(typo, "kk", False), typo
    assert not speller.is_correct("Асматы", "kk", True)


def test_the_dative_a_e_follows_a_possessive_not_a_bare_vowel(speller):
    # «-а/-е» and «-на/-нда» of the pronominal -н- sit on a possessive -ы/-і («облыс-ы-на»), not on a verbal
    # noun or another vowel: «өткізуе», «соғысуа» are «өткізуге», «соғысуға» mistyped
    for word in ("облысына", "ауданында", "өткізуге"):
        assert speller.is_correct(word, "kk", False), word
    for typo in ("өткізуе", "соғысуа"):
        assert not speller.is_correct(typo, "kk", False), typo


def test_according_to_is_the_pronominal_n_and_sha_after_a_possessive(speller):
    # «талаб-ы-нша», «мәлімде-у-і-нше»: -нша/-нше after a possessive, like -на/-нда
    for word in ("талабынша", "мәлімдеуінше", "хабарлауынша"):
        assert speller.is_correct(word, "kk", False), word
    for typo in ("айтунша", "талапнша"):  # the possessive dropped
        assert not speller.is_correct(typo, "kk", False), typo


def test_a_word_hyphenated_across_a_line_is_judged_whole(speller):
    # narrow table cells of published acts: «Ескерткіш- тің», «Наимено- вание»; joined, they are words
    assert unknown(speller, "Ескерткіш- тің атауы, Типоло- гиялық тиесілігі", "kk") == []
    assert unknown(speller, "Наимено- вание памятника, Горо- дище", "ru") == []
    # a typo in the second half is still one, and so is a fragment with nothing before it
    assert unknown(speller, "Ескерткіш- тінң атауы", "kk") == ["тінң"]
    assert unknown(speller, "атауы гиялық", "kk") == ["гиялық"]


def test_a_loan_in_zd_drops_its_d_and_short_nouns_take_two_letter_case_endings(speller):
    for word in ("поезының", "съезінде", "миды", "суына"):
        assert speller.is_correct(word, "kk", False), word
    assert not speller.is_correct("онын", "kk", False)  # «оның» with н for ң
    assert not speller.is_correct("поезднің", "kk", False)  # -нің after a consonant


def test_verbs_and_adjectives_derived_from_russian_words(speller):
    # a Russian word (OpenCorpora's dictionary, whole) + the verbaliser -та/-да/-те with a verb chain after it:
    # награда → «наград-та-у», урбанизировать → «урбан-да-л-ған», аккредитовать → «аккредит-те-л-ген»; a noun in
    # -ика whose adjective is in -ический + -лық («этника-лық»); a bare loan OpenCorpora lists («интранет»)
    for word in ("наградтау", "наградталды", "урбандалу", "урбандалған", "аккредиттелген", "этникалық",
                 "интранет", "интранетке", "офлайн"):
        assert speller.is_correct(word, "kk", False), word
    # the seam follows vowel harmony and the stem's last sound; the verbaliser is whole and the stem a whole
    # Russian word; a doubled or dropped letter at the seam is a typo
    # the stem must not end in a doubled consonant («баянн-да-ма-сын»: баянный), the word must not be one edit from a
    # Kazakh root of 5+ letters with suffixes («сипот-та-п» is «сипаттап»), and ё is not read as е («тёхника»)
    for typo in ("наградтеу", "наградтаау", "наградттау", "урбандлу", "урбанадалу", "аккредитеу",
                 "этникалиқ", "этникаалық", "интранеть", "баянндамасын", "сипоттап", "тёхника"):
        assert not speller.is_correct(typo, "kk", False), typo


def test_lexicon_stems_take_the_suffix_grammar_by_their_part_of_speech(speller):
    # stems-kk.txt: nominal stems (N:) take plural, possessive, case and derivation; verb stems (V:) take voice
    # and verb forms, as hunspell-kk's own stems do
    for word in ("өңірлік", "өңірлеріне", "поштасына", "қағидаттары", "жиһаздардың", "бланкісінде",
                 "субъектілерінің", "құзыретіне", "тағылымдамадан", "құтқару", "құтқарып", "құтқарушы",
                 "куәландыруға", "куәландырылған", "тестілеуден"):
        assert speller.is_correct(word, "kk", False), word
    # a typo inside the new stem or at its seam is still refused
    for typo in ("өңірр", "өңрлік", "поштасна", "қағидатар", "құтқарру", "куәландрыу"):
        assert not speller.is_correct(typo, "kk", False), typo


def test_lexicon_lines_tagged_by_part_of_speech_load_their_words_and_verbs(tmp_path):
    from validators.proofing.speller import lexicon_verbs, load_lexicon

    (tmp_path / "stems-kk.txt").write_text("# a comment\nN: өңір пошта\nV: құтқар\n", encoding="utf-8")
    assert load_lexicon("kk", tmp_path) == {"өңір", "пошта", "құтқар"}  # the tags are no words
    assert lexicon_verbs("kk", tmp_path) == {"құтқар"}


def test_places_of_the_gazetteer_are_accepted_capitalised_with_kazakh_suffixes(speller):
    # gazetteer-kk.names: oblasts, cities, district centres, rivers, lakes; capitalised, with case endings
    for word in ("Тобылдың", "Тобылдан", "Ертіске", "Бетпақдаланың", "Жымпитыда", "Сарысуға"):
        assert speller.is_correct(word, "kk", True), word
        assert speller.is_known(word, "kk"), word
    # in lower case a place name is no word; a capitalised word one letter from a place is its typo
    assert not speller.is_known("тобылдың", "kk")
    for typo in ("Бетпақдалнаның", "Бетпақдааланың", "Теңізе"):  # -е follows a possessive only («Теңіз-і-не»)
        assert not speller.is_correct(typo, "kk", True), typo


def test_the_gazetteer_loads_names_apart_from_the_lexicon(tmp_path):
    from validators.proofing.speller import load_gazetteer, load_lexicon

    (tmp_path / "gazetteer-kk.names").write_text("# rivers\nТобыл Сарысу\n", encoding="utf-8")
    assert load_gazetteer("kk", tmp_path) == {"тобыл", "сарысу"}
    assert load_lexicon("kk", tmp_path) == frozenset()  # not words in any case


def test_a_loan_whose_kazakh_twin_is_only_a_generated_form_is_a_loan(speller):
    # «дилер»: putting і back for и gives «ділер», a form hunspell-kk's affixes make (ді- + -лер), no entry; a
    # twin that is an entry still wins («карай» is «қарай», «кызмет» is «қызмет»)
    for word in ("дилер", "дилерлер", "дилерді"):
        assert speller.is_correct(word, "kk", False), word
    for typo in ("карай", "кызмет", "колем"):
        assert not speller.is_correct(typo, "kk", False), typo


def test_a_name_with_the_genitive_typed_with_n_is_a_typo(speller):
    # a capitalised word is no name when its -нын/-дын/-тын with ң is a known form: «Мексиканын», «Трамптын»
    for typo in ("Мексиканын", "Трамптын", "Алматынын"):
        assert not speller.is_correct(typo, "kk", False), typo
    for word in ("Мексиканың", "Трамптың"):
        assert speller.is_correct(word, "kk", False), word
