"""The documents after a block seminar: ``certificate`` and ``protocol``
(top-level), ``leader profile``, ``accreditation set|list`` and ``cme
export``. Only these commands read members' identities."""

from __future__ import annotations

from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from balintlog.errors import UsageError
from balintlog.i18n import _, ngettext
from balintlog.terminal.boundary import open_journal
from balintlog.terminal.capture import FromOption
from balintlog.terminal.options import parse_day
from balintlog.terminal.output import JsonFlag, emit_json, print_table, write_private_bytes
from balintlog.terminal.state import AppState, state_of

if TYPE_CHECKING:
    from collections.abc import Iterator

    from balintlog.documents.model import Layout
    from balintlog.journal.documents import Period

app = typer.Typer()
leader_app = typer.Typer(
    name="leader",
    help=_("The leader's own profile for documents."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
accreditation_app = typer.Typer(
    name="accreditation",
    help=_("Record and list the accreditation of events (VNR, chamber, points)."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
cme_app = typer.Typer(
    name="cme",
    help=_("The CME attendance list for the chamber's EIV."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
#: Registered by cli.py beside :data:`app`.
APPS = (app, leader_app, accreditation_app, cme_app)


class DocumentFormat(StrEnum):
    PDF = "pdf"
    HTML = "html"
    MARKDOWN = "markdown"


class Language(StrEnum):
    DE = "de"
    EN = "en"


class CmeFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


GroupOption = Annotated[
    str | None,
    typer.Option("--group", "-g", help=_("The group's handle (default: the only active group)."), show_default=False),
]
BlockOption = Annotated[int | None, typer.Option("--block", help=_("The group's block day N."), show_default=False)]
SinceOption = Annotated[str | None, typer.Option("--since", help=_("First day of the period."), show_default=False)]
UntilOption = Annotated[str | None, typer.Option("--until", help=_("Last day of the period."), show_default=False)]
FormatOption = Annotated[DocumentFormat, typer.Option("--format", help=_("pdf, html or markdown."))]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help=_("Write to FILE (mode 0600); a PDF is written to a file named after it.")),
]
LangOption = Annotated[
    Language | None,
    typer.Option(
        "--lang", help=_("The document's language (default: yours; German in a German locale)."), show_default=False
    ),
]


def _period(
    state: AppState, *, block: int | None, since: str | None, until: str | None, session: str | None = None
) -> Period:
    from balintlog.journal.documents import Period

    chosen = [name for name, value in (("--block", block), ("--session", session)) if value is not None]
    if since is not None or until is not None:
        chosen.append("--since/--until")
    if len(chosen) > 1:
        raise UsageError(_("{options} cannot be combined; choose one").format(options=", ".join(chosen)))
    start = parse_day(state, since) if since else None
    end = parse_day(state, until) if until else None
    if start is not None and end is not None and end < start:
        raise UsageError(_("--until lies before --since; swap them"))
    return Period(block=block, since=start, until=end, session=session)


@contextmanager
def _language(lang: Language | None) -> Iterator[None]:
    """The documents' words in ``lang`` for the block, the user's language after."""
    from balintlog import i18n

    before = i18n.current_language()
    if lang is not None:
        i18n.set_language(lang.value)
    try:
        yield
    finally:
        i18n.set_language(before)


def _rendered(layout: Layout, fmt: DocumentFormat) -> bytes:
    from balintlog.documents import text

    if fmt is DocumentFormat.PDF:
        from balintlog.documents import pdf

        return pdf.render(layout)
    if fmt is DocumentFormat.HTML:
        return text.html(layout).encode()
    return text.markdown(layout).encode()


def _emit(state: AppState, data: bytes, fmt: DocumentFormat, output: Path | None, default_name: str) -> None:
    """A document to ``output``, to stdout (html, markdown), or for a PDF
    without ``--output`` to ``default_name`` in the current directory."""
    if output is None and fmt is not DocumentFormat.PDF:
        state.out.file.write(data.decode())
        state.out.file.flush()
        return
    target = output if output is not None else Path(default_name)
    write_private_bytes(target, data)
    state.info(_("Wrote {path}.").format(path=target))


@app.command(
    help=_(
        "A member's certificate of attendance (Teilnahmebescheinigung), or one per member present.\n\nThe sessions "
        "with date, DS and form, totals in DS, UE and hours, CME points and category, VNR and EFN as barcodes, the "
        "chamber's sentence and the leader's signature."
    )
)
def certificate(
    ctx: typer.Context,
    group: Annotated[str, typer.Argument(help=_("The group's handle."))],
    code: Annotated[str | None, typer.Argument(help=_("The member's code (or --all)."), show_default=False)] = None,
    every: Annotated[bool, typer.Option("--all", help=_("One certificate per member present, into DIR (-o)."))] = False,
    since: SinceOption = None,
    until: UntilOption = None,
    block: BlockOption = None,
    fmt: FormatOption = DocumentFormat.PDF,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    from balintlog.documents.model import certificate_layout

    state = state_of(ctx)
    if every == (code is not None):
        raise UsageError(_("name one member's CODE or give --all, not both or neither"))
    if every and output is None:
        raise UsageError(_("--all writes one file per member: give the directory with -o DIR"))
    period = _period(state, block=block, since=since, until=until)
    suffix = "md" if fmt is DocumentFormat.MARKDOWN else fmt.value
    with open_journal(state) as journal, _language(lang):
        if every:
            docs, unnamed = journal.documents.certificates(group, period, issued=state.today)
        else:
            docs, unnamed = [journal.documents.certificate(group, code or "", period, issued=state.today)], []
        made = [(doc.code, _rendered(certificate_layout(doc), fmt)) for doc in docs]
    if not every:
        _emit(state, made[0][1], fmt, output, f"certificate-{group}-{made[0][0]}.{suffix}")
        return
    assert output is not None
    output.mkdir(mode=0o700, parents=True, exist_ok=True)
    for one, data in made:
        write_private_bytes(output / f"certificate-{group}-{one}.{suffix}", data)
    state.info(
        ngettext("Wrote {count} certificate to {path}.", "Wrote {count} certificates to {path}.", len(made)).format(
            count=len(made), path=output
        )
    )
    if unnamed:
        state.warn(_("No certificate for {codes}: no identity is recorded for them.").format(codes=", ".join(unnamed)))


@app.command(
    help=_(
        "The session protocol for the chamber (Sitzungsprotokoll) of a session or block day.\n\nParticipants with "
        "names (codes where no identity is recorded) and EFNs, place, times, topic, leader, and a column to sign."
    )
)
def protocol(
    ctx: typer.Context,
    ref: Annotated[
        str | None, typer.Argument(help=_("The session as GROUP:N (or --block N)."), show_default=False)
    ] = None,
    block: BlockOption = None,
    group: GroupOption = None,
    fmt: FormatOption = DocumentFormat.PDF,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    from balintlog.documents.model import protocol_layout

    state = state_of(ctx)
    if (ref is None) == (block is None):
        raise UsageError(_("name a session REF or give --block N, not both or neither"))
    period = _period(state, block=block, since=None, until=None, session=ref)
    suffix = "md" if fmt is DocumentFormat.MARKDOWN else fmt.value
    with open_journal(state) as journal, _language(lang):
        if ref is None:
            target = journal.groups.resolve(group)
            which = f"block{block}"
        else:
            session = journal.sessions.get(ref, group=group)
            target = journal.groups.by_id(session.group_id)
            which = str(session.seq)
        doc = journal.documents.protocol(target, period, issued=state.today)
        data = _rendered(protocol_layout(doc), fmt)
    _emit(state, data, fmt, output, f"protocol-{target.handle}-{which}.{suffix}")


@leader_app.command(
    "profile",
    help=_(
        "Record the leader's name, title, recognitions, address and signature caption.\n\nRecognitions are e.g. by the "
        "medical chamber and the DBG; one profile per vault."
    ),
)
def leader_profile(ctx: typer.Context, source: FromOption = None) -> None:
    from balintlog.domain import LeaderProfile
    from balintlog.template import LEADER_KEYS, parse_record, render_record
    from balintlog.terminal.capture import record_text

    state = state_of(ctx)
    with open_journal(state) as journal:
        initial = ""
        if source is None:
            found = journal.documents.leader()
            initial = render_record(
                LEADER_KEYS,
                {} if found is None else vars(found),
                [_("The leader as certificates and protocols name them.")],
            )
        text = record_text(state, source, initial)
        journal.documents.set_leader(LeaderProfile(**parse_record(text, LEADER_KEYS)))
    state.out.print(_("Recorded the leader's profile."), markup=False)


@accreditation_app.command("set", help=_("Record the accreditation of a group, one block day or one session."))
def accreditation_set(
    ctx: typer.Context,
    group: Annotated[str, typer.Argument(help=_("The group's handle."))],
    topic: Annotated[str, typer.Option("--topic", help=_("The event's title or topic (Thema)."))],
    vnr: Annotated[str, typer.Option("--vnr", help=_("The event number (VNR, 19 digits)."))],
    chamber: Annotated[str, typer.Option("--chamber", help=_("The chamber that granted it."))],
    points: Annotated[
        int, typer.Option("--points", help=_("Points granted: per session (group, session) or for the block day."))
    ],
    category: Annotated[str, typer.Option("--category", help=_("The CME category."))] = "C",
    block: BlockOption = None,
    session: Annotated[
        str | None, typer.Option("--session", help=_("One session (GROUP:N or N)."), show_default=False)
    ] = None,
    place: Annotated[str, typer.Option("--place", help=_("Where the event takes place."))] = "",
) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        journal.documents.accredit(
            group,
            block=block,
            session=session,
            topic=topic,
            vnr=vnr,
            chamber=chamber,
            category=category,
            points=points,
            place=place,
        )
    state.out.print(_("Recorded the accreditation of {group}.").format(group=group), markup=False)


@accreditation_app.command("list", help=_("List the accreditations recorded."))
def accreditation_list(
    ctx: typer.Context,
    group: Annotated[str | None, typer.Argument(help=_("The group's handle (default: every group)."))] = None,
    as_json: JsonFlag = False,
) -> None:
    state = state_of(ctx)
    with open_journal(state) as journal:
        found = journal.documents.accreditations(group)
        handles = {g.id: g.handle for g in journal.groups.all()}
        blocks = {b.id: b.seq for b in journal.sessions.blocks()}
        sessions = {
            a.session_id: journal.sessions.ref(journal.sessions.by_id(a.session_id)) for a in found if a.session_id
        }
    if as_json:
        emit_json(
            state,
            {
                "schema": "balintlog.accreditations/1",
                "accreditations": [
                    {
                        "group": handles.get(a.group_id),
                        "for": f"session {sessions[a.session_id]}"
                        if a.session_id is not None
                        else (f"block {blocks.get(a.block_id)}" if a.block_id is not None else "group"),
                        "topic": a.topic,
                        "vnr": a.vnr,
                        "chamber": a.chamber,
                        "category": a.category,
                        "points": a.points,
                        "place": a.place,
                    }
                    for a in found
                ],
            },
        )
        return
    if not found:
        state.info(_("No accreditation is recorded yet."))
        return
    rows = []
    for a in found:
        if a.session_id is not None:
            scope = _("session {ref}").format(ref=sessions[a.session_id])
        elif a.block_id is not None:
            scope = _("block day {number}").format(number=blocks.get(a.block_id, "?"))
        else:
            scope = _("every session")
        rows.append([handles.get(a.group_id, "?"), scope, a.vnr, a.chamber, a.category, str(a.points), a.topic])
    print_table(state, [_("Group"), _("For"), _("VNR"), _("Chamber"), _("Category"), _("Points"), _("Topic")], rows)


@cme_app.command(
    "export",
    help=_(
        "The EFN list for the chamber's EIV upload; members without an EFN are named on stderr.\n\nCSV: EFN, date, "
        "VNR; JSON: one record per participant and day."
    ),
)
def cme_export(
    ctx: typer.Context,
    block: BlockOption = None,
    session: Annotated[
        str | None, typer.Option("--session", help=_("One session (GROUP:N)."), show_default=False)
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    group: GroupOption = None,
    fmt: Annotated[CmeFormat, typer.Option("--format", help=_("csv or json."))] = CmeFormat.CSV,
    output: OutputOption = None,
) -> None:
    import json

    state = state_of(ctx)
    if block is None and session is None and since is None and until is None:
        raise UsageError(_("give --block N, --session REF or --since/--until"))
    period = _period(state, block=block, since=since, until=until, session=session)
    with open_journal(state) as journal:
        owner = group if session is None else journal.groups.by_id(journal.sessions.get(session, group=group).group_id)
        found = journal.documents.cme_list(owner, period)
    if fmt is CmeFormat.JSON:
        text = (
            json.dumps(
                [{"efn": r.efn, "vnr": r.vnr, "teilnahmedatum": r.date.isoformat()} for r in found.records], indent=2
            )
            + "\n"
        )
    else:
        text = "EFN;Datum;VNR\n" + "".join(f"{r.efn};{r.date.isoformat()};{r.vnr}\n" for r in found.records)
    if output is None:
        state.out.file.write(text)
        state.out.file.flush()
    else:
        write_private_bytes(output, text.encode())
        state.info(_("Wrote {path}.").format(path=output))
    if found.without_efn:
        state.warn(
            _("No EFN recorded for {codes}: they are not in the list; add it with their identity.").format(
                codes=", ".join(found.without_efn)
            )
        )
