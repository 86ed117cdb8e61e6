"""A Kazakh analyser the operator configures (QUJAT_KK_ANALYSER: an HFST optimized-lookup transducer) is
read once per process and consulted by the speller. The tests compile a small transducer of their own with
HFST (Debian's hfst): a few word forms, enough to show what the speller does with an analyser's answers."""

import shutil
import subprocess

import pytest

from validators.proofing import analyser as analyser_module
from validators.proofing.speller import Speller

LEXC = r"""Multichar_Symbols %<n%> %<v%> %<px3sp%> %<gen%> %<abl%> %<ger%> %<loc%> %<pass%> %<past%> %<imp%> %<pl%>

LEXICON Root
Words ;

LEXICON Words
үй%<n%>:үй # ;
үй%<n%>%<px3sp%>%<gen%>:үйінің # ;
құтқар%<v%>%<ger%>:құтқару # ;
жүгір%<v%>%<ger%>:жүгіру # ;
қал%<n%>:қал # ;
қала%<n%>:қала # ;
қала%<v%>%<imp%>:қалас # ;
қала%<n%>%<px3sp%>:қаласы # ;
қала%<n%>%<px3sp%>%<loc%>:қаласында # ;
пайдалан%<v%>%<pass%>%<past%>:пайдаланылған # ;
қала%<n%>%<gen%>:қаланың # ;
"""


@pytest.fixture(scope="module")
def transducer(tmp_path_factory):
    assert shutil.which("hfst-lexc"), "Debian's hfst is installed by scripts/install-system.sh"
    folder = tmp_path_factory.mktemp("analyser")
    (folder / "words.lexc").write_text(LEXC, encoding="utf-8")
    subprocess.run(["hfst-lexc", "-q", "words.lexc", "-o", "gen.hfst"], cwd=folder, check=True)
    subprocess.run("hfst-invert gen.hfst | hfst-fst2fst -w -o words.hfst", shell=True, cwd=folder, check=True)
    return folder / "words.hfst"


@pytest.fixture
def with_analyser(transducer, monkeypatch):
    monkeypatch.setenv("QUJAT_KK_ANALYSER", str(transducer))
    return Speller()


def test_the_analyser_is_read_once_and_names_lemma_and_tags(transducer, monkeypatch):
    monkeypatch.setenv("QUJAT_KK_ANALYSER", str(transducer))
    loads = analyser_module.LOADS["count"]
    first = analyser_module.get_analyser()
    assert first is not None and analyser_module.get_analyser() is first
    assert analyser_module.LOADS["count"] <= loads + 1
    assert first.analyses("үйінің") == ["үй<n><px3sp><gen>"]
    assert first.analyses("үйінін") == []
    assert first.knows("Үйінің")  # a capitalised form is looked up in lower case too


def test_without_a_configured_analyser_there_is_none_and_a_bad_file_is_no_failure(tmp_path, monkeypatch):
    monkeypatch.delenv("QUJAT_KK_ANALYSER", raising=False)
    assert analyser_module.get_analyser() is None
    broken = tmp_path / "broken.hfst"
    broken.write_bytes(b"not a transducer")
    monkeypatch.setenv("QUJAT_KK_ANALYSER", str(broken))
    assert analyser_module.get_analyser() is None  # logged; spelling goes on without it


def test_words_only_the_analyser_knows_are_accepted(with_analyser, monkeypatch):
    for word in ("үйінің", "құтқару", "жүгіру"):
        assert with_analyser.is_correct(word, "kk", False), word
    monkeypatch.delenv("QUJAT_KK_ANALYSER")
    without = Speller()
    # hunspell-kk and the lexicons lack «жүгіру» (жүгір- is no verb there); «үйінің» the speller now takes by
    # itself (a two-letter noun with nominal endings), «құтқару» from the verb stems of stems-kk.txt
    assert not without.is_correct("жүгіру", "kk", False)
    assert without.is_correct("үйінің", "kk", False)
    assert without.is_correct("құтқару", "kk", False)


def test_a_suffix_chain_the_analyser_refuses_on_a_stem_it_knows_is_a_typo(with_analyser, monkeypatch):
    """«қаланын» (қаланың with н for ң) is a well-formed suffix guess on the stem «қала»; the analyser knows that
    stem and refuses the form. «пайдаланылган» is «пайдаланылған» with «г» for «ғ»: the analyser knows that
    twin."""
    assert with_analyser.is_correct("қаланың", "kk", False)
    for typo in ("қаланын", "пайдаланылган"):
        assert not with_analyser.is_correct(typo, "kk", False), typo
    monkeypatch.delenv("QUJAT_KK_ANALYSER")
    assert Speller().is_correct("қаланын", "kk", False)  # the suffix guess alone accepts it
