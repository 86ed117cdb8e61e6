"""The one warm-up: what every request or document would otherwise pay for on first use — the document
readers, the rule registry, profiles, the spelling dictionaries and (for a server) the compiled templates —
loaded once per process. The HTTP server's lifespan, its compute processes, the batch engines' parent and
the CLI all call :func:`warm_up`; none keeps a list of its own."""

from __future__ import annotations

import logging
from collections.abc import Iterable

log = logging.getLogger("qujat")


def warm_up(profile_ids: Iterable[str | None] | None = None, *, spelling: bool = True,
            templates: bool = False) -> None:
    """Import the readers and the rules and load ``profile_ids`` (every shipped profile when None; ``[None]``
    is the default profile). ``spelling`` loads the hunspell dictionaries (absent ones are logged, not
    raised: /healthz and each report say so); ``templates`` compiles every shipped template.
    A broken profile raises :class:`validators.errors.ConfigurationError`."""
    import validators.document  # noqa: F401 - python-docx, python-pptx, pypdf
    from validators import profiles
    from validators.rules import load_all

    load_all()
    for profile_id in profiles.available() if profile_ids is None else profile_ids:
        profiles.load(profile_id)
    if spelling:
        try:
            from validators.proofing.speller import get_speller
            from validators.proofing.suggest import get_suggester

            get_speller()
            get_suggester()
        except Exception as exc:  # absent dictionaries: reported by /healthz, spelling notes say so per report
            log.warning("spelling dictionaries not loaded: %s", exc)
    if templates:
        from service import generation

        generation.warm()
