"""Words and numbers of a report as a reader sees them, shared by the
terminal, Markdown and HTML renderers so that every format says the same,
in the reader's language (:mod:`balintlog.i18n`).

The report model carries data (enumeration values, dates, counts); here
they are worded: labels of kinds, levels, outcomes and statuses as
:mod:`balintlog.labels` shows them, numbers with the language's decimal
mark, dates as the language writes them. English keeps the report's own
short words (``first``, ``bodily``) where the labels are longer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, overload

from balintlog import i18n
from balintlog.domain import ResonanceKind, ResonanceLevel
from balintlog.i18n import N_, _, ngettext, pgettext
from balintlog.kinds import (
    SOURCE_CO_LEADER,
    SOURCE_GROUP,
    SOURCE_LEADER,
    SPECIAL_SOURCES,
    CaseStatus,
    GroupKind,
    Outcome,
    PresentationKind,
    Profession,
    Relationship,
    SessionMode,
)

if TYPE_CHECKING:  # the model is only read here: it names its period through this module
    from balintlog.reports.model import (
        CaseReport,
        GroupReport,
        MirroringEvent,
        MirroringPattern,
        Period,
        Profile,
        QuarterProfile,
        Report,
        ResonanceText,
        Shift,
        Totals,
    )

DASH = "–"


class _Words(Mapping[str, str]):
    """A mapping of fixed keys to messages, translated when read (so that a
    table declared at import speaks the language in use when shown)."""

    def __init__(self, pairs: Mapping[str, str]) -> None:
        self._pairs = dict(pairs)

    def __getitem__(self, key: str) -> str:
        return _(self._pairs[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)


class _Rows(Sequence[tuple[str, str]]):
    """Pairs whose second (``translate_first``: both) member is a message,
    translated when read."""

    def __init__(self, rows: Sequence[tuple[str, str]], translate_first: bool) -> None:
        self._rows = tuple(rows)
        self._first = translate_first

    @overload
    def __getitem__(self, index: int) -> tuple[str, str]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[str, str]]: ...
    def __getitem__(self, index: int | slice) -> tuple[str, str] | Sequence[tuple[str, str]]:
        if isinstance(index, slice):
            return [self._row(row) for row in self._rows[index]]
        return self._row(self._rows[index])

    def _row(self, row: tuple[str, str]) -> tuple[str, str]:
        first, second = row
        return (_(first) if self._first else first, _(second))

    def __len__(self) -> int:
        return len(self._rows)


SUPERVISION_LABELS: Mapping[str, str] = _Words(
    {
        "leader_notes": N_("Leader's notes"),
        "countertransference": N_("My countertransference"),
        "question": N_("Question for supervision"),
    }
)

TITLE = N_("Year report for supervision")
CASE_TITLE = N_("Case report for supervision")

#: The enumerations a report's values belong to, in the order a bare value
#: is looked up (``other`` is a profession before a relationship; a
#: relationship is worded by :func:`relationship`).
_ENUMS: tuple[type[StrEnum], ...] = (
    ResonanceLevel,
    ResonanceKind,
    Outcome,
    PresentationKind,
    CaseStatus,
    GroupKind,
    Profession,
    Relationship,
    SessionMode,
)


def lang() -> str:
    """The language of the document, for HTML's ``lang``: ``en``, ``de``, ``de-CH``."""
    return i18n.current_language().replace("_", "-")


def label(value: str | None, enum: type[StrEnum] | None = None) -> str:
    """The word for an enumeration value: in English the report's short
    form (``understanding_changed`` → ``understanding changed``,
    ``follow_up`` → ``follow-up``), in German the display label
    (``Verständnis verändert``, ``Nachbericht``); None → ``–``."""
    if not value:
        return DASH
    if i18n.is_german():
        from balintlog.labels import label as display

        for kind in (enum,) if enum is not None else _ENUMS:
            try:
                return display(kind(value))
            except ValueError:
                continue
    return "follow-up" if value == "follow_up" else value.replace("_", " ")


def relationship(value: str) -> str:
    """``doctor patient``; ``Ärztin/Arzt und Patient(in)``."""
    return label(value, Relationship)


def profession(value: str) -> str:
    return label(value, Profession)


def day(value: dt.date) -> str:
    """``Sat 14 Mar 2026``; ``Sa., 14. März 2026``."""
    return i18n.format_date(value)


def short_day(value: dt.date) -> str:
    """``14 Mar 2026``; ``14. März 2026`` (the weekday left out where space is short)."""
    return i18n.format_date(value, "plain")


def day_month(value: dt.date) -> str:
    """``14 Mar``; ``14.03.`` (for the narrowest labels, under a chart's columns)."""
    if i18n.is_german():
        return f"{value.day:02d}.{value.month:02d}."
    return f"{value.day} {i18n.month_name(value.month, abbreviated=True)}"


def month_year(value: dt.date) -> str:
    """``Mar 2026``; ``Mär 2026``."""
    return f"{i18n.month_name(value.month, abbreviated=True)} {value.year}"


def percent(rate: float | None) -> str:
    """``60%``; ``60 %``."""
    return DASH if rate is None else i18n.format_percent(rate)


def number(value: float | None, places: int = 1) -> str:
    """1 place, halves rounded up, without a trailing ``.0`` (``,0``) for
    whole numbers of sessions."""
    if value is None:
        return DASH
    text = i18n.format_number(value, places)
    mark = "," if i18n.is_german() else "."
    return text.rstrip("0").rstrip(mark) if mark in text else text


def intensity(value: float | None) -> str:
    """A mean intensity (1–5) with one decimal: ``3.0``; ``3,0``."""
    return DASH if value is None else i18n.format_number(value, 1)


def signed(value: float | None) -> str:
    """``+0.5``, ``−1.0``, ``±0``."""
    if value is None:
        return DASH
    text = i18n.format_number(value, 1)
    if float(text.replace(",", ".")) == 0:
        return "±0"
    return text.replace("-", "−") if text.startswith("-") else f"+{text}"


def plural(count: int, noun: str) -> str:
    """``1 block day``, ``2 block days`` (``noun``: ``session``, ``block
    day``, ``resonance``, ``mirroring event``), in the reader's language."""
    if noun == "session":
        return ngettext("{count} session", "{count} sessions", count).format(count=count)
    if noun == "block day":
        return ngettext("{count} block day", "{count} block days", count).format(count=count)
    if noun == "resonance":
        return ngettext("{count} resonance", "{count} resonances", count).format(count=count)
    if noun == "mirroring event":
        return ngettext("{count} mirroring event", "{count} mirroring events", count).format(count=count)
    return f"{count} {noun}{'' if count == 1 else 's'}"


# --------------------------------------------------------------------------- the head


def heading(report: Report) -> str:
    """``Year report for supervision``, or for one case ``Case report …``."""
    return _(TITLE) if report.scope_case is None else _(CASE_TITLE)


def title(report: Report) -> str:
    return f"{heading(report)}: {period(report)}"


def period_name(p: Period) -> str:
    """The period as a reader names it: ``2026``, ``Q2 2026``, ``last 12
    months``, ``case #4, its whole history``, ``Sat 14 Mar 2026 to Tue 30
    Jun 2026``; German ``Jahr 2026``, ``2. Quartal 2026``, ``letzte 12
    Monate``, ``14.03.2026 – 30.06.2026``."""
    if p.kind == "year":
        return pgettext("period", "{year}").format(year=p.year)
    if p.kind == "quarter":
        return _("Q{quarter} {year}").format(quarter=p.quarter, year=p.year)
    if p.kind == "last_12_months":
        return _("last 12 months")
    if p.kind == "case":
        return _("case #{number}, its whole history").format(number=p.case)
    style: i18n.DateStyle = "short" if i18n.is_german() else "long"
    first, last = p.asked or (p.start, p.end)
    return _("{start} to {end}").format(start=i18n.format_date(first, style), end=i18n.format_date(last, style))


def period(report: Report) -> str:
    """The period's name with its days (a range is named by its days)."""
    p = report.period
    if p.kind == "range" and p.asked is None:
        return period_name(p)
    return f"{period_name(p)} ({short_day(p.start)} – {short_day(p.end)})"


def scope(report: Report) -> str:
    if report.scope_group:
        return _("group {handle}").format(handle=report.scope_group)
    return _("all groups")


def generated(report: Report) -> str:
    """``2026-11-26 18:30``; ``26.11.2026 18:30``."""
    return f"{i18n.format_date(report.generated.date(), 'short')} {report.generated:%H:%M}"


def meta(report: Report, with_period: bool = True) -> str:
    """The line under the title: period (unless the title holds it), scope, when generated."""
    where = _("{scope} · generated {when}").format(scope=scope(report), when=generated(report))
    return f"{period(report)} · {where}" if with_period else where


def people(report: Report) -> str:
    """What the report says about people, for the reader deciding where it may go."""
    if report.with_context:
        return _(
            "About people: members by code with their professions, fields of work and institutions; "
            "clients by descriptor; no names."
        )
    return _("About people: members by code with their professions; clients by case title only; no names.")


def confidential() -> str:
    """The line every printed page carries."""
    return _("Confidential: pseudonymised report for supervision. Keep it as carefully as the journal.")


def page_of() -> tuple[str, str]:
    """The words around the page numbers of a printed page: ``Page 3 of 9``."""
    return _("Page"), _("of")


def open_sessions(report: Report) -> str:
    """The sessions still open, or ``""``."""
    refs = report.open_sessions
    if not refs:
        return ""
    return ngettext(
        "Still open: {sessions}. What it holds so far is counted; 'balintlog session end' ends it.",
        "Still open: {sessions}. What they hold so far is counted; 'balintlog session end' ends them.",
        len(refs),
    ).format(sessions=", ".join(refs))


def detail_line(report: Report) -> str:
    if report.detail == "full":
        return _("Detail: full (every resonance, the account, group process and closing statement).")
    return _("Detail: brief (mirroring and strong resonances, intensity 4 and 5, quoted).")


def overview(totals: Totals) -> list[tuple[str, str]]:
    """The overview as (what, figure) rows."""
    continued = totals.cases - totals.new_cases
    rows = [
        (_("Groups"), str(totals.groups)),
        (_("Sessions held"), str(totals.sessions)),
    ]
    if totals.block_days:
        rows.append((_("Block days"), str(totals.block_days)))
    kinds = [
        ngettext("{count} first", "{count} first", totals.first_presentations).format(count=totals.first_presentations),
        ngettext("{count} follow-up", "{count} follow-ups", totals.follow_ups).format(count=totals.follow_ups),
    ]
    if totals.updates:
        kinds.append(ngettext("{count} update", "{count} updates", totals.updates).format(count=totals.updates))
    rows += [
        (
            _("Time"),
            _("{minutes} min = {hours} h = {ds} DS ({ue} UE)").format(
                minutes=totals.minutes,
                hours=number(totals.hours),
                ds=number(totals.double_sessions),
                ue=number(totals.teaching_units),
            ),
        ),
        (_("Members"), str(totals.members)),
        (
            _("Cases"),
            _("{cases} ({new} new, {continued} continued)").format(
                cases=totals.cases, new=totals.new_cases, continued=continued
            ),
        ),
        (_("Presentations"), f"{totals.presentations} ({', '.join(kinds)})"),
        (
            _("Resonances"),
            _("{resonances} ({mirroring} mirroring)").format(resonances=totals.resonances, mirroring=totals.mirroring),
        ),
        (_("Mean attendance"), percent(totals.mean_attendance_rate)),
    ]
    return rows


# --------------------------------------------------------------------------- profiles and shifts


def counts(by: Mapping[str, int]) -> str:
    """Every count, largest first (ties in the given order): ``affect 4, image 2``."""
    ranked = sorted(by.items(), key=lambda item: -item[1])
    return ", ".join(f"{label(k)} {v}" for k, v in ranked) or DASH


def leading(dominant: str | None, tied: tuple[str, ...]) -> str:
    """``client``, or ``mixed (client, institution)`` where none leads; ``–``."""
    if dominant is not None:
        return label(dominant)
    if tied:
        return _("mixed ({names})").format(names=", ".join(label(t) for t in tied))
    return DASH


def level_of(p: Profile) -> str:
    """``mostly client``, or ``mixed (client, institution)``."""
    if p.dominant_level is not None:
        return _("mostly {level}").format(level=label(p.dominant_level, ResonanceLevel))
    return leading(None, p.tied_levels)


def profile_line(p: Profile) -> str:
    """``6 resonances, mean 3.3; affect 2, impulse 2, image 1, thought 1;
    mostly client; 1 mirroring`` (every kind, so that nothing is hidden)."""
    if not p.count:
        return _("no resonances noted")
    parts = [
        ngettext("{count} resonance, mean {mean}", "{count} resonances, mean {mean}", p.count).format(
            count=p.count, mean=intensity(p.mean_intensity)
        ),
        counts(p.by_kind),
        level_of(p),
    ]
    if p.mirroring:
        parts.append(ngettext("{count} mirroring", "{count} mirroring", p.mirroring).format(count=p.mirroring))
    return "; ".join(parts)


def shift_line(s: Shift) -> str:
    """What moved between the first and latest presentation, in words: the
    level moved or stayed only where one led strictly both times, else the
    counts by level that changed."""
    parts = []
    if s.clear_levels:
        if s.level_moved:
            parts.append(
                _("level moved from {first} to {latest}").format(
                    first=label(s.dominant_level_from, ResonanceLevel),
                    latest=label(s.dominant_level_to, ResonanceLevel),
                )
            )
        else:
            parts.append(_("level stayed at {level}").format(level=label(s.dominant_level_from, ResonanceLevel)))
    elif s.level_changes:
        changes = ", ".join(f"{label(lv, ResonanceLevel)} {a}→{b}" for lv, a, b in s.level_changes)
        parts.append(_("levels {changes}").format(changes=changes))
    elif s.levels_from:
        parts.append(_("levels unchanged"))
    if s.kinds_appeared:
        parts.append(_("appeared: {kinds}").format(kinds=", ".join(label(k, ResonanceKind) for k in s.kinds_appeared)))
    if s.kinds_faded:
        parts.append(_("faded: {kinds}").format(kinds=", ".join(label(k, ResonanceKind) for k in s.kinds_faded)))
    if s.mean_intensity_change is not None:
        parts.append(_("mean intensity {change}").format(change=signed(s.mean_intensity_change)))
    return "; ".join(parts) or _("no resonances to compare")


# --------------------------------------------------------------------------- cases


def case_heading(case: CaseReport) -> str:
    return f"#{case.number} {case.title}"


def case_facts(case: CaseReport) -> str:
    """``nord · M1 (judge) · judge party · family court · client: woman, 38``"""
    parts = [case.group, f"{case.presenter} ({profession(case.presenter_profession)})", relationship(case.relationship)]
    if case.field:
        parts.append(case.field)
    if case.institution:
        parts.append(case.institution)
    if case.client:
        parts.append(_("client: {client}").format(client=case.client))
    return " · ".join(parts)


def unit(count: int, what: str) -> str:
    """``3 sessions``, ``1 block day`` (``what``: ``sessions`` or ``block_days``)."""
    return plural(count, "block day" if what == "block_days" else "session")


def since(case: CaseReport) -> str:
    """``2 sessions`` or ``1 block day`` since last presented, in the group's rhythm."""
    return unit(case.since_last, case.stale_unit)


def case_status(case: CaseReport, report: Report) -> str:
    """``2 sessions since last presented, new in this period`` (the status
    itself is the case's badge)."""
    if case.sessions_since_last == 0:
        parts = [_("presented in the latest session")]
    elif case.since_last == 0:  # a later session of the same block day
        parts = [_("presented on the latest block day")]
    else:
        parts = [_("{count} since last presented").format(count=since(case))]
    if case.new and report.scope_case is None:
        parts.append(_("new in this period"))
    else:
        parts.append(_("opened {day}").format(day=short_day(case.opened)))
    return ", ".join(parts)


def stale_word() -> str:
    """The badge of a stale case."""
    return _("stale")


def stale_note(case: CaseReport) -> str:
    """``stale: not presented in the group's last 6 sessions``."""
    n = case.stale_after
    if case.stale_unit == "block_days":
        text = ngettext(
            "stale: not presented in the group's last {count} block day",
            "stale: not presented in the group's last {count} block days",
            n,
        )
    else:
        text = ngettext(
            "stale: not presented in the group's last {count} session",
            "stale: not presented in the group's last {count} sessions",
            n,
        )
    return text.format(count=n)


def outcome_chain(case: CaseReport) -> str:
    return " → ".join(label(o, Outcome) for o in case.outcomes) or DASH


def presentation_head(kind: str, outcome: str | None) -> str:
    """``follow-up: eased``; ``Nachbericht: entspannt``."""
    head = label(kind, PresentationKind)
    return f"{head}: {label(outcome, Outcome)}" if outcome else head


def no_question() -> str:
    return _("(no question noted)")


def what_changed(text: str) -> str:
    return _("What changed: {text}").format(text=text)


def summary_header(group: GroupReport) -> list[str]:
    """The at-a-glance table's columns; the last but one counts in the
    group's rhythm (sessions or block days since last presented)."""
    since_what = _("Block days since") if group.stale_unit == "block_days" else _("Sessions since")
    return [
        "#",
        _("Case"),
        _("Presenter"),
        _("Status"),
        pgettext("column", "Pres."),
        _("Outcomes"),
        pgettext("column", "Mirr."),
        since_what,
        _("Stale"),
    ]


def summary_row(case: CaseReport) -> list[str]:
    """One line of the at-a-glance table (the group is its section's)."""
    return [
        str(case.number),
        case.title,
        case.presenter,
        label(case.status, CaseStatus),
        str(len(case.presentations)),
        outcome_chain(case),
        str(len(case.mirroring_events)),
        str(case.since_last),
        stale_word() if case.stale else "",
    ]


# --------------------------------------------------------------------------- groups


def tally(counts_by: Mapping[str, int]) -> str:
    """``eased 3, unchanged 1``: the follow-up outcomes of a group."""
    return ", ".join(f"{label(k, Outcome)} {v}" for k, v in counts_by.items()) or _("no follow-up")


def group_line(group: GroupReport) -> str:
    """``continuous · 26 sessions held · mean attendance 87 %`` (block days
    only for a group that meets in them)."""
    if group.block_days:
        held = ngettext(
            "{sessions} held on {count} block day", "{sessions} held on {count} block days", group.block_days
        ).format(sessions=plural(group.sessions, "session"), count=group.block_days)
    else:
        held = ngettext("{count} session held", "{count} sessions held", group.sessions).format(count=group.sessions)
    attendance = _("mean attendance {rate}").format(rate=percent(group.mean_attendance_rate))
    return f"{label(group.kind, GroupKind)} · {held} · {attendance}"


def group_title(group: GroupReport) -> str:
    """``The group nord — North``."""
    return WORDS["group_title"].format(handle=group.handle, name=group.name)


def stale_rule(group: GroupReport) -> str:
    """What makes a case of the group stale, in the group's rhythm."""
    n = group.stale_after
    if group.stale_unit == "block_days":
        text = ngettext(
            "Stale: an open or followed-up case not presented in the last {count} block day.",
            "Stale: an open or followed-up case not presented in the last {count} block days.",
            n,
        )
    else:
        text = ngettext(
            "Stale: an open or followed-up case not presented in the last {count} session.",
            "Stale: an open or followed-up case not presented in the last {count} sessions.",
            n,
        )
    return text.format(count=n)


def follow_up_outcomes(group: GroupReport) -> str:
    """``Follow-up outcomes: eased 3, unchanged 1``."""
    return _("Follow-up outcomes: {tally}").format(tally=tally(group.outcome_tally))


def not_presented(group: GroupReport) -> str:
    return _("No presentation in this period: {codes}").format(codes=", ".join(group.not_presented))


def source(value: str) -> str:
    """Who voiced a resonance: ``A3``, ``the group``, ``the leader``, ``the co-leader``."""
    if value == SOURCE_GROUP:
        return _("the group")
    if value == SOURCE_LEADER:
        return _("the leader")
    if value == SOURCE_CO_LEADER:
        return _("the co-leader")
    return value


def voiced_by(value: str) -> str:
    """``by A3``, ``by the group``; ``von A3``, ``von der Gruppe``."""
    if value == SOURCE_GROUP:
        return _("by the group")
    if value == SOURCE_LEADER:
        return _("by the leader")
    if value == SOURCE_CO_LEADER:
        return _("by the co-leader")
    assert value not in SPECIAL_SOURCES
    return _("by {member}").format(member=value)


def mirroring_word() -> str:
    """The tag of a mirroring resonance."""
    return _("mirroring")


def resonance_head(r: ResonanceText) -> str:
    """``affect · 4 · by A3 · mirroring``"""
    parts = [label(r.kind, ResonanceKind), str(r.intensity), voiced_by(r.source)]
    if r.mirroring:
        parts.append(mirroring_word())
    return " · ".join(parts)


def by_level(texts: tuple[ResonanceText, ...]) -> list[tuple[str, list[ResonanceText]]]:
    """The resonance texts of a presentation grouped by level (kept in order)."""
    found: dict[str, list[ResonanceText]] = {}
    for r in texts:
        found.setdefault(r.level, []).append(r)
    return list(found.items())


def mirroring_head(e: MirroringEvent) -> str:
    """``5 Mar 2026 · #4 · splitting / group / 3 · by A2``"""
    return (
        f"{short_day(e.date)} · #{e.case} · {label(e.kind, ResonanceKind)} / {label(e.level, ResonanceLevel)} / "
        f"{e.intensity} · {voiced_by(e.source)}"
    )


def recurring_line(p: MirroringPattern) -> str:
    """``splitting at the level of the group: 2× in nord:3, nord:5 (#4, #5)``."""
    return _("{kind} at the level of the {level}: {count}× in {sessions} ({cases})").format(
        kind=label(p.kind, ResonanceKind),
        level=label(p.level, ResonanceLevel),
        count=p.count,
        sessions=", ".join(p.sessions),
        cases=", ".join(f"#{n}" for n in p.cases),
    )


def no_recurring(group: GroupReport) -> str:
    """Mirroring noted, but none twice of the same kind and level."""
    count = len(group.mirroring_events)
    return ngettext(
        "{count} mirroring event, none of the same kind and level in two sessions.",
        "{count} mirroring events, none of the same kind and level in two sessions.",
        count,
    ).format(count=count)


def quarter_label(quarter: str) -> str:
    """A quarter (``2026-Q1``, as the model keys it) for a column: ``2026-Q1``; ``Q1/2026``."""
    year, _sep, number_ = quarter.partition("-Q")
    return _("{year}-Q{quarter}").format(year=year, quarter=number_)


def quarter_long(quarter: str) -> str:
    """A quarter in a sentence: ``2026-Q1``; ``1. Quartal 2026``."""
    year, _sep, number_ = quarter.partition("-Q")
    return pgettext("in a sentence", "{year}-Q{quarter}").format(year=year, quarter=number_)


def quarter_name(q: QuarterProfile) -> str:
    name = quarter_label(q.quarter)
    return _("{quarter} (partial)").format(quarter=name) if q.partial else name


def quarter_rows(group: GroupReport) -> list[tuple[str, list[str]]]:
    """The group's quarters side by side, as (what, value per quarter) rows:
    sessions held, resonances per session, mean intensity, mirroring, then
    every level and every kind that occurs, per session held, and the
    leading level."""
    quarters = group.resonance_profile_by_quarter
    rows = [
        (_("Sessions held"), [str(q.sessions) for q in quarters]),
        (_("Resonances per session"), [number(q.per_session) for q in quarters]),
        (_("Mean intensity"), [intensity(q.profile.mean_intensity) for q in quarters]),
        (_("Mirroring"), [str(q.profile.mirroring) for q in quarters]),
    ]
    levels = [q.by_level_per_session() for q in quarters]
    kinds = [q.by_kind_per_session() for q in quarters]

    def per_session(
        names: tuple[str, ...], found: list[dict[str, float]], enum: type[StrEnum]
    ) -> list[tuple[str, list[str]]]:
        return [
            (label(name, enum), [number(per[name]) if name in per else "" for per in found])
            for name in names
            if any(name in per for per in found)
        ]

    rows += per_session(LEVELS, levels, ResonanceLevel)
    rows.append((WORDS["leading_level"], [leading(q.profile.dominant_level, q.profile.tied_levels) for q in quarters]))
    return rows + per_session(KINDS, kinds, ResonanceKind)


#: The names of levels and kinds in the order the domain lists them.
LEVELS = tuple(lv.value for lv in ResonanceLevel)
KINDS = tuple(k.value for k in ResonanceKind)


# --------------------------------------------------------------------------- section words


#: Headings and fixed sentences of the Markdown and HTML (and terminal)
#: reports, by key, translated when read.
WORDS: Mapping[str, str] = _Words(
    {
        "overview": N_("Overview"),
        "at_a_glance": N_("At a glance"),
        "cases": N_("Each case's development"),
        "cases_of": N_("Cases of {group}"),
        "no_case": N_("No case was presented in this period."),
        "supervision": N_("For supervision"),
        "no_supervision": N_("No leader's notes or questions for supervision in these sessions."),
        "about_case": N_("case #{number}"),
        "glossary": N_("Glossary"),
        "mirroring_period": N_("Mirroring this period:"),
        "no_mirroring": N_("No mirroring noted."),
        "group_title": N_("The group {handle} — {name}"),
        "attendance": N_("Attendance"),
        "attendance_key": N_("✓ present, · absent, blank: not a member then."),
        "attendance_chart_key": N_(
            "Filled: present; hollow: absent; empty: not a member then. "
            "Columns are the group's sessions (number · date), rows its members."
        ),
        "no_session": N_("No session of this group ended in this period."),
        "per_member": N_("Presentations per member"),
        "members_and_presentations": N_("Members and presentations"),
        "group": N_("Group"),
        "kind": N_("Kind"),
        "sessions": N_("Sessions"),
        "block_days": N_("Block days"),
        "hours": N_("Hours"),
        "members": N_("Members"),
        "member": N_("Member"),
        "profession": N_("Profession"),
        "attended": N_("Attended"),
        "presentations": N_("Presentations"),
        "cases_column": N_("Cases"),
        "total": N_("Total"),
        "joined": N_("joined {day}"),
        "left": N_("left {day}"),
        "profile_by_quarter": N_("The group's resonance profile by quarter"),
        "profile_key": N_(
            "Levels and kinds per session held; partial: only part of the quarter lies in the period or the "
            "group's time."
        ),
        "profile_key_shaded": N_(
            "Resonances per session held; the darker, the more. Partial: only part of the quarter lies in the "
            "period or the group's time."
        ),
        "per_quarter": N_("Per quarter"),
        "levels": N_("Levels"),
        "kinds": N_("Kinds"),
        "recurring": N_("Recurring mirroring"),
        "leading_level": N_("Leading level"),
        "block_day": N_("Block day {day}"),
        "sessions_of": N_("Sessions of {quarter}"),
        "shift": N_("Shift:"),
        "case_outcomes": N_("Follow-up outcomes:"),
        "footer": N_("balintlog report (schema {schema}). Confidential: keep it as carefully as the journal itself."),
    }
)

PRESENTATION_TEXTS: Sequence[tuple[str, str]] = _Rows(
    (("account", N_("Account")), ("group_process", N_("Group process")), ("closing", N_("Closing statement"))),
    translate_first=False,
)

GLOSSARY: Sequence[tuple[str, str]] = _Rows(
    (
        (
            "DS",
            N_(
                "Doppelstunde, a double session of 90 minutes; UE (Unterrichtseinheit) is a teaching unit of "
                "45 minutes."
            ),
        ),
        (N_("Presentation"), N_("first (a case brought for the first time), follow-up (what became of it), update.")),
        (
            N_("Resonance"),
            N_(
                "what a member, the group or the leader felt, imagined or sensed while the case was told; "
                "counted by kind and by level."
            ),
        ),
        (
            N_("Kinds"),
            N_(
                "affect, bodily, image, phantasy, association, identification, impulse, thought, absence (something "
                "missing), splitting (the case divides the group), humour."
            ),
        ),
        (
            N_("Levels"),
            N_(
                "whom the resonance concerns: client, presenter, relationship, third parties, institution, "
                "group, leader."
            ),
        ),
        (N_("Intensity"), N_("1 (faint) to 5 (overwhelming); the mean is shown with one decimal, halves rounded up.")),
        (N_("Mirroring"), N_("the group re-enacting the case's relationship among itself (parallel process).")),
        (
            N_("Mostly / mixed"),
            N_("a level or kind is named only when it leads strictly; otherwise the tied ones are named."),
        ),
        (
            N_("Quarters"),
            N_("compared per session held; a partial quarter lies only partly in the period or the group's time."),
        ),
    ),
    translate_first=True,
)
