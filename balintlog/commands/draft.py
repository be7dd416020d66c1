"""``balintlog draft``: text that could not be saved yet (a template given up
on, an editor left open when balintlog stopped), kept encrypted until it is
resumed or discarded. Also the capture flow every note-taking command shares:
``--from FILE|-``, or the editor loop with drafts offered for resuming."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from balintlog.commands.base import AppState, JsonFlag, emit_json, open_journal, print_table, state_of
from balintlog.dates import format_date
from balintlog.errors import TemplateError, UsageError
from balintlog.kinds import DraftKind

if TYPE_CHECKING:
    from balintlog.domain import Draft, GroupSession
    from balintlog.journal import Journal

T = TypeVar("T")
P = TypeVar("P")

app = typer.Typer(
    name="draft",
    help="List, show and discard the drafts kept when a note could not be saved.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

DraftArg = Annotated[str, typer.Argument(help="The draft's id as 'draft list' shows it (e.g. a3f9c1).")]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="Read the template from FILE, or from stdin with '-', instead of opening the editor.",
        show_default=False,
    ),
]
ResumeOption = Annotated[
    str | None,
    typer.Option(
        "--resume-draft", help="Open the draft with this id (see 'balintlog draft list').", show_default=False
    ),
]


def resume_command(journal: Journal, draft: Draft) -> str:
    """The command that resumes ``draft``."""
    kind = DraftKind(draft.kind)
    if kind is DraftKind.SESSION_NOTE:
        return f"balintlog session note --resume-draft {draft.short_id}"
    if kind is DraftKind.CASE:
        return f"balintlog case add --resume-draft {draft.short_id}"
    number = journal.drafts.case_number(draft)
    verb = "follow-up" if kind is DraftKind.FOLLOW_UP else "edit"
    return f"balintlog case {verb} {number if number is not None else 'CASE'} --resume-draft {draft.short_id}"


def draft_json(journal: Journal, draft: Draft) -> dict[str, Any]:
    return {
        "id": draft.short_id,
        "kind": draft.kind,
        "created": draft.created,
        "for": journal.drafts.label(draft),
        "lines": len(draft.body.splitlines()),
        "resume": resume_command(journal, draft),
    }


def _first_words(body: str) -> str:
    for line in body.splitlines():
        text = line.strip()
        if text and not text.startswith("#"):
            return text if len(text) <= 40 else text[:39] + "…"
    return ""


@app.command("list")
def list_drafts(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List the drafts, oldest first."""
    state = state_of(ctx)
    with open_journal(state) as journal:
        drafts = journal.drafts.all()
        if as_json:
            emit_json(state, {"schema": "balintlog.drafts/1", "drafts": [draft_json(journal, d) for d in drafts]})
            return
        if not drafts:
            state.info("No drafts.")
            return
        rows = [
            (
                d.short_id,
                format_date(d.created),
                journal.drafts.label(d),
                _first_words(d.body),
                resume_command(journal, d),
            )
            for d in drafts
        ]
        print_table(state, ("Draft", "Kept on", "For", "Begins", "Resume with"), rows)


@app.command()
def show(ctx: typer.Context, draft: DraftArg, as_json: JsonFlag = False) -> None:
    """Print a draft's text exactly as kept (redirect it to a file to use with --from)."""
    state = state_of(ctx)
    with open_journal(state) as journal:
        found = journal.drafts.get(draft)
        if as_json:
            emit_json(state, {"schema": "balintlog.draft/1", **draft_json(journal, found), "text": found.body})
            return
        state.info(
            f"Draft {found.short_id}: {journal.drafts.label(found)}; resume with '{resume_command(journal, found)}'"
        )
        state.out.file.write(found.body if found.body.endswith("\n") else found.body + "\n")
        state.out.file.flush()


@app.command()
def discard(ctx: typer.Context, draft: DraftArg, yes: YesOption = False) -> None:
    """Delete a draft for good."""
    state = state_of(ctx)
    with open_journal(state) as journal:
        found = journal.drafts.get(draft)
        what = f"draft {found.short_id} ({journal.drafts.label(found)}, {len(found.body.splitlines())} lines)"
        confirm_or_stop(state, f"Discard {what}? Its text cannot be recovered", yes, action="discarding a draft")
        journal.drafts.discard(found)
        state.info(f"Discarded {what}.")


def confirm_or_stop(state: AppState, question: str, yes: bool, *, action: str) -> None:
    """Ask ``question`` (default no) unless ``yes``; without a terminal,
    ``--yes`` is required. Answering no exits 1 with nothing changed."""
    if yes:
        return
    if not state.interactive:
        raise UsageError(f"{action} needs confirmation and there is no terminal to ask on; pass --yes")
    if not typer.confirm(question, default=False, err=True):
        state.info("Nothing was changed.")
        raise typer.Exit(1)


# -- the capture flow shared by case add/follow-up/edit and session note ---------------


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
            raise UsageError("--from and --resume-draft cannot be combined; use one of them")
        return None
    if not state.interactive:
        waiting = _same_kind(journal, kind, case_id)
        if waiting and resume is None:
            state.info(
                f"Note: {len(waiting)} unsaved draft(s) of this kind are waiting; resume one in a terminal "
                f"with '{resume_command(journal, waiting[-1])}', see 'balintlog draft list'."
            )
        raise UsageError("no terminal to open an editor in; pipe the template with --from - (or --from FILE)")
    if resume is None:
        return _offer_draft(state, journal, kind, case_id)
    draft = journal.drafts.get(resume)
    if DraftKind(draft.kind) is not kind:
        raise UsageError(
            f"draft {draft.short_id} is a {journal.drafts.label(draft)}; resume it with "
            f"'{resume_command(journal, draft)}'"
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
    from balintlog.editor import EditorLoop, read_source

    if source is not None:
        return from_text(state, read_source(source), parse, store)
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
        confirm=_ask_to_reopen,
        info=state.info,
        warn=state.warn,
    )
    result = loop.run(initial, lambda text: store(parse(text)))
    if result is None:
        if draft is not None and kept is draft:
            state.info(f"Draft {draft.short_id} stays as it was; resume it with '{resume_command(journal, draft)}'.")
        raise typer.Exit(1)
    if draft is not None:
        journal.drafts.discard(draft)
    return result


def _ask_to_reopen(question: str) -> bool:
    """The editor loop's question; end of input (Ctrl-D) or Ctrl-C at it
    means no, so that the text the user wrote is kept as a draft rather
    than lost with the aborted command."""
    try:
        return bool(typer.confirm(question, default=True, err=True))
    except typer.Abort:
        return False


def from_text(state: AppState, text: str, parse: Callable[[str], P], store: Callable[[P], T]) -> T:
    """Parse and store text given with ``--from``; a template with problems
    prints every one of them and exits 2."""
    try:
        return store(parse(text))
    except TemplateError as exc:
        state.err.print(f"Error: the template has {len(exc.problems)} problem(s):", markup=False)
        for problem in exc.problems:
            state.err.print(f"  {problem}", markup=False, soft_wrap=True)
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
    others = f" ({len(waiting) - 1} older ones in 'balintlog draft list')" if len(waiting) > 1 else ""
    state.info(
        f"You have an unsaved draft ({journal.drafts.label(newest)}, kept on {format_date(newest.created)}, "
        f"id {newest.short_id}){others}."
    )
    if typer.confirm("Resume it?", default=True, err=True):
        return newest
    state.info("Starting afresh; the draft stays in 'balintlog draft list'.")
    return None


def session_for(journal: Journal, ref: str | None, draft: Draft | None, group: str | None = None) -> GroupSession:
    """The session a note is for: ``--session`` if given, else the resumed
    draft's session, else the default REF."""
    if ref is None and draft is not None and "session" in draft.refs:
        return journal.sessions.by_id(draft.refs["session"])
    return journal.sessions.get(ref, group=group)


def record_session_notes(
    state: AppState, ref: str | None, group: str | None, source: str | None, resume: str | None
) -> None:
    """``session note``: the notes of a session through the editor (pre-filled
    with the notes it has) or ``--from``; they replace earlier notes."""
    from balintlog.template import blank_session_template, parse_session_notes, render_session_notes

    with open_journal(state) as journal:
        draft = pick_draft(state, journal, DraftKind.SESSION_NOTE, source=source, resume=resume)
        target = session_for(journal, ref, draft, group)
        where = f"{journal.sessions.ref(target)} ({format_date(target.date)})"
        if target.notes.is_empty():
            blank = f"# Notes of session {where}.\n" + blank_session_template()
        else:
            comments = [f"Notes of session {where}: change them, save and close; empty the file to give up."]
            blank = render_session_notes(target.notes, comments=comments)
        capture(
            state,
            journal,
            kind=DraftKind.SESSION_NOTE,
            context={"session": target.id},
            blank=blank,
            parse=parse_session_notes,
            store=lambda notes: journal.sessions.set_notes(target, notes),
            source=source,
            draft=draft,
        )
        state.out.print(f"Recorded the notes of session {where}.", markup=False)
