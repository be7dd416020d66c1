"""The capture flow every note-taking command shares (case add, follow-up and
edit, session note): the text from ``--from FILE|-``, or through the editor
loop, with waiting drafts offered for resuming and every problem shown."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from balintlog.dates import format_date
from balintlog.errors import TemplateError, UsageError
from balintlog.i18n import _, ngettext
from balintlog.kinds import DraftKind
from balintlog.terminal.prompts import ask_to_reopen
from balintlog.terminal.state import AppState

if TYPE_CHECKING:
    from balintlog.domain import Draft, GroupSession
    from balintlog.journal import Journal

T = TypeVar("T")
P = TypeVar("P")

FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        help=_("Read the template from FILE, or from stdin with '-', instead of opening the editor."),
        show_default=False,
    ),
]
ResumeOption = Annotated[
    str | None,
    typer.Option(
        "--resume-draft", help=_("Open the draft with this id (see 'balintlog draft list')."), show_default=False
    ),
]


def resume_command(journal: Journal, draft: Draft) -> str:
    """The command that resumes ``draft``."""
    kind = DraftKind(draft.kind)
    if kind is DraftKind.SESSION_NOTE:
        return f"balintlog session note --resume-draft {draft.short_id}"
    if kind is DraftKind.CASE:
        return f"balintlog case add --resume-draft {draft.short_id}"
    if kind is DraftKind.LOGBOOK:
        return f"balintlog logbook add --resume-draft {draft.short_id}"
    number = journal.drafts.case_number(draft)
    verb = "follow-up" if kind is DraftKind.FOLLOW_UP else "edit"
    return f"balintlog case {verb} {number if number is not None else 'CASE'} --resume-draft {draft.short_id}"


def pick_draft(
    state: AppState,
    journal: Journal,
    kind: DraftKind,
    *,
    source: str | None,
    resume: str | None,
    case_id: str | None = None,
) -> Draft | None:
    """The draft a note-taking command resumes: the one ``--resume-draft``
    names, or (in a terminal) the newest of ``kind`` if the user wants it.
    Also checks that the command can get its text at all: ``--from``, or a
    terminal for the editor."""
    if source is not None:
        if resume is not None:
            raise UsageError(_("--from and --resume-draft cannot be combined; use one of them"))
        return None
    if not state.interactive:
        waiting = _same_kind(journal, kind, case_id)
        if waiting and resume is None:
            state.info(
                ngettext(
                    "Note: {count} unsaved draft of this kind is waiting; resume it in a terminal "
                    "with '{command}', see 'balintlog draft list'.",
                    "Note: {count} unsaved drafts of this kind are waiting; resume one in a terminal "
                    "with '{command}', see 'balintlog draft list'.",
                    len(waiting),
                ).format(count=len(waiting), command=resume_command(journal, waiting[-1]))
            )
        raise UsageError(_("no terminal to open an editor in; pipe the template with --from - (or --from FILE)"))
    if resume is None:
        return _offer_draft(state, journal, kind, case_id)
    draft = journal.drafts.get(resume)
    if DraftKind(draft.kind) is not kind:
        raise UsageError(
            _("draft {id} is a {label}; resume it with '{command}'").format(
                id=draft.short_id, label=journal.drafts.label(draft), command=resume_command(journal, draft)
            )
        )
    return draft


def capture(
    state: AppState,
    journal: Journal,
    *,
    kind: DraftKind,
    context: Mapping[str, str],
    blank: str,
    parse: Callable[[str], P],
    store: Callable[[P], T],
    source: str | None,
    draft: Draft | None,
) -> T:
    """Get a note's text and store it: from ``--from FILE|-`` (every problem
    printed at once, exit 2), or through the editor loop on ``blank`` or on
    the resumed ``draft`` (with its problems at the top). Returns what
    ``store`` returned; exits 1 when the user gave up (their text is then a
    draft; a resumed draft is updated, and discarded once stored)."""
    from balintlog.terminal.editor import EditorLoop, read_source

    if source is not None:
        text = read_source(source, state.read_stdin)

        def keep_piped() -> tuple[str, str]:
            piped = journal.drafts.save(kind, text, context)
            return piped.short_id, resume_command(journal, piped)

        return from_text(state, text, parse, store, keep=keep_piped)
    initial = blank if draft is None else _with_current_errors(draft.body, parse)
    kept = draft

    def keep(text: str) -> str:
        nonlocal kept
        kept = journal.drafts.save(kind, text, context, replacing=kept)
        return kept.short_id

    def hint(_short_id: str) -> str:
        assert kept is not None
        return resume_command(journal, kept)

    loop = EditorLoop(
        vault_id=journal.store.vault_id,
        kind=kind,
        context=context,
        keep_draft=keep,
        resume_hint=hint,
        confirm=ask_to_reopen(state),
        info=state.info,
        warn=state.warn,
    )
    result = loop.run(initial, lambda text: store(parse(text)))
    if result is None:
        if draft is not None and kept is draft:
            state.info(
                _("Draft {id} stays as it was; resume it with '{command}'.").format(
                    id=draft.short_id, command=resume_command(journal, draft)
                )
            )
        raise typer.Exit(1)
    if draft is not None:
        journal.drafts.discard(draft)
    return result


def from_text(
    state: AppState,
    text: str,
    parse: Callable[[str], P],
    store: Callable[[P], T],
    *,
    keep: Callable[[], tuple[str, str]] | None = None,
) -> T:
    """Parse and store text given with ``--from``. Text with nothing in it
    (blank, or comments only) records nothing and exits 1. A template with
    problems prints every one of them and exits 2, its text kept as a draft
    by ``keep`` (piped text exists nowhere else; it returns the draft's id
    and the command that resumes it) with the ways to go on."""
    from balintlog.template import is_empty_edit

    if is_empty_edit(text):
        state.info(_("The text is empty; nothing was saved."))
        raise typer.Exit(1)
    try:
        return store(parse(text))
    except TemplateError as exc:
        count = len(exc.problems)
        problems = ngettext("the template has {count} problem:", "the template has {count} problems:", count).format(
            count=count
        )
        state.err.print(_("Error: {message}").format(message=problems), markup=False)
        for problem in exc.problems:
            state.err.print(f"  {problem}", markup=False, soft_wrap=True)
        if keep is not None:
            short_id, resume = keep()
            state.info(
                _(
                    "Your text was kept as encrypted draft {id}: fix it in your editor with '{command}', "
                    "or write it out with 'balintlog draft show {id} > note.md', fix it and use '--from note.md'."
                ).format(id=short_id, command=resume)
            )
        raise typer.Exit(2) from None


def _with_current_errors(body: str, parse: Callable[[str], object]) -> str:
    from balintlog.template import with_errors

    try:
        parse(body)
    except TemplateError as exc:
        return with_errors(body, exc.problems)
    return body


def _same_kind(journal: Journal, kind: DraftKind, case_id: str | None) -> list[Draft]:
    """Drafts of ``kind`` (for the same case, where there is one)."""
    return [d for d in journal.drafts.all(kind) if case_id is None or d.refs.get("case") == case_id]


def _offer_draft(state: AppState, journal: Journal, kind: DraftKind, case_id: str | None) -> Draft | None:
    waiting = _same_kind(journal, kind, case_id)
    if not waiting:
        return None
    newest = waiting[-1]
    about = {"label": journal.drafts.label(newest), "date": format_date(newest.created), "id": newest.short_id}
    if len(waiting) > 1:
        offer = _(
            "You have an unsaved draft ({label}, kept on {date}, id {id}) "
            "({older} older ones in 'balintlog draft list')."
        ).format(older=len(waiting) - 1, **about)
    else:
        offer = _("You have an unsaved draft ({label}, kept on {date}, id {id}).").format(**about)
    state.info(offer)
    if state.confirm(_("Resume it?"), default=True):
        return newest
    state.info(_("Starting afresh; the draft stays in 'balintlog draft list'."))
    return None


def session_for(journal: Journal, ref: str | None, draft: Draft | None, group: str | None = None) -> GroupSession:
    """The session a note is for: ``--session`` if given, else the resumed
    draft's session, else the default REF."""
    if ref is None and draft is not None and "session" in draft.refs:
        return journal.sessions.by_id(draft.refs["session"])
    return journal.sessions.get(ref, group=group)


def record_text(state: AppState, source: str | None, initial: str) -> str:
    """The text of a small record (an identity, the leader's profile): from
    ``--from FILE|-``, or written in the editor on ``initial``. Never kept
    as a draft: a real name must not outlive the command that was given
    it. Exits 1 when the text is empty or left unchanged."""
    import secrets
    import shutil

    from balintlog.paths import runtime_dir
    from balintlog.template import is_empty_edit, same_content
    from balintlog.terminal.editor import editor_command, normalise, read_source, run_editor

    if source is not None:
        text = read_source(source, state.read_stdin)
    else:
        if not state.interactive:
            raise UsageError(_("no terminal to open an editor in; pipe the template with --from - (or --from FILE)"))
        directory = runtime_dir() / f"record-{secrets.token_hex(6)}"
        directory.mkdir(mode=0o700)
        try:
            path = directory / "record.txt"
            path.write_text(initial, encoding="utf-8")
            path.chmod(0o600)
            status = run_editor(editor_command(), path)
            text = normalise(path.read_text(encoding="utf-8", errors="replace")) if path.exists() else ""
        finally:
            shutil.rmtree(directory, ignore_errors=True)
        if status != 0:
            raise UsageError(_("the editor exited with status {status}; nothing was saved").format(status=status))
        if same_content(initial, text):
            state.info(_("The template was left unchanged; nothing was saved."))
            raise typer.Exit(1)
    if is_empty_edit(text):
        state.info(_("The text is empty; nothing was saved."))
        raise typer.Exit(1)
    return text
