"""The report's computations on small hand-built data. Every expected number
is worked out by hand in the comments next to it."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from balintlog.domain import (
    Block,
    Case,
    CaseHistory,
    CaseStatus,
    Group,
    GroupKind,
    GroupSession,
    HistoryEntry,
    Member,
    Outcome,
    Presentation,
    PresentationKind,
    Profession,
    Relationship,
    Resonance,
    ResonanceKind,
    ResonanceLevel,
    SessionNotes,
    SessionStatus,
)
from balintlog.reports.model import (
    SCHEMA,
    Period,
    ReportSource,
    build_report,
    dominant_level,
    is_stale,
    period_label,
    profile,
    quarters,
    round_half_up,
    shift,
)

D = dt.date
K = ResonanceKind
L = ResonanceLevel
YEAR_2026 = Period(D(2026, 1, 1), D(2026, 12, 31))
GENERATED = dt.datetime(2027, 1, 2, 9, 0)

NORD = Group(id="g-nord", handle="nord", name="Balint group North", kind=GroupKind.BLOCK, start=D(2025, 10, 1))
SUED = Group(id="g-sued", handle="sued", name="South", kind=GroupKind.CONTINUOUS, start=D(2026, 6, 1))
#: Closed before the period: not in the report.
ALT = Group(id="g-alt", handle="alt", name="Old", kind=GroupKind.CONTINUOUS, start=D(2024, 1, 1), closed=D(2025, 6, 30))

M1 = Member("m1", NORD.id, "M1", Profession.JUDGE, identity="Dr. Anna Realname")
M2 = Member("m2", NORD.id, "M2", Profession.TEACHER)
M3 = Member("m3", NORD.id, "M3", Profession.PRIEST, joined=D(2026, 3, 1))
M4 = Member("m4", NORD.id, "M4", Profession.MEDIATOR, left=D(2026, 2, 28))
#: Left before the period: not in the report.
M9 = Member("m9", NORD.id, "M9", Profession.NURSE, left=D(2025, 12, 1))
S1 = Member("s1", SUED.id, "S1", Profession.PHYSICIAN)

B1 = Block("b1", NORD.id, 1, D(2026, 1, 10), 2)


def session(
    n: int, day: dt.date, status: SessionStatus = SessionStatus.ENDED, *, block: bool = False, **notes: str
) -> GroupSession:
    return GroupSession(
        id=f"s{n}",
        group_id=NORD.id,
        seq=n,
        date=day,
        status=status,
        minutes=90,
        block_id=B1.id if block else None,
        block_pos=n if block else None,
        notes=SessionNotes(**notes),
    )


S_1 = session(1, D(2026, 1, 10), block=True, supervision_questions="Why did I rescue the presenter?")
S_2 = session(2, D(2026, 1, 10), block=True)
S_3 = session(3, D(2026, 4, 5), countertransference="Impatience with the court's slowness.")
S_4 = session(4, D(2026, 7, 1))
S_5 = session(5, D(2026, 7, 15), SessionStatus.PLANNED, supervision_questions="never shown")
S_6 = session(6, D(2026, 10, 1), SessionStatus.CANCELLED)
SESSIONS = [S_1, S_2, S_3, S_4, S_5, S_6]
ATTENDANCE = {
    "s1": {"m1", "m2", "m4"},  # active: M1 M2 M4 (M3 joins in March) -> 3/3
    "s2": {"m1", "m4"},  # 2/3
    "s3": {"m1", "m2", "m3"},  # active: M1 M2 M3 (M4 left in February) -> 3/3
    "s4": {"m3"},  # 1/3
    "s5": {"m1", "m2", "m3"},  # planned: does not count
}


def res(case: str, pres: str, seq: int, kind: K, level: L, intensity: int, mirroring: bool = False) -> Resonance:
    return Resonance(
        f"{pres}-r{seq}", pres, case, seq, kind, level, intensity, f"text {pres} {seq}", "group", mirroring
    )


def pres(
    pid: str,
    case: str,
    sess: GroupSession,
    kind: PresentationKind,
    question: str,
    resonances: list[tuple[K, L, int, bool]],
    *,
    outcome: Outcome | None = None,
    leader_notes: str = "",
) -> HistoryEntry:
    p = Presentation(
        id=pid,
        case_id=case,
        session_id=sess.id,
        kind=kind,
        question=question,
        outcome=outcome,
        leader_notes=leader_notes,
        resonances=tuple(res(case, pid, i, *r) for i, r in enumerate(resonances, 1)),
        date=sess.date,
    )
    return HistoryEntry(p, f"nord:{sess.seq}", sess.date)


CASE_1 = CaseHistory(
    case=Case(
        "c1",
        1,
        NORD.id,
        M1.id,
        "The mother who waits",
        CaseStatus.FOLLOWED_UP,
        D(2026, 1, 10),
        client="woman, 38",
        relationship=Relationship.JUDGE_PARTY,
        institution="family court",
    ),
    presenter=M1,
    group=NORD,
    presentations=(
        # affect 4, affect 2, bodily 3 (mirroring), image 3: mean 12/4 = 3.0; client is dominant (2 of 4)
        pres(
            "p1",
            "c1",
            S_1,
            PresentationKind.FIRST,
            "Why do I side with the mother?",
            [
                (K.AFFECT, L.CLIENT, 4, False),
                (K.AFFECT, L.CLIENT, 2, False),
                (K.BODILY, L.PRESENTER, 3, True),
                (K.IMAGE, L.RELATIONSHIP, 3, False),
            ],
            leader_notes="I felt pulled to rescue the presenter.",
        ),
        # affect 2, absence 4 (mirroring), thought 3: mean 9/3 = 3.0; institution dominant (2 of 3)
        pres(
            "p2",
            "c1",
            S_3,
            PresentationKind.FOLLOW_UP,
            "What does the court expect of me?",
            [
                (K.AFFECT, L.INSTITUTION, 2, False),
                (K.ABSENCE, L.INSTITUTION, 4, True),
                (K.THOUGHT, L.CLIENT, 3, False),
            ],
            outcome=Outcome.EASED,
        ),
        # absence 5 (mirroring), humour 1: mean 6/2 = 3.0; one each, institution weighs 5 against 1
        pres(
            "p3",
            "c1",
            S_4,
            PresentationKind.FOLLOW_UP,
            "",
            [
                (K.ABSENCE, L.INSTITUTION, 5, True),
                (K.HUMOUR, L.GROUP, 1, False),
            ],
        ),
    ),
)

#: First presented before the period; here only its follow-up in nord:2.
CASE_2 = CaseHistory(
    case=Case(
        "c2",
        2,
        NORD.id,
        M2.id,
        "The boy at the back",
        CaseStatus.OPEN,
        D(2025, 11, 20),
        client="pupil, 14",
        relationship=Relationship.TEACHER_PUPIL,
    ),
    presenter=M2,
    group=NORD,
    presentations=(
        pres(
            "p4",
            "c2",
            S_2,
            PresentationKind.FOLLOW_UP,
            "Can I reach him at all?",
            [
                (K.IMPULSE, L.CLIENT, 5, False),
                (K.IMPULSE, L.CLIENT, 3, False),
            ],
            outcome=Outcome.UNCHANGED,
        ),
    ),
)

#: Worked only in a planned session, which does not count: not in the report.
CASE_3 = CaseHistory(
    case=Case("c3", 3, NORD.id, M3.id, "Never worked", CaseStatus.OPEN, D(2026, 7, 15)),
    presenter=M3,
    group=NORD,
    presentations=(pres("p5", "c3", S_5, PresentationKind.FIRST, "?", [(K.AFFECT, L.CLIENT, 3, False)]),),
)


def source(**changes: object) -> ReportSource:
    values: dict[str, object] = {
        "period": YEAR_2026,
        "generated": GENERATED,
        "groups": [SUED, NORD, ALT],
        "members": [M4, M3, M2, M1, M9, S1],
        "blocks": [B1],
        "sessions": SESSIONS,
        "attendance": ATTENDANCE,
        "cases": [CASE_2, CASE_1, CASE_3],
    }
    values.update(changes)
    return ReportSource(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def report_json() -> dict[str, object]:
    data = build_report(source()).to_json()
    # The JSON shape is plain JSON all the way down.
    return json.loads(json.dumps(data))  # type: ignore[no-any-return]


def test_overview_totals(report_json: dict) -> None:
    assert report_json["schema"] == SCHEMA
    assert report_json["period"] == {"from": "2026-01-01", "to": "2026-12-31", "label": "2026"}
    assert report_json["totals"] == {
        "groups": 2,  # nord and sued; alt closed before 2026
        "sessions": 4,  # nord:1-4 ended; nord:5 planned, nord:6 cancelled
        "block_days": 1,
        "minutes": 360,  # 4 x 90
        "hours": 6.0,
        "double_sessions": 4.0,
        "teaching_units": 8.0,
        "cases": 2,  # #1 and #2; #3 was only worked in a planned session
        "new_cases": 1,  # #1; #2 was first presented in 2025
        "presentations": 4,
        "first_presentations": 1,
        "follow_ups": 3,  # #1 twice, #2 once
        "updates": 0,
        "members": 5,  # M1 M2 M3 M4 of nord (M9 left in 2025), S1 of sued
        "mean_attendance_rate": 0.75,  # (3/3 + 2/3 + 3/3 + 1/3) / 4 = 3/4
        "resonances": 11,  # 4 + 3 + 2 + 2
        "mirroring": 3,  # bodily in nord:1, absence in nord:3 and nord:4
    }


def test_sessions(report_json: dict) -> None:
    sessions = report_json["sessions"]
    assert [s["ref"] for s in sessions] == ["nord:1", "nord:2", "nord:3", "nord:4"]
    first, second, third, fourth = sessions
    assert first["block"] == 1 and first["block_pos"] == 1 and third["block"] is None
    assert first["present"] == ["M1", "M2", "M4"] and first["attendance_rate"] == 1.0
    assert second["attendance_rate"] == 0.67  # 2/3
    assert fourth["present"] == ["M3"] and fourth["attendance_rate"] == 0.33  # 1/3
    assert [s["cases"] for s in sessions] == [[1], [2], [1], [1]]


def test_case_development(report_json: dict) -> None:
    case = report_json["cases"][0]
    assert case["number"] == 1 and case["presenter"] == "M1" and case["relationship"] == "judge_party"
    assert case["new"] is True and case["status"] == "followed_up"
    assert [p["question"] for p in case["presentations"]] == [
        "Why do I side with the mother?",
        "What does the court expect of me?",
        "",
    ]
    assert case["question"] == "What does the court expect of me?"  # the latest that asked one
    first, second, third = (p["resonances"] for p in case["presentations"])
    assert first == {
        "count": 4,
        "by_kind": {"affect": 2, "bodily": 1, "image": 1},
        "by_level": {"client": 2, "presenter": 1, "relationship": 1},
        "mean_intensity": 3.0,  # (4 + 2 + 3 + 3) / 4
        "dominant_level": "client",  # 2 of 4
        "tied_levels": [],
        "dominant_kind": "affect",  # 2 of 4
        "tied_kinds": [],
        "mirroring": 1,
    }
    # kinds and levels in the order of the domain's enumerations
    assert list(second["by_kind"]) == ["affect", "thought", "absence"]
    assert second["by_level"] == {"client": 1, "institution": 2}
    assert third["mean_intensity"] == 3.0 and third["mirroring"] == 1
    # one at institution, one at group: no level leads, and none is claimed
    assert third["dominant_level"] is None and third["tied_levels"] == ["institution", "group"]
    events = case["presentations"][1]["mirroring_events"]
    assert [(e["kind"], e["level"], e["intensity"], e["session"]) for e in events] == [
        ("absence", "institution", 4, "nord:3")
    ]
    assert case["outcomes"] == ["eased", "not_reported"]  # nord:4 gave no outcome
    assert case["shift"] == {
        "kinds_appeared": ["absence", "humour"],
        "kinds_faded": ["affect", "bodily", "image"],
        "mean_intensity_change": 0.0,  # 3.0 -> 3.0
        # the latest presentation is a tie: no level to move to, only the counts
        "dominant_level": {"from": "client", "to": None},
        "by_level": {
            "from": {"client": 2, "presenter": 1, "relationship": 1},
            "to": {"institution": 1, "group": 1},
        },
    }
    assert case["sessions_since_last"] == 0 and case["stale"] is False
    assert case["block_days_since_last"] == 0  # nord is a block group
    assert case["stale_after"] == {"count": 2, "unit": "block_days"}


def test_case_first_presented_before_the_period(report_json: dict) -> None:
    case = report_json["cases"][1]
    assert case["number"] == 2 and case["new"] is False and case["opened"] == "2025-11-20"
    assert [p["session"] for p in case["presentations"]] == ["nord:2"]
    assert case["shift"] is None  # one presentation: nothing to compare
    assert case["outcomes"] == ["unchanged"]
    assert case["sessions_since_last"] == 2  # nord:3 and nord:4 after nord:2
    assert case["presentations"][0]["resonances"]["mean_intensity"] == 4.0  # (5 + 3) / 2


def test_the_group(report_json: dict) -> None:
    nord, _sued = report_json["groups"]  # in the order they started
    assert nord["handle"] == "nord" and nord["sessions"] == 4 and nord["presentations"] == 4
    members = {m["code"]: m for m in nord["members"]}
    assert list(members) == ["M1", "M2", "M3", "M4"]
    assert (members["M1"]["presentations"], members["M1"]["attended"], members["M1"]["possible"]) == (3, 3, 4)
    assert members["M1"]["attendance_rate"] == 0.75
    assert (members["M2"]["attended"], members["M2"]["attendance_rate"]) == (2, 0.5)
    assert (members["M3"]["attended"], members["M3"]["possible"]) == (2, 2)  # joined in March
    assert (members["M4"]["attended"], members["M4"]["possible"]) == (2, 2)  # left in February
    assert nord["not_presented"] == ["M3", "M4"]
    assert nord["attendance"]["sessions"] == ["nord:1", "nord:2", "nord:3", "nord:4"]
    assert nord["attendance"]["matrix"] == {
        "M1": [True, True, True, False],
        "M2": [True, False, True, False],
        "M3": [None, None, True, True],
        "M4": [True, True, None, None],
    }
    q1, q2, q3, q4 = nord["resonance_profile_by_quarter"]
    assert q1 == {
        "quarter": "2026-Q1",
        "sessions": 2,  # nord:1 and nord:2
        "partial": False,
        "per_session": 3.0,  # 6 / 2
        "count": 6,  # #1's first (4) and #2's follow-up (2), both on 10 Jan
        "by_kind": {"affect": 2, "bodily": 1, "image": 1, "impulse": 2},
        "by_level": {"client": 4, "presenter": 1, "relationship": 1},
        "mean_intensity": 3.33,  # (4 + 2 + 3 + 3 + 5 + 3) / 6 = 20/6
        "dominant_level": "client",  # 4 of 6
        "tied_levels": [],
        "dominant_kind": None,  # affect 2, impulse 2
        "tied_kinds": ["affect", "impulse"],
        "mirroring": 1,
    }
    assert (q2["quarter"], q2["count"], q2["sessions"], q2["per_session"], q3["count"]) == ("2026-Q2", 3, 1, 3.0, 2)
    # one each: no level leads (the intensity decides nothing)
    assert q3["dominant_level"] is None and q3["tied_levels"] == ["institution", "group"]
    assert q4 == {
        "quarter": "2026-Q4",
        "sessions": 0,  # nord:6 was cancelled
        "partial": False,
        "per_session": None,
        "count": 0,
        "by_kind": {},
        "by_level": {},
        "mean_intensity": None,
        "dominant_level": None,
        "tied_levels": [],
        "dominant_kind": None,
        "tied_kinds": [],
        "mirroring": 0,
    }
    assert nord["outcome_tally"] == {"eased": 1, "unchanged": 1, "not_reported": 1}
    assert [e["session"] for e in nord["mirroring_events"]] == ["nord:1", "nord:3", "nord:4"]
    assert nord["recurring_mirroring"] == [
        {"kind": "absence", "level": "institution", "count": 2, "sessions": ["nord:3", "nord:4"], "cases": [1]}
    ]


def test_a_group_with_no_sessions(report_json: dict) -> None:
    sued = report_json["groups"][1]
    assert (sued["handle"], sued["sessions"], sued["minutes"], sued["presentations"]) == ("sued", 0, 0, 0)
    assert sued["mean_attendance_rate"] is None
    assert sued["members"][0]["possible"] == 0 and sued["members"][0]["attendance_rate"] is None
    assert sued["not_presented"] == ["S1"]
    assert sued["attendance"] == {"sessions": [], "dates": [], "matrix": {"S1": []}}
    # sued started on 1 June: Q1 left out, Q2 partial
    quarters_ = [(q["quarter"], q["partial"], q["count"]) for q in sued["resonance_profile_by_quarter"]]
    assert quarters_ == [("2026-Q2", True, 0), ("2026-Q3", False, 0), ("2026-Q4", False, 0)]


def test_supervision_in_date_order(report_json: dict) -> None:
    assert [(s["date"], s["session"], s["kind"], s["case"]) for s in report_json["supervision"]] == [
        ("2026-01-10", "nord:1", "leader_notes", 1),
        ("2026-01-10", "nord:1", "question", None),
        ("2026-04-05", "nord:3", "countertransference", None),
    ]
    assert report_json["supervision"][1]["text"] == "Why did I rescue the presenter?"


def test_never_a_real_identity(report_json: dict) -> None:
    assert "Realname" not in json.dumps(report_json)


def test_an_empty_period() -> None:
    empty = build_report(source(period=Period(D(2027, 1, 1), D(2027, 12, 31)), sessions=[], cases=[]))
    data = empty.to_json()
    assert data["totals"]["sessions"] == 0 and data["totals"]["cases"] == 0 and data["totals"]["minutes"] == 0
    assert data["totals"]["mean_attendance_rate"] is None
    assert data["cases"] == [] and data["sessions"] == [] and data["supervision"] == []
    assert [g["handle"] for g in data["groups"]] == ["nord", "sued"]


def test_stale_after_six_sessions_without_the_case() -> None:
    later = [(D(2026, 8, day), 10 + day) for day in range(1, 7)]
    order = {NORD.id: [(S_2.date, 2), *later]}
    report = build_report(source(cases=[CASE_2], session_order=order))
    (case,) = report.cases
    assert case.sessions_since_last == 6 and case.stale
    assert report.to_json()["stale_cases"] == [2]
    assert not is_stale(CaseStatus.CLOSED, 10) and not is_stale(CaseStatus.LOST, 10)
    assert is_stale(CaseStatus.FOLLOWED_UP, 6) and not is_stale(CaseStatus.OPEN, 5)


def test_profile_and_shift_helpers() -> None:
    a = res("c", "p", 1, K.AFFECT, L.CLIENT, 2)
    b = res("c", "p", 2, K.IMAGE, L.INSTITUTION, 4)
    c = res("c", "p", 3, K.IMAGE, L.GROUP, 4)
    assert dominant_level([a, b]) is None  # one each: a tie, whatever the intensities
    assert dominant_level([a, b, b]) is L.INSTITUTION
    assert dominant_level([]) is None
    assert profile([]).mean_intensity is None
    moved = shift([a], [b, c])
    assert moved.kinds_appeared == ("image",) and moved.kinds_faded == ("affect",)
    assert moved.mean_intensity_change == 2.0  # 4.0 - 2.0
    assert shift([], [a]).mean_intensity_change is None


def test_quarters_of_twelve_months() -> None:
    assert quarters(Period(D(2025, 11, 27), D(2026, 11, 26))) == [
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]


def test_period_labels() -> None:
    today = D(2026, 11, 26)
    assert period_label(D(2025, 11, 27), today, today) == "last 12 months"
    assert period_label(D(2025, 1, 1), D(2025, 12, 31), today) == "2025"
    assert period_label(D(2026, 3, 14), D(2026, 6, 30), today) == "Sat 14 Mar 2026 to Tue 30 Jun 2026"


def _profile_of(*levels_kinds: tuple[L, K]) -> dict[str, object]:
    return profile([res("c", "p", i, k, lv, 3) for i, (lv, k) in enumerate(levels_kinds, 1)]).to_json()


def test_a_dominant_level_only_on_a_strict_lead() -> None:
    # 1/1/1: three levels, one resonance each
    even = _profile_of((L.CLIENT, K.AFFECT), (L.PRESENTER, K.IMAGE), (L.INSTITUTION, K.THOUGHT))
    assert even["dominant_level"] is None and even["tied_levels"] == ["client", "presenter", "institution"]
    assert even["dominant_kind"] is None and even["tied_kinds"] == ["affect", "image", "thought"]
    # 2/2/1: the two at the top tie, the third is not named
    two = _profile_of(
        (L.CLIENT, K.AFFECT), (L.CLIENT, K.AFFECT), (L.GROUP, K.IMAGE), (L.GROUP, K.IMAGE), (L.LEADER, K.AFFECT)
    )
    assert two["dominant_level"] is None and two["tied_levels"] == ["client", "group"]
    assert two["dominant_kind"] == "affect" and two["tied_kinds"] == []  # affect 3, image 2
    # a clear lead: 2/1
    lead = _profile_of((L.CLIENT, K.AFFECT), (L.CLIENT, K.IMAGE), (L.GROUP, K.IMAGE))
    assert lead["dominant_level"] == "client" and lead["tied_levels"] == []


def test_a_shift_is_claimed_only_between_clear_dominants() -> None:
    client = res("c", "p", 1, K.AFFECT, L.CLIENT, 3)
    group = res("c", "p", 2, K.IMAGE, L.GROUP, 3)
    institution = res("c", "p", 3, K.IMAGE, L.INSTITUTION, 3)
    moved = shift([client, client], [institution])
    assert moved.level_moved and (moved.dominant_level_from, moved.dominant_level_to) == ("client", "institution")
    tied = shift([client, group], [institution, group])  # 1/1 -> 1/1
    assert not tied.clear_levels and not tied.level_moved
    assert tied.level_changes == (("client", 1, 0), ("institution", 0, 1))


def _case_with(status: CaseStatus, group: Group) -> CaseHistory:
    return replace(CASE_2, case=replace(CASE_2.case, status=status, group_id=group.id), group=group)


def test_a_followed_up_case_goes_stale_in_the_groups_rhythm() -> None:
    continuous = replace(NORD, kind=GroupKind.CONTINUOUS)
    # five more sessions after nord:2 on five days: five sessions, five block days
    five = [(S_2.date, 2), *((D(2026, 8, day), 10 + day) for day in range(1, 6))]
    # a block group: 2 block days is the default threshold
    (block_case,) = build_report(
        source(cases=[_case_with(CaseStatus.FOLLOWED_UP, NORD)], session_order={NORD.id: five})
    ).cases
    assert (block_case.block_days_since_last, block_case.stale, block_case.stale_unit) == (5, True, "block_days")
    # a continuous group counts sessions: 5 of 6
    (case,) = build_report(
        source(
            groups=[continuous], cases=[_case_with(CaseStatus.FOLLOWED_UP, continuous)], session_order={NORD.id: five}
        )
    ).cases
    assert (case.sessions_since_last, case.block_days_since_last, case.stale) == (5, None, False)
    # four sessions on one block day are one block day
    one_day = [(S_2.date, 2), *((D(2026, 8, 1), 10 + n) for n in range(4))]
    (same_day,) = build_report(source(cases=[CASE_2], session_order={NORD.id: one_day})).cases
    assert (same_day.sessions_since_last, same_day.block_days_since_last, same_day.stale) == (4, 1, False)
    # the group's own threshold
    (strict,) = build_report(source(cases=[CASE_2], session_order={NORD.id: one_day}, stale_after={NORD.id: 1})).cases
    assert strict.stale and strict.stale_after == 1
    # a closed case is never stale
    (closed,) = build_report(
        source(cases=[_case_with(CaseStatus.CLOSED, NORD)], session_order={NORD.id: five})
    ).cases
    assert not closed.stale


def test_an_open_session_counts_and_is_named() -> None:
    still_open = replace(S_4, status=SessionStatus.OPEN)
    report = build_report(source(sessions=[S_1, S_2, S_3, still_open]))
    assert report.open_sessions == ("nord:4",)
    assert report.totals.sessions == 4 and report.totals.presentations == 4
    assert report.to_json()["open_sessions"] == ["nord:4"]


def test_brief_quotes_mirroring_and_strong_resonances_full_quotes_all() -> None:
    brief = build_report(source(cases=[CASE_1])).cases[0].presentations[0]
    # affect 4 (strong) and bodily 3 (mirroring); affect 2 and image 3 not quoted; by level
    assert [(r.level, r.kind, r.intensity) for r in brief.resonance_texts] == [
        ("client", "affect", 4),
        ("presenter", "bodily", 3),
    ]
    assert brief.account is None
    full = build_report(source(cases=[CASE_1], detail="full")).cases[0].presentations[0]
    assert [r.kind for r in full.resonance_texts] == ["affect", "affect", "bodily", "image"]
    assert full.account == ""


def test_without_context_leaves_out_fields_institutions_and_clients() -> None:
    worker = replace(M1, field="family law")
    report = build_report(source(members=[worker, M2], cases=[CASE_1], with_context=False))
    text = json.dumps(report.to_json())
    assert "family court" not in text and "woman, 38" not in text and "family law" not in text
    assert report.to_json()["with_context"] is False
    assert "family law" in json.dumps(build_report(source(members=[worker, M2], cases=[CASE_1])).to_json())


def test_rounding_half_up() -> None:
    assert round_half_up(3.125) == 3.13 and round_half_up(3.25, 1) == 3.3 and round_half_up(3.75, 1) == 3.8


def test_a_four_kind_presentation_shows_every_kind_in_every_format() -> None:
    from balintlog.commands.report import ReportFormat, render_text

    four = pres(
        "p9",
        "c1",
        S_1,
        PresentationKind.FIRST,
        "Good doctor, bad ward?",
        [
            (K.AFFECT, L.CLIENT, 3, False),
            (K.IDENTIFICATION, L.PRESENTER, 2, False),
            (K.THOUGHT, L.INSTITUTION, 2, False),
            (K.SPLITTING, L.INSTITUTION, 3, False),
        ],
    )
    history = replace(CASE_1, presentations=(four, *CASE_1.presentations[1:]))
    report = build_report(source(cases=[history]))
    (p, *_rest) = report.cases[0].presentations
    # institution leads (2 of 4); no kind does (one each)
    assert (p.resonances.dominant_level, p.resonances.tied_kinds) == (
        "institution",
        ("affect", "identification", "thought", "splitting"),
    )
    for fmt in ReportFormat:
        text = " ".join(render_text(report, fmt).split())
        for kind in ("affect", "identification", "thought", "splitting"):
            assert (f'"{kind}": 1' if fmt is ReportFormat.JSON else f"{kind} 1") in text, (fmt, kind)
