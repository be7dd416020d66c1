"""The demo's script in English: two groups and the year of cases they
work. Everyone in it is invented; members appear by code, clients by
descriptor."""

from __future__ import annotations

from balintlog.demo.script import CaseScript, DocumentsScript, GroupScript, MemberScript, Showing
from balintlog.domain import Identity, LeaderProfile, SessionNotes

THURSDAY = GroupScript(
    handle="thursday",
    name="Thursday group: physicians and psychotherapists",
    kind="continuous",
    institution="district medical association, seminar room",
    members=(
        MemberScript("A1", "physician", "general practice, rural group practice"),
        MemberScript("A2", "physician", "oncology, university hospital"),
        MemberScript("A3", "psychotherapist", "outpatient practice, adults"),
        MemberScript("A4", "physician", "psychiatry, acute ward"),
        MemberScript("A5", "psychotherapist", "children and adolescents"),
        MemberScript("A6", "physician", "paediatric practice"),
        MemberScript("A7", "physician", "palliative care team", joins_at=11),
        MemberScript("A8", "psychotherapist", "psychosomatic clinic", leaves_after=18),
    ),
    notes={
        1: SessionNotes(
            atmosphere="Heavy from the start; two members came straight from the ward.",
            group_process="The group hurried to give medical advice, then fell silent for a long time.",
            countertransference="I wanted to fill the silence with theory.",
            supervision_questions="How long do I let a silence last before I speak?",
        ),
        4: SessionNotes(
            group_process="Grief about the patient who died; the group talked about its own losses.",
            supervision_questions="Did I leave enough room for the grief, or did I steer back to the case too soon?",
        ),
        8: SessionNotes(
            atmosphere="Irritable, many side conversations.",
            countertransference="I sided with the ward against the presenter without noticing at first.",
            supervision_questions="Where do I stand when the institution is the third in the room?",
        ),
        13: SessionNotes(
            group_process="A8 announced leaving the group; nobody took it up.",
            supervision_questions="How do I bring a member's leaving into the group without making it a case?",
        ),
        17: SessionNotes(
            atmosphere="Warm, attentive; A7 fully arrived in the group.",
        ),
        21: SessionNotes(
            countertransference="I was afraid the presenter would not come back.",
            supervision_questions="Was my concern for A4 a mirror of the case, or my own worry about the group?",
        ),
        24: SessionNotes(
            group_process="The group played with the case; a lot of humour, then a serious turn.",
        ),
        28: SessionNotes(
            atmosphere="End of the year; gratitude, some sadness.",
            group_process="Looking back, the group named the cases it still carries.",
            supervision_questions="Which cases have I let go of too quietly, and why those?",
        ),
    },
)

MIXED = GroupScript(
    handle="mixed",
    name="Block seminar: psychosocial professions",
    kind="block",
    institution="diocesan conference centre",
    members=(
        MemberScript("B1", "social_worker", "youth welfare office"),
        MemberScript("B2", "social_pedagogue", "residential group home"),
        MemberScript("B3", "teacher", "secondary school"),
        MemberScript("B4", "judge", "family court"),
        MemberScript("B5", "mediator", "family mediation"),
        MemberScript("B6", "priest", "city parish"),
        MemberScript("B7", "social_worker", "hospital social services"),
        MemberScript("B8", "teacher", "special needs school", joins_at=4),
    ),
    notes={
        3: SessionNotes(
            atmosphere="First block day; polite, cautious, the professions kept to themselves.",
            group_process="Teachers and social workers formed camps around the question of who is responsible.",
            supervision_questions="How do I help a mixed group find a common language without flattening the "
            "differences?",
        ),
        6: SessionNotes(
            countertransference="I felt like the judge in the room, weighing who was right.",
            supervision_questions="Why did I take on the role of the arbiter today?",
        ),
        9: SessionNotes(
            group_process="The group split into rescuers and sceptics, as the family in the case did.",
            supervision_questions="Should I name the split in the group as mirroring, or let it unfold?",
        ),
        15: SessionNotes(
            atmosphere="Last block day: tired and tender.",
            group_process="Closing round; each member named what they take with them.",
            countertransference="I did not want it to end.",
            supervision_questions="How do I end a group year well for members who stay and those who leave?",
        ),
    },
)

#: The documents of the block seminar: every name, number and address is
#: invented ("Muster", "Beispiel", "Örnek", "Przykład" all mean "example").
#: Nobody in this seminar is a physician, so nobody has an EFN.
DOCUMENTS = DocumentsScript(
    leader=LeaderProfile(
        name="Henrike Musterleitner",
        title="Dr. med.",
        recognitions="specialist in psychosomatic medicine and psychotherapy; anerkannte Balintgruppenleiterin "
        "(DBG); recognised as a Balint group leader by the Landesärztekammer Musterland",
        address="Musterstraße 12, 12345 Musterstadt, Germany",
        signature="Dr. med. Henrike Musterleitner, leader of the Balint group",
    ),
    identities={
        "B1": Identity("Käthe Musterfrau", address="Beispielweg 3, 12345 Musterstadt"),
        "B2": Identity("Şule Örnekçi"),
        "B3": Identity("Jörg Beispielmann"),
        "B4": Identity("Ulrike Mustermann-Größ", title="Dr. jur."),
        "B5": Identity("Małgorzata Przykładowska"),
        "B6": Identity("Björn Exempel", title="Father"),
        "B7": Identity("Günther Probehaus"),
        "B8": Identity("Anneliese Übungsfeld"),
    },
    topic="Balint group work: the relationship with clients and families",
    vnrs=("2760990000000000101", "2760990000000000102", "2760990000000000103", "2760990000000000104"),
    chamber="Landesärztekammer Musterland",
    points=10,
    place="diocesan conference centre, Musterstadt",
)

CASES: tuple[CaseScript, ...] = (
    CaseScript(
        "thursday",
        "A1",
        "The patient who never complains",
        "woman, 54, chronic back pain",
        "doctor_patient",
        "general practice",
        "rural group practice, under time pressure",
        Showing(
            0,
            "Why do I dread her appointments?",
            (
                "affect / client / 4 / anger at being dismissed",
                "bodily / presenter / 3 / heaviness in the chest @A3",
                "image / relationship / 2 / a locked door #mirroring",
                "impulse / client / 3 / wanting to shake her",
                "thought / third_parties / 2 / what does her husband say?",
            ),
            account="She comes every three weeks, smiles, says it is all right, and leaves with the same pain.",
            closing="I think I am tired of her patience, not of her.",
            leader_notes="The group was very quick to find her 'difficult'; I let it run too long.",
        ),
        (
            Showing(
                6,
                "What does her patience ask of me?",
                (
                    "identification / presenter / 4 / I know this smile from my own mother",
                    "affect / relationship / 3 / sadness",
                    "phantasy / client / 2 / she is waiting for someone to finally ask",
                ),
                outcome="understanding_changed",
                what_changed="I asked her what she does with the pain in the evenings; she cried.",
            ),
            Showing(
                15,
                "Can I let her stay as she is?",
                (
                    "affect / relationship / 2 / calm",
                    "image / relationship / 2 / two people on a bench",
                    "thought / presenter / 2 / I don't have to cure her",
                ),
                outcome="eased",
                what_changed="The appointments feel shorter; she brought a photo of her garden.",
            ),
        ),
    ),
    CaseScript(
        "thursday",
        "A2",
        "The last conversation",
        "man, 67, metastatic cancer",
        "doctor_patient",
        "oncology",
        "university hospital ward",
        Showing(
            1,
            "How do I tell him there is nothing more to try?",
            (
                "affect / presenter / 5 / helplessness",
                "bodily / group / 4 / the group held its breath #mirroring",
                "absence / group / 4 / long silence after the account #mirroring",
                "impulse / client / 3 / offering one more trial",
                "affect / client / 4 / fear of his disappointment",
                "impulse / leader / 3 / I wanted to end the silence with a question @leader",
            ),
            group_process="Everyone offered treatment options, then nobody spoke.",
            closing="I have been speaking with him about the treatment so that we don't speak about the dying.",
        ),
        (
            Showing(
                4,
                "What did I learn from his death?",
                (
                    "affect / presenter / 4 / grief",
                    "association / group / 3 / our own first patients who died",
                    "thought / institution / 3 / the ward has no room for goodbyes",
                ),
                outcome="ended",
                what_changed="He died two weeks after our conversation; his wife thanked me for the honesty.",
            ),
        ),
        close_as="closed",
    ),
    CaseScript(
        "thursday",
        "A3",
        "The client who cancels",
        "woman, 29, anxiety",
        "therapist_client",
        "psychotherapy",
        "outpatient practice",
        Showing(
            2,
            "Why do I feel relieved when she cancels?",
            (
                "affect / presenter / 3 / relief and guilt",
                "phantasy / client / 3 / she is testing whether I'll still be there",
                "impulse / presenter / 2 / charging the missed session",
                "absence / group / 2 / two members came late today #mirroring",
            ),
        ),
        (
            Showing(
                9,
                "What happens when I stay?",
                (
                    "affect / relationship / 3 / tenderness",
                    "thought / client / 3 / she expects to be dropped",
                    "identification / presenter / 2 / being the one who always waits",
                ),
                outcome="eased",
                what_changed="I told her I would keep her hour; she has come every week since.",
            ),
        ),
    ),
    CaseScript(
        "thursday",
        "A4",
        "Discharge on Friday",
        "man, 41, first psychotic episode",
        "doctor_patient",
        "psychiatry",
        "acute psychiatric ward, bed pressure",
        Showing(
            3,
            "Whose pace am I following, his or the ward's?",
            (
                "affect / client / 4 / fear of the outside",
                "bodily / presenter / 3 / restlessness",
                "thought / institution / 4 / the bed management calls every morning",
                "splitting / institution / 3 / good doctor, bad ward",
            ),
        ),
        (
            Showing(
                8,
                "What can I defend on the ward?",
                (
                    "affect / institution / 4 / anger at the administration",
                    "impulse / presenter / 4 / fighting the ward alone #mirroring",
                    "splitting / group / 3 / the group took sides for and against the ward #mirroring",
                    "thought / client / 2 / he notices the pressure",
                ),
                outcome="action_taken",
                what_changed="I asked for a case conference; the discharge was postponed by a week.",
            ),
            Showing(
                19,
                "How do I let him go?",
                (
                    "affect / client / 2 / cautious hope",
                    "thought / institution / 3 / the day clinic as a bridge",
                    "humour / group / 2 / jokes about the discharge letters",
                ),
                outcome="eased",
                what_changed="He moved to the day clinic and comes back to say hello.",
            ),
        ),
    ),
    CaseScript(
        "thursday",
        "A6",
        "The mother at the paediatric practice",
        "boy, 6, recurrent stomach aches, and his mother",
        "doctor_patient",
        "paediatrics",
        "paediatric practice",
        Showing(
            5,
            "Who is my patient here?",
            (
                "affect / third_parties / 4 / irritation with the mother",
                "identification / client / 3 / the boy who must not be ill",
                "image / relationship / 3 / a triangle with a missing corner",
                "thought / third_parties / 2 / where is the father?",
            ),
        ),
        (
            Showing(
                12,
                "Can I speak to the boy alone?",
                (
                    "affect / third_parties / 3 / still irritated",
                    "impulse / presenter / 3 / sending the mother out",
                    "absence / client / 2 / the boy hardly appeared in the account",
                ),
                outcome="unchanged",
                what_changed="The mother stays in the room; the aches continue.",
            ),
        ),
    ),
    CaseScript(
        "thursday",
        "A5",
        "The adolescent who only talks about games",
        "boy, 15, school refusal",
        "therapist_client",
        "child and adolescent psychotherapy",
        "outpatient practice",
        Showing(
            7,
            "Am I boring him, or is he protecting himself?",
            (
                "affect / presenter / 3 / boredom",
                "bodily / group / 3 / yawning in the group #mirroring",
                "phantasy / client / 3 / a knight behind many walls",
                "thought / presenter / 2 / I don't understand the games",
            ),
        ),
        (
            Showing(
                14,
                "What is in the games?",
                (
                    "image / client / 4 / a lonely hero",
                    "affect / relationship / 3 / curiosity",
                    "identification / presenter / 2 / my own son",
                ),
                outcome="eased",
                what_changed="I asked him to show me a game; he talked for the first time about losing.",
            ),
            Showing(
                24,
                "When is he ready for school?",
                (
                    "humour / group / 3 / the group started playing 'levels' #mirroring",
                    "thought / institution / 3 / the school wants a date",
                    "affect / client / 2 / shame",
                ),
                outcome="understanding_changed",
                what_changed="He is afraid of the break times, not the lessons.",
            ),
        ),
    ),
    CaseScript(
        "thursday",
        "A1",
        "My predecessor's patient",
        "woman, 72, diabetes and loneliness",
        "doctor_patient",
        "general practice",
        "group practice taken over from a retiring colleague",
        Showing(
            10,
            "Why do I keep comparing myself to my predecessor?",
            (
                "affect / presenter / 3 / feeling an impostor",
                "association / third_parties / 3 / the photo of the old doctor still in the waiting room",
                "thought / client / 2 / she is grieving him",
            ),
        ),
    ),
    CaseScript(
        "thursday",
        "A7",
        "The daughter's anger",
        "woman, 80, dying at home, and her daughter",
        "doctor_patient",
        "palliative care",
        "palliative home care team",
        Showing(
            11,
            "Why does the daughter's anger land on me?",
            (
                "affect / third_parties / 4 / anger",
                "affect / presenter / 3 / shame",
                "image / relationship / 3 / a lightning rod",
                "phantasy / third_parties / 3 / she cannot be angry at her mother",
            ),
            leader_notes="A7's first case: the group was careful, almost too careful with the newcomer.",
        ),
        (
            Showing(
                17,
                "What does the daughter need?",
                (
                    "affect / third_parties / 2 / softer",
                    "identification / presenter / 3 / my own mother's death",
                    "thought / relationship / 3 / she needs someone who stays",
                ),
                outcome="understanding_changed",
                what_changed="I sat with the daughter in the kitchen for half an hour; the anger turned into tears.",
            ),
        ),
        close_as="closed",
    ),
    CaseScript(
        "thursday",
        "A8",
        "The patient with the thick file",
        "woman, 45, many diagnoses",
        "therapist_client",
        "psychosomatics",
        "psychosomatic clinic",
        Showing(
            13,
            "Why do I feel I have to be the one who finally helps?",
            (
                "affect / presenter / 4 / ambition",
                "phantasy / client / 4 / a long line of disappointed helpers",
                "thought / institution / 3 / the file arrived before she did",
                "splitting / group / 3 / some admired her, some were fed up #mirroring",
            ),
        ),
        close_as="lost",
    ),
    CaseScript(
        "thursday",
        "A3",
        "The man who brings gifts",
        "man, 58, depression after retirement",
        "therapist_client",
        "psychotherapy",
        "outpatient practice",
        Showing(
            16,
            "What am I accepting when I accept his gifts?",
            (
                "affect / presenter / 3 / embarrassment",
                "thought / relationship / 3 / a debt he wants to settle",
                "impulse / presenter / 2 / refusing the honey jar",
                "humour / group / 2 / laughter about the honey",
            ),
        ),
        (
            Showing(
                22,
                "How do I speak about the gifts?",
                (
                    "affect / client / 3 / fear of being a burden",
                    "thought / relationship / 3 / giving so as not to need",
                ),
                outcome="action_taken",
                what_changed="We spoke about the gifts; he brought none the next time and talked about his father.",
            ),
        ),
    ),
    CaseScript(
        "thursday",
        "A4",
        "The night-shift admission",
        "woman, 23, self-harm",
        "doctor_patient",
        "psychiatry",
        "emergency admission, night shift",
        Showing(
            18,
            "Why did I become so strict?",
            (
                "affect / presenter / 4 / fear",
                "bodily / presenter / 4 / cold hands @A2",
                "impulse / institution / 3 / following the protocol to the letter",
                "affect / client / 4 / despair",
            ),
        ),
        (
            Showing(
                21,
                "Have I lost her?",
                (
                    "affect / presenter / 4 / guilt",
                    "absence / group / 4 / the group avoided the presenter's eyes #mirroring",
                    "thought / institution / 3 / the night shift is always alone",
                ),
                outcome="worsened",
                what_changed="She left the ward against advice; I don't know where she is.",
            ),
            Showing(
                26,
                "What can I offer when she comes back?",
                (
                    "affect / relationship / 3 / relief",
                    "thought / institution / 3 / a crisis plan with the outpatient team",
                    "image / client / 2 / a door left open",
                ),
                outcome="eased",
                what_changed="She came back to the outpatient clinic by herself and asked for me.",
            ),
        ),
    ),
    CaseScript(
        "thursday",
        "A6",
        "The father who records the consultations",
        "girl, 3, and her father",
        "doctor_patient",
        "paediatrics",
        "paediatric practice",
        Showing(
            20,
            "How do I stay open when I feel watched?",
            (
                "affect / presenter / 4 / feeling watched",
                "bodily / presenter / 3 / stiff neck",
                "phantasy / third_parties / 3 / a court case in the background",
                "association / group / 2 / patients who film us",
            ),
        ),
        (
            Showing(
                25,
                "What is he afraid of?",
                (
                    "thought / third_parties / 3 / he lost a child before",
                    "affect / relationship / 3 / compassion",
                ),
                outcome="eased",
                what_changed="I asked him about the recordings; he told me about his first daughter.",
            ),
        ),
    ),
    CaseScript(
        "thursday",
        "A2",
        "The patient who asks for my private number",
        "woman, 38, in remission",
        "doctor_patient",
        "oncology",
        "oncology outpatient clinic",
        Showing(
            23,
            "Where is my boundary, and whose fear is it?",
            (
                "affect / client / 4 / fear of relapse",
                "impulse / presenter / 3 / giving her the number",
                "thought / presenter / 3 / I want to be available",
                "phantasy / relationship / 2 / a lifeline",
            ),
        ),
    ),
    CaseScript(
        "thursday",
        "A5",
        "The parents who cannot agree",
        "girl, 9, and her separated parents",
        "therapist_client",
        "child and adolescent psychotherapy",
        "outpatient practice",
        Showing(
            27,
            "Why can't I reach the parents?",
            (
                "splitting / third_parties / 4 / mother good, father bad, then the other way round",
                "affect / presenter / 3 / exhaustion",
                "splitting / group / 3 / the group took sides #mirroring",
            ),
        ),
        (
            Showing(
                28,
                "Can I work with the girl without the parents' peace?",
                (
                    "thought / client / 3 / the girl keeps both parents alive inside",
                    "affect / relationship / 2 / protectiveness",
                ),
                outcome="unchanged",
                what_changed="Nothing new yet; the parents still come separately.",
            ),
        ),
    ),
    CaseScript(
        "mixed",
        "B1",
        "The silent boy",
        "boy, 9, in foster care",
        "social_worker_client",
        "child protection",
        "youth welfare office",
        Showing(
            0,
            "Why does he make me angry?",
            (
                "affect / client / 4 / anger at his silence",
                "absence / group / 4 / the group fell silent too #mirroring",
                "image / client / 3 / a closed shell",
                "thought / institution / 2 / too many changes of social worker",
            ),
        ),
        (
            Showing(
                4,
                "What does his silence protect?",
                (
                    "affect / relationship / 3 / patience",
                    "phantasy / client / 3 / words got him moved before",
                    "thought / institution / 3 / every report changed his placement",
                ),
                outcome="eased",
                what_changed="I stopped asking questions and drew with him; he drew his foster family.",
            ),
            Showing(
                12,
                "How do I write my report without betraying him?",
                (
                    "thought / institution / 4 / the report decides about him",
                    "identification / presenter / 3 / the one who has to tell",
                    "affect / relationship / 2 / trust",
                ),
                outcome="understanding_changed",
                what_changed="I read the report to him before sending it; he corrected one sentence.",
            ),
        ),
    ),
    CaseScript(
        "mixed",
        "B2",
        "The girl who runs away",
        "girl, 15, in residential care",
        "social_worker_client",
        "residential youth care",
        "residential group home, night staff shortage",
        Showing(
            1,
            "Why do I feel responsible for every night she is gone?",
            (
                "affect / presenter / 4 / worry",
                "bodily / presenter / 4 / sleeplessness",
                "phantasy / client / 3 / she tests who comes looking",
                "thought / relationship / 3 / she runs from closeness",
            ),
        ),
        (
            Showing(
                5,
                "What can the home promise her?",
                (
                    "affect / institution / 4 / anger at the staffing",
                    "splitting / institution / 4 / caring staff, careless management #mirroring",
                    "thought / institution / 3 / the rules change with every shift",
                    "impulse / leader / 3 / I wanted to phone the home myself @leader #mirroring",
                ),
                outcome="worsened",
                what_changed="She was gone for four days; the police brought her back.",
            ),
            Showing(
                13,
                "Can I stay when she pushes me away?",
                (
                    "affect / relationship / 3 / steadiness",
                    "image / client / 3 / a kite on a long string",
                ),
                outcome="eased",
                what_changed="She now calls when she is out; she came back on her own twice.",
            ),
        ),
    ),
    CaseScript(
        "mixed",
        "B3",
        "The pupil who laughs at me",
        "boy, 13, year 8",
        "teacher_pupil",
        "secondary school",
        "comprehensive school, large class",
        Showing(
            2,
            "What is the laughing about?",
            (
                "affect / presenter / 4 / humiliation",
                "humour / group / 3 / the group laughed at the story #mirroring",
                "association / presenter / 3 / my own school days",
                "thought / third_parties / 2 / the class needs him to laugh",
            ),
        ),
        (
            Showing(
                7,
                "How do I meet him alone?",
                (
                    "affect / client / 3 / his shame",
                    "thought / relationship / 3 / laughing before being laughed at",
                ),
                outcome="action_taken",
                what_changed="I asked him to help me set up the experiment; he stayed after class.",
            ),
        ),
    ),
    CaseScript(
        "mixed",
        "B4",
        "The mother who won't look at me",
        "mother, 34, in custody proceedings",
        "judge_party",
        "family law",
        "family court",
        Showing(
            3,
            "How neutral can I be when I feel sorry for her?",
            (
                "affect / client / 4 / pity",
                "thought / institution / 4 / the robe, the bench, the distance",
                "bodily / presenter / 3 / my voice got louder",
                "identification / presenter / 3 / a mother myself",
            ),
        ),
        (
            Showing(
                8,
                "What did the decision cost me?",
                (
                    "affect / presenter / 3 / heaviness",
                    "thought / institution / 4 / the law leaves little room",
                    "association / group / 2 / decisions we carry home",
                ),
                outcome="ended",
                what_changed="The proceedings are over; shared custody. She looked at me once, at the end.",
            ),
        ),
        close_as="closed",
    ),
    CaseScript(
        "mixed",
        "B5",
        "The parents who only speak through me",
        "separating parents, both in their forties",
        "mediator_parties",
        "family mediation",
        "independent mediation practice",
        Showing(
            4,
            "Why do I end up doing all the talking?",
            (
                "affect / presenter / 3 / exhaustion",
                "image / relationship / 4 / a telephone line between two rooms",
                "impulse / presenter / 3 / leaving them alone in the room",
                "bodily / group / 2 / the group talked across each other #mirroring",
            ),
        ),
        (
            Showing(
                9,
                "Can they speak to each other?",
                (
                    "affect / relationship / 3 / cautious hope",
                    "thought / client / 3 / the children are the bridge",
                ),
                outcome="eased",
                what_changed="I was silent for ten minutes; they spoke directly about the holidays.",
            ),
        ),
    ),
    CaseScript(
        "mixed",
        "B6",
        "The parishioner who comes every day",
        "widower, 76",
        "priest_parishioner",
        "pastoral care",
        "city parish",
        Showing(
            5,
            "What does he need from me that I cannot give?",
            (
                "affect / presenter / 3 / guilt at my impatience",
                "phantasy / client / 4 / he is looking for his wife",
                "thought / institution / 2 / the parish as a family",
            ),
        ),
        (
            Showing(
                10,
                "Can the community carry him with me?",
                (
                    "thought / institution / 3 / the visiting group",
                    "affect / relationship / 2 / relief",
                ),
                outcome="understanding_changed",
                what_changed="He joined the Tuesday lunch; he comes to me twice a week now.",
            ),
        ),
    ),
    CaseScript(
        "mixed",
        "B7",
        "The patient who refuses the care home",
        "woman, 84, after a fall",
        "social_worker_client",
        "hospital social work",
        "geriatric ward, discharge pressure",
        Showing(
            6,
            "Whose safety am I protecting?",
            (
                "affect / client / 4 / defiance",
                "thought / institution / 4 / the ward needs the bed",
                "identification / presenter / 3 / my grandmother",
                "splitting / third_parties / 3 / the son wants safety, she wants home",
            ),
        ),
        (
            Showing(
                11,
                "How much risk can I share with her?",
                (
                    "affect / relationship / 3 / respect",
                    "thought / third_parties / 3 / the son agreed to a trial",
                ),
                outcome="action_taken",
                what_changed="She went home with a care service and an emergency button.",
            ),
        ),
    ),
    CaseScript(
        "mixed",
        "B8",
        "The boy who cannot sit still",
        "boy, 10",
        "teacher_pupil",
        "special needs education",
        "special needs school",
        Showing(
            7,
            "Why do I feel ashamed in front of his mother?",
            (
                "affect / presenter / 4 / shame",
                "thought / third_parties / 3 / the mother expects a diagnosis",
                "impulse / presenter / 3 / justifying myself",
            ),
        ),
    ),
    CaseScript(
        "mixed",
        "B1",
        "The family that changes social workers",
        "family with four children",
        "social_worker_client",
        "family support",
        "youth welfare office",
        Showing(
            8,
            "Will I be the next one they get rid of?",
            (
                "affect / presenter / 3 / fear of failing",
                "thought / institution / 4 / six social workers in three years",
                "phantasy / client / 3 / a revolving door",
                "absence / group / 3 / two members were late back from the break #mirroring",
            ),
        ),
        close_as="lost",
    ),
    CaseScript(
        "mixed",
        "B5",
        "The father in the visitation dispute",
        "father, 45",
        "mediator_parties",
        "family mediation",
        "mediation on court referral",
        Showing(
            9,
            "Why do I want to rescue him?",
            (
                "affect / client / 4 / despair",
                "impulse / presenter / 4 / taking his side",
                "splitting / group / 3 / rescuers and sceptics in the group #mirroring",
                "identification / leader / 3 / my own father's absence @leader",
            ),
        ),
    ),
    CaseScript(
        "mixed",
        "B6",
        "The confirmation candidate",
        "girl, 14, and her parents",
        "priest_parishioner",
        "youth ministry",
        "city parish, confirmation class",
        Showing(
            11,
            "Am I her pastor or her parents' ally?",
            (
                "affect / client / 3 / rebellion",
                "thought / third_parties / 3 / the parents want her confirmed",
                "identification / presenter / 3 / my own doubts at fourteen",
            ),
        ),
        (
            Showing(
                14,
                "What does she believe?",
                (
                    "affect / relationship / 3 / curiosity",
                    "humour / group / 2 / jokes about our own confirmations",
                ),
                outcome="eased",
                what_changed="She decided to wait a year; the parents accepted it after a talk with the three of us.",
            ),
        ),
    ),
)
