"""The words Typer writes itself — usage lines, help sections, the help
option, parse errors — in the user's language.

Typer ships its own copy of click, whose words are English literals, and
looks a few more up with the standard library's ``gettext`` in its default
domain (which balintlog does not use). :func:`install` puts the catalogue's
words in their place: the methods that write them are replaced by ones
that ask :func:`balintlog.i18n._` at the moment they write, so the language
can still change after the command line is built (tests do), and English
comes out exactly as Typer writes it. Typer's rich help panels are not used
(``rich_markup_mode=None``), so their constants are left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from balintlog.i18n import N_, _, is_german

if TYPE_CHECKING:
    from collections.abc import Callable

#: Typer's own help texts, given as English literals where it builds the
#: help and completion options.
BUILT_IN_HELP: Final = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("Install completion for the specified shell."),
    N_("Show completion for the specified shell, to copy it or customize the installation."),
)

#: The words Typer looks up through ``gettext`` (typer/core.py), for the catalogue.
LOOKED_UP: Final = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Aborted!"),
    N_("Missing command."),
    N_("No such command {name!r}."),
)

#: What Typer's value checks say (through pydantic), shown after "Invalid value for …:".
VALUE_MESSAGES: Final = (
    N_("Input should be a valid integer, unable to parse string as an integer"),
    N_("Input should be a valid integer"),
    N_("Input should be a valid boolean, unable to interpret input"),
    N_("Input should be a valid number, unable to parse string as a number"),
)

#: The placeholders of Typer's usage line (``balintlog [OPTIONS] COMMAND [ARGS]...``).
_USAGE_WORDS: Final = (
    ("[OPTIONS]", N_("[OPTIONS]")),
    ("COMMAND [ARGS]...", N_("COMMAND [ARGS]...")),
)

_installed = False


def install() -> None:
    """Let Typer speak the user's language (once; English stays as it was)."""
    global _installed
    if _installed:
        return
    _installed = True
    from typer import core
    from typer._click import core as click_core
    from typer._click import exceptions, formatting

    setattr(core, "_", _)  # noqa: B010 - Typer's module-level gettext alias, not an exported name

    original_write_usage = formatting.HelpFormatter.write_usage

    def write_usage(self: formatting.HelpFormatter, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, words in _USAGE_WORDS:
            args = args.replace(english, _(words))
        original_write_usage(self, prog, args, _("Usage: ") if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
    _translate_help_records(core.TyperOption)
    _plain_arguments(core.TyperArgument)
    _whole_parentheses(click_core.Command)
    _install_errors(exceptions)


def _argument_name(argument: Any) -> str:
    """An argument as help shows it: its metavar as written (``[GROUP]
    CODE``), else its name in capitals (``HANDLE``), as ``Usage`` lines
    conventionally name what one types."""
    if argument.metavar is not None:
        return str(argument.metavar)
    return str(argument.name).upper()


def shorten_summary(summary: str) -> str:
    """A command's summary as a command list shortens it (``words...``),
    never cut inside a parenthesis: an opened ``(`` that the shortening
    leaves unclosed is dropped with what follows it."""
    if not summary.endswith("...") or summary.count("(") <= summary.count(")"):
        return summary
    head = summary[: summary.rfind("(")].rstrip(" ,;:")
    return f"{head}..." if head else summary


def _whole_parentheses(command_class: Any) -> None:
    original: Callable[..., str] = command_class.get_short_help_str

    def get_short_help_str(self: Any, limit: int = 45) -> str:
        return shorten_summary(original(self, limit))

    command_class.get_short_help_str = get_short_help_str


def _plain_arguments(argument_class: Any) -> None:
    """Arguments in usage lines and help without Typer's decoration: a
    required one as ``HANDLE`` (not ``{handle}``), an optional one as
    ``[REF]``, a repeatable one with ``...`` once, a composed metavar such as
    ``[GROUP] CODE`` as it is written; no ``<str>``/``<list[str]>`` type
    beside its name (its help says what it is)."""

    def usage_name(self: Any) -> str:
        name = _argument_name(self)
        composed = " " in name or "[" in name
        if composed:
            return name
        if self.nargs != 1:
            name += "..."
        return name if self.required else f"[{name}]"

    def rich_name(self: Any) -> str:
        name = _argument_name(self)
        if self.nargs != 1 and " " not in name and "[" not in name:
            name += "..."
        return name

    def display_type_rich(self: Any, ctx: Any) -> str | None:
        return None

    argument_class._usage_display_name = usage_name
    argument_class._rich_display_name = rich_name
    argument_class.display_type_rich = display_type_rich


def _translate_help_records(option_class: Any) -> None:
    """The help option and the completion options in the user's language."""
    original: Callable[..., tuple[str, str] | None] = option_class.get_help_record

    def get_help_record(self: Any, ctx: Any) -> tuple[str, str] | None:
        record = original(self, ctx)
        text = self.help
        if record is None or text not in BUILT_IN_HELP or not record[1].startswith(text):
            return record
        return record[0], _(text) + record[1][len(text) :]

    option_class.get_help_record = get_help_record


def _install_errors(exceptions: Any) -> None:
    """Typer's parse errors, each written in the user's language."""
    from typer._click._compat import get_text_stderr
    from typer._click.utils import _escape_control_characters, echo

    def error_line(message: str) -> str:
        return _("Error: {message}").format(message=message)

    def click_show(self: Any, file: Any = None) -> None:
        echo(error_line(self.format_message()), file=file or get_text_stderr(), color=self.show_color)

    def usage_show(self: Any, file: Any = None) -> None:
        file = file or get_text_stderr()
        color = None
        hint = ""
        if self.ctx is not None and self.ctx.command.get_help_option(self.ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(
                command=self.ctx.command_path, option=self.ctx.help_option_names[0]
            )
            hint += "\n"
        if self.ctx is not None:
            color = self.ctx.color
            echo(f"{self.ctx.get_usage()}\n{hint}", file=file, color=color)
        echo(error_line(self.format_message()), file=file, color=color)

    def param_hint(self: Any) -> str | None:
        hint = self.param_hint
        if hint is None and self.param is not None:
            hint = self.param.get_error_hint()
        if hint is not None and not isinstance(hint, str):
            return " / ".join(repr(x) for x in hint)
        return hint

    def bad_parameter_message(self: Any) -> str:
        hint = param_hint(self)
        message = _value_message(str(self.message))
        if hint is None:
            return _("Invalid value: {message}").format(message=message)
        return _("Invalid value for {name}: {message}").format(name=hint, message=message)

    def missing_parameter_message(self: Any) -> str:
        hint = param_hint(self)
        kind = self.param_type
        if kind is None and self.param is not None:
            kind = self.param.param_type_name
        message = self.message
        if self.param is not None:
            extra = self.param.get_missing_message(ctx=self.ctx)
            if extra:
                message = f"{message}. {extra}" if message else extra
        if kind == "argument":
            text = _("Missing argument {name}.") if hint else _("Missing argument.")
        elif kind == "option":
            text = _("Missing option {name}.") if hint else _("Missing option.")
        else:
            text = _("Missing parameter {name}.") if hint else _("Missing parameter.")
        text = text.format(name=hint)
        return f"{text} {message}" if message else text

    original_no_such_option = exceptions.NoSuchOption.__init__

    def no_such_option(self: Any, option_name: str, message: str | None = None, *args: Any, **kwargs: Any) -> None:
        if message is None:
            message = _("No such option: {name}").format(name=_escape_control_characters(option_name))
        original_no_such_option(self, option_name, message, *args, **kwargs)

    def no_such_option_message(self: Any) -> str:
        if not self.possibilities:
            return str(self.message)
        possible = _("(Possible options: {options})").format(options=", ".join(sorted(self.possibilities)))
        return f"{self.message} {possible}"

    def usage_message(self: Any) -> str:
        return _translate_click_sentence(str(self.message))

    exceptions.ClickException.show = click_show
    exceptions.UsageError.show = usage_show
    exceptions.UsageError.format_message = usage_message
    exceptions.BadParameter.format_message = bad_parameter_message
    exceptions.MissingParameter.format_message = missing_parameter_message
    exceptions.NoSuchOption.__init__ = no_such_option
    exceptions.NoSuchOption.format_message = no_such_option_message


#: Sentences click writes with the value inside (``ctx.fail(f"...")``): the
#: English beginning and the catalogue's sentence for what follows it.
_SENTENCES: Final = (
    ("Got unexpected extra argument(s) (", ")", N_("Got unexpected extra argument(s) ({arguments})")),
    ("Option ", " requires an argument.", N_("Option {name} requires an argument.")),
    ("Option ", " does not take a value.", N_("Option {name} does not take a value.")),
)


#: What Typer's value checks say with the value inside: the English as a
#: pattern, and the catalogue's sentence.
_VALUE_PATTERNS: Final = (
    (r"Value error, (?P<value>.+) is not one of (?P<choices>.+)\.", N_("{value} is not one of {choices}.")),
    (r"Input should be less than or equal to (?P<limit>.+)", N_("Input should be at most {limit}")),
    (r"Input should be greater than or equal to (?P<limit>.+)", N_("Input should be at least {limit}")),
)


def _value_message(message: str) -> str:
    """A value check's message in the user's language: the fixed ones
    through the catalogue, those with the value inside by their pattern
    (in every language: "Value error, ..." is the validator's wording, not
    the tool's)."""
    import re

    for pattern, sentence in _VALUE_PATTERNS:
        found = re.fullmatch(pattern, message)
        if found:
            return _(sentence).format(**found.groupdict())
    return _(message)


def _translate_click_sentence(message: str) -> str:
    """``message`` (a usage error click built in English) in the user's
    language where it is one of the sentences above, else as it is."""
    for start, end, sentence in _SENTENCES:
        if message.startswith(start) and message.endswith(end) and len(message) > len(start) + len(end):
            value = message[len(start) : len(message) - len(end)]
            key = "arguments" if "{arguments}" in sentence else "name"
            return _(sentence).format(**{key: value})
    return _(message)


def confirm(question: str, *, default: bool) -> bool:
    """A yes/no question on stderr, as ``typer.confirm`` asks it, answered
    with ``y``/``yes`` or ``n``/``no`` in any language and also ``j``/``ja``
    or ``nein`` in German; an empty answer is ``default``."""
    import typer

    yes, no = {"y", "yes"}, {"n", "no"}
    if is_german():
        yes, no = yes | {"j", "ja"}, no | {"nein"}
    choices = _("[Y/n]") if default else _("[y/N]")
    while True:
        answer = typer.prompt(f"{question} {choices}", default="", show_default=False, err=True).strip().lower()
        if not answer:
            return default
        if answer in yes:
            return True
        if answer in no:
            return False
        typer.echo(_("Error: invalid input"), err=True)
