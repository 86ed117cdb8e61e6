"""Incoming letters and appeals: mandatory requisites, signatory, urgency and the execution deadline.

The document layer reads the letter (``doc.letter``, :mod:`validators.document.letter`: sender, outgoing number
and date, addressee, signer, executor, phone, urgency, stated term, references, EDS marks) and the appeal
(``doc.appeal``); the check functions below judge them. The engine puts the registration card, with the computed
deadline (:func:`registration_card`), into the report as ``card`` for every incoming letter and appeal.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import Any, Protocol

from validators import workdays
from validators.document.letter import (
    DELEGATION_NAME,
    DEPUTY,
    HIGHER_BODY,
    SIGNATURE_SUFFIXES,
    Appeal,
    Letter,
    _blocks,
    read_appeal,
    read_letter,
)
from validators.model import Document
from validators.report import Finding, Location
from validators.rules.base import RuleContext, check_function
from validators.texts import LANGS, Texts, term, texts

KZ_TZ = dt.timezone(dt.timedelta(hours=5))  # Kazakhstan's single time zone since 1 March 2024


class Run(Protocol):
    """What the card needs of a check run: the document, the profile (deadline terms) and the options (receipt
    date, attached signatures). A RuleContext is one; the engine passes its own when it builds the card."""

    doc: Document
    profile: Any
    env: Any


def received_date(ctx: Run) -> dt.date:
    given = getattr(ctx.env.options, "received", None)
    if isinstance(given, dt.date):
        return given
    if isinstance(given, str) and given:
        return dt.date.fromisoformat(given)
    return dt.datetime.now(KZ_TZ).date()


def letter_of(ctx: RuleContext) -> Letter:
    """The letter the parser read (``doc.letter``)."""
    return ctx.doc.letter if ctx.doc.letter is not None else ctx.memo("incoming.letter", lambda: read_letter(ctx.doc))


def return_exempt(letter: Letter, ctx: RuleContext) -> str | None:
    """The profile's exemption from return that covers the sender, if any (Turkestan L341: letters of the
    President's Administration, Parliament and the Government Office are not returned): ``settings.return_exempt``
    is a list of {pattern, clause}; the sender is read from the sender line and the blank."""
    sender = " ".join(x for x in (letter.sender, *(f.text for f in ctx.doc.blank)) if x)
    for item in ctx.profile.settings.get("return_exempt") or []:
        if sender and re.search(str(item["pattern"]), sender, re.IGNORECASE):
            return str(item.get("clause", ""))
    return None


def _exemptable(fn: Callable[[RuleContext], Iterator[Finding]]) -> Callable[[RuleContext], Iterator[Finding]]:
    """A letter of an exempt sender is not returned: its errors become warnings that name the exemption."""

    @functools.wraps(fn)
    def wrapped(ctx: RuleContext) -> Iterator[Finding]:
        findings = list(fn(ctx))
        if not any(f.severity == "error" for f in findings):
            yield from findings
            return
        clause = return_exempt(letter_of(ctx), ctx)
        for f in findings:
            if clause is not None and f.severity == "error":
                f.severity = "warning"
                if f.source is not None:
                    f.source.clause = f"{f.source.clause}; {clause}"
            yield f

    return wrapped


def deadline(letter: Letter, ctx: Run) -> workdays.Deadline:
    rule = ctx.profile.rule("incoming.deadline")
    params = rule.params if rule else {}
    terms = params.get("urgent_terms")
    return workdays.deadline_for(letter.urgency, received_date(ctx), letter.term,
                                 urgent_terms=dict(terms) if terms is not None else None,
                                 default_months=int(params.get("default_months", 1)))


def card(letter: Letter, ctx: Run) -> dict:
    """The letter's registration card for an EDMS: what the parser read, with receipt, deadline and EDS
    (``deadline_basis`` and ``eds``: {kk, ru, en} for people; ``deadline_rule`` and ``eds_status`` for
    machines)."""
    due = deadline(letter, ctx)
    return {**letter.card(), "received": received_date(ctx).isoformat(), "deadline": due.date.isoformat(),
            "deadline_basis": _basis(due, letter, ctx), "deadline_rule": due.basis, **_eds_fields(letter, ctx)}


def registration_card(run: Run) -> dict | None:
    """The card of an incoming letter or an appeal (None for other kinds); the engine puts it in the report of
    every such document, whichever rules the profile applies."""
    doc = run.doc
    letter = doc.letter if doc.letter is not None else read_letter(doc)
    if doc.kind == "appeal":
        appeal = doc.appeal if doc.appeal is not None else read_appeal(doc)
        return {**appeal.to_dict(), "addressee": letter.addressee, "received": received_date(run).isoformat(),
                "channel": "electronic", **_eds_fields(letter, run)}
    if doc.kind == "incoming-letter":
        return card(letter, run)
    return None


def _attachments(ctx: Run) -> tuple[str, ...]:
    return tuple(getattr(ctx.env.options, "attachments", ()) or ())


def _verified(ctx: Run) -> tuple[dict, ...]:
    """Verification results of the attached signatures, when the caller verified them."""
    return tuple(getattr(ctx.env.options, "signatures", ()) or ())


def _eds_evidence(letter: Letter, ctx: Run) -> tuple[str, Texts] | None:
    """What shows the letter carries an EDS: (``eds_status``, what the card says of it in kk, ru and en). A
    verified signature's state is said in the signing module's words (``status_text`` of the verification)."""
    for sig in _verified(ctx):
        if sig["status"] in ("valid", "unverifiable", "untrusted", "revocation-unknown"):
            who = ", ".join(x for x in (sig.get("signer"), sig.get("organisation")) if x)
            state = Texts(sig["status_text"]) if sig.get("status_text") else Texts.same(sig["status"])
            said = texts("card.eds-verified", path=sig["path"], state=state)
            return sig["status"], texts("card.eds-signer", eds=said, who=who) if who else said
    sigs = [a for a in _attachments(ctx) if PurePosixPath(a).suffix.lower() in SIGNATURE_SUFFIXES]
    if sigs:
        return "attached", texts("card.eds-attached", path=sigs[0])
    if letter.eds_mark:
        return "mark", texts("card.eds-mark", mark=letter.eds_mark)
    return None


def _eds_fields(letter: Letter, ctx: Run) -> dict:
    """The card's ``eds`` ({kk, ru, en}, None without evidence) and ``eds_status`` (valid | untrusted |
    revocation-unknown | unverifiable: a verified attached signature; attached: a signature file not verified;
    mark: an EDS mark in the text; None)."""
    found = _eds_evidence(letter, ctx)
    return {"eds": dict(found[1]) if found else None, "eds_status": found[0] if found else None}


def _first_location(letter: Letter) -> Location:
    return letter.sender_location or Location(paragraph=1)


# --- checks -------------------------------------------------------------------------------------------------

WORDS = {  # finding arguments: terms of schemas/texts.yaml
    "number-date": "number-date", "date": "outgoing-date", "request": "request", "act": "act-reference",
    "no-signer": "no-signer", "deputy-to-akim": "deputy-to-akim", "surname": "surname", "phone": "phone-number",
    "applicant": "applicant", "address": "address",
}


def say(name: str, key: str) -> dict[str, Texts]:
    """The message argument ``name``: the term(s) ``key`` ("surname+phone" joins two) in every language."""
    names = [WORDS[k] for k in key.split("+")]
    if len(names) == 1:
        return {name: term(names[0])}
    return {name: texts("term.and", a=term(names[0]), b=term(names[1]))}


@check_function("incoming.outgoing-number-date")
@_exemptable
def check_outgoing(ctx: RuleContext) -> Iterator[Finding]:
    letter = letter_of(ctx)
    if letter.outgoing is None:
        yield ctx.finding(_first_location(letter), **say("missing", "number-date"))
    elif letter.outgoing.date is None:
        yield ctx.finding(letter.outgoing.location, **say("missing", "date"))


@check_function("incoming.request-reference")
@_exemptable
def check_reference(ctx: RuleContext) -> Iterator[Finding]:
    letter = letter_of(ctx)
    dated = [r for r in letter.references if r.date]
    if letter.reply and not dated:
        yield ctx.finding(_first_location(letter), **say("what", "request"))
    elif not letter.references and not letter.act_reference and not letter.reply:
        # a letter on the sender's own initiative may answer no act: worth a look, not a return
        yield ctx.finding(_first_location(letter), severity="warning", **say("what", "act"))


@check_function("incoming.eds")
@_exemptable
def check_eds(ctx: RuleContext) -> Iterator[Finding]:
    letter = letter_of(ctx)
    if _eds_evidence(letter, ctx) is None:
        yield ctx.finding(letter.signer_location or _first_location(letter))


@check_function("incoming.eds-valid")
@_exemptable
def check_eds_valid(ctx: RuleContext) -> Iterator[Finding]:
    """An attached signature that was verified must verify over this letter."""
    letter_of(ctx)
    verified = _verified(ctx)
    if verified and all(sig["status"] == "invalid" for sig in verified):
        sig = verified[0]
        yield ctx.finding(Location(excerpt=sig["path"]), path=sig["path"],
                          reasons=_reasons(sig))


def _reasons(sig: dict) -> Texts:
    """Why an attached signature failed, in each language (the verifier's ``reason_texts``); without them
    «not a valid signature», with the English detail in ``en``."""
    given = [t for t in sig.get("reason_texts") or () if isinstance(t, dict) and set(LANGS) <= set(t)]
    if given:
        return Texts({lang: "; ".join(dict.fromkeys(t[lang] for t in given))[:300] for lang in LANGS})
    out = term("not-valid-signature")
    if sig.get("reasons"):
        out["en"] = "; ".join(sig["reasons"])[:300]
    return out


@check_function("incoming.signer-role")
@_exemptable
def check_signer_role(ctx: RuleContext) -> Iterator[Finding]:
    """The signer is a first head or a deputy; to the akim himself only a first head (Turkestan L299)."""
    letter = letter_of(ctx)
    if not letter.signer_position:
        # the signature block was not recognised: the reader decides (the EDS rule covers an unsigned letter)
        yield ctx.finding(Location(paragraph=len(ctx.doc.paragraphs) or None), severity="warning",
                          **say("problem", "no-signer"))
        return
    to_akim = bool(letter.addressee and re.match(r"\s*(?:акиму\b|[^,]*\bәкіміне\b)", letter.addressee, re.IGNORECASE)
                   and not DEPUTY.search(letter.addressee))
    if to_akim and DEPUTY.search(letter.signer_position):
        yield ctx.finding(letter.signer_location, **say("problem", "deputy-to-akim"))


@check_function("incoming.executor")
@_exemptable
def check_executor(ctx: RuleContext) -> Iterator[Finding]:
    letter = letter_of(ctx)
    missing = [name for name, value in (("surname", letter.executor), ("phone", letter.phone)) if not value]
    if missing:
        loc = letter.executor_location or Location(paragraph=len(ctx.doc.paragraphs) or None)
        yield ctx.finding(loc, **say("missing", "+".join(missing)))


@check_function("incoming.acting-order")
@_exemptable
def check_acting_order(ctx: RuleContext) -> Iterator[Finding]:
    letter = letter_of(ctx)
    if not letter.acting:
        return
    if letter.sender and HIGHER_BODY.search(letter.sender):
        return  # letters of central and higher bodies are exempt (Turkestan L375, Kazygurt L527)
    order_files = [a for a in _attachments(ctx) if DELEGATION_NAME.search(PurePosixPath(a).name)]
    if not order_files and not letter.delegation_text:
        yield ctx.finding(letter.signer_location, mark=letter.acting)


@check_function("incoming.language")
def check_language(ctx: RuleContext) -> Iterator[Finding]:
    letter_of(ctx)
    if ctx.doc.lang and ctx.doc.lang != "kk":
        yield ctx.finding(Location(paragraph=1), lang=term(f"lang-{ctx.doc.lang}"))


@check_function("incoming.deadline")
def check_deadline(ctx: RuleContext) -> Iterator[Finding]:
    """Always one info finding: the urgency and the execution deadline with its basis."""
    letter = letter_of(ctx)
    due = deadline(letter, ctx)
    yield ctx.finding(_first_location(letter), urgency=letter.urgency_mark or "—",
                      deadline=due.date.strftime("%d.%m.%Y"), basis=_basis(due, letter, ctx))


def _basis(due: workdays.Deadline, letter: Letter, ctx: Run) -> Texts:
    """Why the deadline is that day, in every language."""
    stated = letter.term
    if due.basis == "date" and stated is not None and isinstance(stated.value, dt.date):
        return term("basis-until", date=stated.value.strftime("%d.%m.%Y"))
    if due.basis == "term" and stated is not None:
        unit = {"working-days": "basis-working-days", "days": "basis-days"}.get(stated.unit, "basis-months")
        return term(unit, n=stated.value)
    rule = ctx.profile.rule("incoming.deadline")
    params = rule.params if rule else {}
    if due.basis == "urgency" and letter.urgency:
        n = (params.get("urgent_terms") or workdays.URGENT_TERMS).get(letter.urgency)
        return term("basis-urgency", n=n, urgency=letter.urgency)
    return term("basis-default", n=int(params.get("default_months", 1)))


# --- appeals of individuals and legal entities (appeals-model-2020) ---------------------------------------------

def appeal_of(ctx: RuleContext) -> Appeal:
    """The appeal the parser read (``doc.appeal``)."""
    return ctx.doc.appeal if ctx.doc.appeal is not None else ctx.memo("appeal", lambda: read_appeal(ctx.doc))


@check_function("appeal.applicant")
def check_applicant(ctx: RuleContext) -> Iterator[Finding]:
    appeal = appeal_of(ctx)
    if not appeal.applicant:
        yield ctx.finding(Location(paragraph=1), **say("missing", "applicant"))
    elif not appeal.address:
        yield ctx.finding(Location(paragraph=1), **say("missing", "address"))


@check_function("appeal.eds")
def check_appeal_eds(ctx: RuleContext) -> Iterator[Finding]:
    appeal_of(ctx)
    if _eds_evidence(letter_of(ctx), ctx) is None:
        yield ctx.finding(Location(paragraph=len(ctx.doc.paragraphs) or None))


@check_function("appeal.special-procedure")
def check_special_procedure(ctx: RuleContext) -> Iterator[Finding]:
    appeal = appeal_of(ctx)
    if appeal.special_procedure:
        loc = next((loc for text, loc in _blocks(ctx.doc) if appeal.special_procedure in text), Location())
        yield ctx.finding(loc, term=appeal.special_procedure)
