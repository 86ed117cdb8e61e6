"""`qujat --help` in the reader's language: the help of `qujat` and of every command and option from
``schemas/texts.yaml`` (``help.*``; options several commands share: ``help.opt-*``), with Typer's own words
(«Usage:», the panel titles, «[default: …]», «[required]», the --help option) said in kk or ru too. The
language is chosen as for every CLI text (``--messages``, else a kk/ru locale, else Russian); English keeps the
docstrings written in the code. Metavariables (``FILES...``, ``TEXT``, ``PATH``) stay as typed."""

from __future__ import annotations

from typing import Any

from validators.texts import LANGS, catalog, text


def help_lang(argv: list[str]) -> str:
    """The language of the help: ``--messages X`` on the command line, else :func:`message_lang`'s choice."""
    from service.cli.app import message_lang

    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--messages=") else \
            argv[i + 1] if arg == "--messages" and i + 1 < len(argv) else None
        if value in LANGS:
            return value
    return message_lang()


def _typer_words(lang: str) -> None:
    """Typer's and its Click's own words, said in ``lang`` (module-level: this process prints one help)."""
    from typer import rich_utils
    from typer._click import core, formatting

    rich_utils.ARGUMENTS_PANEL_TITLE = text("help.arguments", lang)
    rich_utils.OPTIONS_PANEL_TITLE = text("help.options", lang)
    rich_utils.COMMANDS_PANEL_TITLE = text("help.commands", lang)
    rich_utils.DEFAULT_STRING = text("help.default", lang)
    rich_utils.REQUIRED_LONG_STRING = text("help.required", lang)
    usage = text("help.usage", lang)
    write_usage = formatting.HelpFormatter.write_usage
    if not getattr(write_usage, "_qujat", False):
        def localized_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
            write_usage(self, prog, args, usage if prefix is None else prefix)

        localized_usage._qujat = True  # type: ignore[attr-defined]
        formatting.HelpFormatter.write_usage = localized_usage  # type: ignore[method-assign]
    get_help_option = core.Command.get_help_option
    if not getattr(get_help_option, "_qujat", False):
        said = text("help.help-option", lang)

        def localized_help_option(self: Any, ctx: Any) -> Any:
            option = get_help_option(self, ctx)
            if option is not None:
                option.help = said
            return option

        localized_help_option._qujat = True  # type: ignore[attr-defined]
        core.Command.get_help_option = localized_help_option  # type: ignore[method-assign]


def _metavars(command: Any, lang: str) -> None:
    """«[OPTIONS]» and «COMMAND [ARGS]...» of the usage line."""
    command.options_metavar = text("help.options-metavar", lang)
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = text("help.command-metavar", lang)


def _texts_of(command: Any, name: str, lang: str, known: dict[str, Any]) -> None:
    """``command``'s help and its options' help from ``help.<name>`` / ``help.<name>-<option>`` (else the
    shared ``help.opt-<option>``), where the catalog has them; its subcommands likewise (``sign-verify``)."""
    _metavars(command, lang)
    if f"help.cmd-{name}" in known:
        command.short_help = text(f"help.cmd-{name}", lang)
    if f"help.{name}" in known:
        command.help = text(f"help.{name}", lang)
    for param in command.params:
        key = next((k for k in (f"help.{name}-{param.name}", f"help.opt-{param.name}") if k in known), None)
        if key is not None:
            param.help = text(key, lang)
        if f"help.{name}-{param.name}-metavar" in known:
            param.metavar = text(f"help.{name}-{param.name}-metavar", lang)
    for sub_name, sub in (getattr(command, "commands", None) or {}).items():
        _texts_of(sub, f"{name}-{sub_name}", lang, known)


def localize(command: Any, lang: str) -> Any:
    """``command`` (the Click group Typer built for ``qujat``) with its help texts in ``lang``."""
    if lang == "en":
        return command
    known = catalog()
    _typer_words(lang)
    command.help = text("help.app", lang)
    _metavars(command, lang)
    for name, sub in (getattr(command, "commands", None) or {}).items():
        _texts_of(sub, name, lang, known)
    return command
