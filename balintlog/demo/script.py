"""The shapes of the demo's script: groups, their members and session notes,
and cases with their presentations, as plain data the builder replays."""

from __future__ import annotations

from dataclasses import dataclass, field

from balintlog.domain import Identity, LeaderProfile, SessionNotes


@dataclass(frozen=True)
class Showing:
    """One presentation of a case: in the group's session number ``session``
    (0-based, in date order)."""

    session: int
    question: str
    resonances: tuple[str, ...]
    account: str = ""
    group_process: str = ""
    closing: str = ""
    leader_notes: str = ""
    outcome: str = ""
    what_changed: str = ""


@dataclass(frozen=True)
class CaseScript:
    group: str
    presenter: str
    title: str
    client: str
    relationship: str
    field: str
    institution: str
    first: Showing
    follow_ups: tuple[Showing, ...] = ()
    #: ``closed`` or ``lost`` after the last presentation; empty: stays as it is.
    close_as: str = ""


@dataclass(frozen=True)
class MemberScript:
    code: str
    profession: str
    field: str
    #: Joined shortly before this session (0-based); None: from the start.
    joins_at: int | None = None
    #: Left shortly after this session; None: stays.
    leaves_after: int | None = None


@dataclass(frozen=True)
class GroupScript:
    handle: str
    name: str
    kind: str
    institution: str
    members: tuple[MemberScript, ...]
    notes: dict[int, SessionNotes] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentsScript:
    """What the documents of the block seminar need: the leader's profile,
    the members' identities (by code; an EFN for physicians only) and the
    accreditation of each block day (one VNR per day, in order)."""

    leader: LeaderProfile
    identities: dict[str, Identity]
    topic: str
    vnrs: tuple[str, ...]
    chamber: str
    #: Points granted per block day (entered, as the chamber's notice grants them).
    points: int
    place: str
    category: str = "C"
