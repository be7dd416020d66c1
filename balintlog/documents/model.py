"""What the documents say, as plain values (no I/O, no keys), and their
layout: a short list of elements (title, paragraph, table, barcode,
signature) in the user's language, which each renderer draws."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from balintlog.domain import Identity, LeaderProfile
from balintlog.i18n import _, format_date, format_number, pgettext
from balintlog.kinds import MINUTES_PER_DS, MINUTES_PER_UE, SessionMode


@dataclass(frozen=True)
class Sitting:
    """One session as a document lists it."""

    number: int
    date: dt.date
    minutes: int
    mode: SessionMode
    start_time: str = ""
    end_time: str = ""


@dataclass(frozen=True)
class Credit:
    """The accreditation a document cites (several events: their VNRs)."""

    points: int
    category: str
    vnrs: tuple[str, ...]
    chambers: tuple[str, ...]
    topic: str


@dataclass(frozen=True)
class Certificate:
    """A member's Teilnahmebescheinigung for a period."""

    code: str
    identity: Identity
    group_name: str
    sittings: tuple[Sitting, ...]
    leader: LeaderProfile
    place: str
    issued: dt.date
    #: None: no accreditation is recorded for any session of the period.
    credit: Credit | None

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.sittings)


@dataclass(frozen=True)
class Participant:
    code: str
    identity: Identity | None
    #: The numbers of the sessions of the protocol the participant attended.
    attended: tuple[int, ...]


@dataclass(frozen=True)
class Protocol:
    """The Sitzungsprotokoll of one session or one block day."""

    group_name: str
    sittings: tuple[Sitting, ...]
    participants: tuple[Participant, ...]
    leader: LeaderProfile
    co_leader: str
    place: str
    issued: dt.date
    credit: Credit | None


@dataclass(frozen=True)
class CmeRecord:
    """One line of the EIV list: a participant's EFN on a day of an event."""

    efn: str
    date: dt.date
    vnr: str


# -- layout ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    strong: bool = False


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: Relative column widths.
    widths: tuple[int, ...] = ()


@dataclass(frozen=True)
class Barcode:
    label: str
    value: str


@dataclass(frozen=True)
class Signature:
    place_date: str
    caption: str


Element = Title | Para | Table | Barcode | Signature


@dataclass(frozen=True)
class Layout:
    title: str
    elements: tuple[Element, ...] = field(default_factory=tuple)


def _amount(value: float) -> str:
    """A count as people write it: ``4``, ``1,5`` (two decimals at most)."""
    for digits in (0, 1):
        if round(value, digits) == value:
            return format_number(value, digits)
    return format_number(value, 2)


def ds(minutes: int) -> str:
    return _amount(minutes / MINUTES_PER_DS)


def ue(minutes: int) -> str:
    return _amount(minutes / MINUTES_PER_UE)


def hours(minutes: int) -> str:
    return _amount(minutes / 60)


def day(date: dt.date) -> str:
    return format_date(date, "plain")


def mode_words(mode: SessionMode) -> str:
    if mode is SessionMode.ONLINE:
        return pgettext("document", "online")
    if mode is SessionMode.HYBRID:
        return pgettext("document", "hybrid")
    return pgettext("document", "in person")


def _leader_line(leader: LeaderProfile) -> str:
    if leader.recognitions:
        return _("Leader: {name} ({recognitions})").format(
            name=leader.full_name, recognitions=leader.recognitions.replace("\n", "; ")
        )
    return _("Leader: {name}").format(name=leader.full_name)


def _credit_elements(credit: Credit | None, *, points: bool = True) -> list[Element]:
    if credit is None:
        return [
            Para(
                _(
                    "No accreditation by a medical chamber is recorded for this period: "
                    "this document certifies attendance only and grants no CME points."
                ),
                strong=True,
            )
        ]
    found: list[Element] = []
    if points:
        found.append(
            Para(
                _("CME points: {points}, category {category}.").format(
                    points=credit.points, category=credit.category
                ),
                strong=True,
            )
        )
    for chamber in credit.chambers:
        found.append(
            Para(
                _(
                    "The event is recognised as continuing medical education by: {chamber}; "
                    "event number (VNR): {vnrs}."
                ).format(chamber=chamber, vnrs=", ".join(credit.vnrs))
            )
        )
    found += [Barcode(_("VNR"), vnr) for vnr in credit.vnrs]
    return found


def certificate_layout(doc: Certificate) -> Layout:
    """The Teilnahmebescheinigung: who, which sessions, totals, points,
    numbers as barcodes, the chamber's sentence, the leader's signature."""
    title = _("Certificate of attendance")
    days = sorted({s.date for s in doc.sittings})
    span = day(days[0]) if len(days) == 1 else f"{day(days[0])} – {day(days[-1])}"
    elements: list[Element] = [
        Title(title),
        Para(doc.identity.full_name, strong=True),
    ]
    if doc.identity.address:
        elements.append(Para(doc.identity.address))
    elements.append(
        Para(
            _("took part in the Balint group “{group}” ({span}).").format(group=doc.group_name, span=span)
        )
    )
    if doc.credit is not None and doc.credit.topic:
        elements.append(Para(_("Topic: {topic}").format(topic=doc.credit.topic)))
    elements.append(
        Table(
            (_("Date"), _("Session"), _("DS"), _("Form")),
            tuple(
                (day(s.date), str(s.number), ds(s.minutes), mode_words(s.mode)) for s in doc.sittings
            ),
            (4, 2, 2, 3),
        )
    )
    elements.append(
        Para(
            _("In total: {ds} DS (double sessions of 90 min.) = {ue} UE (units of 45 min.) = {hours} hours.").format(
                ds=ds(doc.minutes), ue=ue(doc.minutes), hours=hours(doc.minutes)
            ),
            strong=True,
        )
    )
    elements += _credit_elements(doc.credit)
    if doc.identity.efn:
        elements.append(Barcode(_("EFN"), doc.identity.efn))
    elements.append(Para(_leader_line(doc.leader)))
    elements.append(_signature(doc.place, doc.issued, doc.leader))
    return Layout(title, tuple(elements))


def _signature(place: str, issued: dt.date, leader: LeaderProfile) -> Signature:
    where = f"{place}, {day(issued)}" if place else day(issued)
    return Signature(where, leader.signature or leader.full_name)


def protocol_layout(doc: Protocol) -> Layout:
    """The Sitzungsprotokoll: place, times, topic, leader, the participant
    list with EFNs and a column to sign."""
    title = _("Session protocol")
    elements: list[Element] = [
        Title(title),
        Para(_("Balint group “{group}”").format(group=doc.group_name), strong=True),
    ]
    if doc.credit is not None and doc.credit.topic:
        elements.append(Para(_("Topic: {topic}").format(topic=doc.credit.topic)))
    if doc.place:
        elements.append(Para(_("Place: {place}").format(place=doc.place)))
    elements.append(
        Table(
            (_("Session"), _("Date"), _("Start"), _("End"), _("DS"), _("Form")),
            tuple(
                (str(s.number), day(s.date), s.start_time, s.end_time, ds(s.minutes), mode_words(s.mode))
                for s in doc.sittings
            ),
            (2, 4, 2, 2, 2, 3),
        )
    )
    elements.append(Para(_leader_line(doc.leader)))
    if doc.co_leader:
        elements.append(Para(_("Co-leader: {name}").format(name=doc.co_leader)))
    elements += _credit_elements(doc.credit, points=False)
    rows = []
    for p in doc.participants:
        name = p.identity.full_name if p.identity is not None else p.code
        efn = p.identity.efn if p.identity is not None else ""
        rows.append((name, efn, ", ".join(str(n) for n in p.attended), ""))
    elements.append(
        Table((_("Participant"), _("EFN"), _("Sessions"), _("Signature")), tuple(rows), (5, 4, 2, 4))
    )
    elements.append(_signature(doc.place, doc.issued, doc.leader))
    return Layout(title, tuple(elements))
