"""Das Skript der Demo auf Deutsch: eine fortlaufende Balintgruppe für
Ärztinnen, Ärzte und Psychotherapeut(inn)en und eine Blockveranstaltung für
psychosoziale Berufe, und das Jahr der Fälle, die sie bearbeiten. Alle
Personen sind erfunden; Mitglieder erscheinen mit Kürzel, Klient(inn)en mit
einer Beschreibung.

Die Resonanzen sind so geschrieben, wie eine Leitung sie auf Deutsch notiert
(``Affekt / Klient / 4 / …``); Beziehungen, Berufe und Ergebnisse stehen als
die Werte, die auch das englische Skript verwendet."""

from __future__ import annotations

from balintlog.demo.script import CaseScript, DocumentsScript, GroupScript, MemberScript, Showing
from balintlog.domain import Identity, LeaderProfile, SessionNotes

THURSDAY = GroupScript(
    handle="donnerstag",
    name="Balintgruppe Donnerstag: Ärztinnen, Ärzte und Psychotherapeut(inn)en",
    kind="continuous",
    institution="Bezirksärztekammer, Seminarraum 2",
    members=(
        MemberScript("A1", "physician", "Allgemeinmedizin, Landarztpraxis"),
        MemberScript("A2", "physician", "Onkologie, Universitätsklinikum"),
        MemberScript("A3", "psychotherapist", "ambulante Praxis, Erwachsene"),
        MemberScript("A4", "physician", "Psychiatrie, Akutstation"),
        MemberScript("A5", "psychotherapist", "Kinder- und Jugendlichenpsychotherapie"),
        MemberScript("A6", "physician", "Kinderarztpraxis"),
        MemberScript("A7", "physician", "SAPV-Team, Palliativmedizin", joins_at=11),
        MemberScript("A8", "psychotherapist", "psychosomatische Klinik", leaves_after=18),
    ),
    notes={
        1: SessionNotes(
            atmosphere="Schwer von Anfang an; zwei kamen direkt aus dem Dienst.",
            group_process="Die Gruppe überschlug sich mit Therapievorschlägen und verstummte dann lange.",
            countertransference="Ich wollte das Schweigen mit Theorie füllen.",
            supervision_questions="Wie lange lasse ich ein Schweigen stehen, bevor ich etwas sage?",
        ),
        4: SessionNotes(
            group_process="Trauer um den verstorbenen Patienten; die Gruppe sprach über eigene Verluste.",
            supervision_questions="Habe ich der Trauer genug Raum gelassen, oder bin ich zu früh zum Fall zurück?",
        ),
        8: SessionNotes(
            atmosphere="Gereizt, viele Nebengespräche.",
            countertransference="Ich habe mich gegen den Fallgeber auf die Seite der Station gestellt, "
            "ohne es gleich zu merken.",
            supervision_questions="Wo stehe ich, wenn die Institution als Dritte mit im Raum ist?",
        ),
        13: SessionNotes(
            group_process="A8 kündigte den Abschied aus der Gruppe an; niemand griff es auf.",
            supervision_questions="Wie bringe ich das Ausscheiden eines Mitglieds in die Gruppe, ohne einen "
            "Fall daraus zu machen?",
        ),
        21: SessionNotes(
            countertransference="Ich hatte Angst, der Fallgeber käme nicht wieder.",
            supervision_questions="War meine Sorge um A1 ein Spiegelphänomen des Falls oder meine eigene "
            "Sorge um die Gruppe?",
        ),
        28: SessionNotes(
            atmosphere="Jahresende; Dankbarkeit, etwas Wehmut.",
            group_process="Im Rückblick nannte die Gruppe die Fälle, die sie noch mit sich trägt.",
            supervision_questions="Welche Fälle habe ich zu leise losgelassen, und warum gerade diese?",
        ),
    },
)

MIXED = GroupScript(
    handle="block",
    name="Blockveranstaltung: Balintarbeit für psychosoziale und ärztliche Berufe",
    kind="block",
    institution="Tagungshaus des Bistums",
    members=(
        MemberScript("B1", "social_worker", "Jugendamt, Allgemeiner Sozialer Dienst"),
        MemberScript("B2", "social_pedagogue", "Wohngruppe der stationären Jugendhilfe"),
        MemberScript("B3", "teacher", "Gesamtschule"),
        MemberScript("B4", "judge", "Familiengericht"),
        MemberScript("B5", "mediator", "Familienmediation"),
        MemberScript("B6", "priest", "Stadtpfarrei"),
        MemberScript("B7", "social_worker", "Krankenhaussozialdienst"),
        MemberScript("B8", "teacher", "Förderschule", joins_at=4),
        MemberScript("B9", "physician", "Kinder- und Jugendgesundheitsdienst, Gesundheitsamt"),
        MemberScript("B10", "physician", "Kinder- und Jugendpsychiatrie, Institutsambulanz"),
    ),
    notes={
        3: SessionNotes(
            atmosphere="Erster Blocktag; höflich, vorsichtig, jede Berufsgruppe blieb unter sich.",
            group_process="Lehrkräfte und Sozialarbeit bildeten Lager um die Frage, wer zuständig ist.",
            supervision_questions="Wie helfe ich einer gemischten Gruppe zu einer gemeinsamen Sprache, ohne "
            "die Unterschiede einzuebnen?",
        ),
        6: SessionNotes(
            countertransference="Ich fühlte mich wie die Richterin im Raum, die abwägt, wer recht hat.",
            supervision_questions="Warum habe ich heute die Rolle der Schiedsrichterin übernommen?",
        ),
        9: SessionNotes(
            group_process="Die Gruppe spaltete sich in Retter und Skeptiker, wie die Familie im Fall.",
            supervision_questions="Benenne ich die Spaltung als Spiegelphänomen, oder lasse ich sie sich entfalten?",
        ),
        15: SessionNotes(
            atmosphere="Letzter Blocktag: müde und zugewandt.",
            group_process="Abschlussrunde; jede und jeder nannte, was sie oder er mitnimmt.",
            countertransference="Ich wollte nicht, dass es endet.",
            supervision_questions="Wie beende ich ein Gruppenjahr gut für die, die bleiben, und die, die gehen?",
        ),
    },
)

#: The documents of the Blockveranstaltung: every name, number and address
#: is invented ("Muster", "Beispiel", "Örnek", "Przykład" all mean "example");
#: the EFNs carry correct check digits, the physicians' only.
DOCUMENTS = DocumentsScript(
    leader=LeaderProfile(
        name="Henrike Musterleitner",
        title="Dr. med.",
        recognitions="Fachärztin für Psychosomatische Medizin und Psychotherapie; anerkannte "
        "Balintgruppenleiterin (DBG); von der Landesärztekammer Musterland anerkannte Leiterin von Balintgruppen",
        address="Musterstraße 12, 12345 Musterstadt",
        signature="Dr. med. Henrike Musterleitner, Leitung der Balintgruppe",
    ),
    identities={
        "B1": Identity("Käthe Musterfrau", address="Beispielweg 3, 12345 Musterstadt"),
        "B2": Identity("Şule Örnekçi"),
        "B3": Identity("Jörg Beispielmann"),
        "B4": Identity("Ulrike Mustermann-Größ", title="Dr. jur."),
        "B5": Identity("Małgorzata Przykładowska"),
        "B6": Identity("Björn Exempel", title="Pfarrer"),
        "B7": Identity("Günther Probehaus"),
        "B8": Identity("Anneliese Übungsfeld"),
        "B9": Identity("Lena Mustermann-Weiß", title="Dr. med.", efn="802760990047119"),
        "B10": Identity("Çağrı Beispieloğlu", title="Dr. med.", efn="802760990314154"),
    },
    topic="Balintgruppenarbeit: die Beziehung zu Klientinnen, Klienten und Familien",
    vnrs=("2760990000000000101", "2760990000000000102", "2760990000000000103", "2760990000000000104"),
    chamber="Landesärztekammer Musterland",
    points=10,
    place="Tagungshaus des Bistums, Musterstadt",
)

CASES: tuple[CaseScript, ...] = (
    CaseScript(
        "donnerstag",
        "A1",
        "Die Patientin, die nie klagt",
        "Frau, 54, chronische Rückenschmerzen",
        "doctor_patient",
        "Allgemeinmedizin",
        "Landarztpraxis, volles Wartezimmer",
        Showing(
            0,
            "Warum graut mir vor ihren Terminen?",
            (
                "Affekt / Klient / 4 / Wut darüber, abgewimmelt zu werden",
                "Körperempfindung / Fallgeber / 3 / Schwere in der Brust @A3",
                "Bild / Beziehung / 2 / eine verschlossene Tür #Spiegelphänomen",
                "Impuls / Klient / 3 / sie schütteln wollen",
                "Gedanke / Dritte / 2 / was sagt eigentlich ihr Mann dazu?",
            ),
            account="Sie kommt alle drei Wochen, lächelt, sagt, es gehe schon, und geht mit denselben "
            "Schmerzen wieder.",
            closing="Ich glaube, ich bin ihrer Geduld müde, nicht ihrer.",
            leader_notes="Die Gruppe fand sie sehr schnell „schwierig“; ich habe das zu lange laufen lassen.",
        ),
        (
            Showing(
                6,
                "Was verlangt ihre Geduld von mir?",
                (
                    "Identifikation / Fallgeber / 4 / dieses Lächeln kenne ich von meiner Mutter",
                    "Affekt / Beziehung / 3 / Traurigkeit",
                    "Phantasie / Klient / 2 / sie wartet darauf, dass endlich jemand fragt",
                ),
                outcome="understanding_changed",
                what_changed="Ich habe sie gefragt, was sie abends mit den Schmerzen macht; sie hat geweint.",
            ),
            Showing(
                15,
                "Darf sie bleiben, wie sie ist?",
                (
                    "Affekt / Beziehung / 2 / Ruhe",
                    "Bild / Beziehung / 2 / zwei Menschen auf einer Bank",
                    "Gedanke / Fallgeber / 2 / ich muss sie nicht heilen",
                ),
                outcome="eased",
                what_changed="Die Termine fühlen sich kürzer an; sie hat ein Foto von ihrem Garten mitgebracht.",
            ),
        ),
    ),
    CaseScript(
        "donnerstag",
        "A2",
        "Das letzte Gespräch",
        "Mann, 67, metastasiertes Kolonkarzinom",
        "doctor_patient",
        "Onkologie",
        "onkologische Station eines Universitätsklinikums",
        Showing(
            1,
            "Wie sage ich ihm, dass es nichts mehr zu versuchen gibt?",
            (
                "Affekt / Fallgeber / 5 / Hilflosigkeit",
                "Körperempfindung / Gruppe / 4 / die Gruppe hielt den Atem an #Spiegelphänomen",
                "Leerstelle / Gruppe / 4 / langes Schweigen nach dem Bericht #Spiegelphänomen",
                "Impuls / Klient / 3 / noch eine Studie anbieten",
                "Affekt / Klient / 4 / Angst vor seiner Enttäuschung",
                "Impuls / Leitung / 3 / ich wollte das Schweigen mit einer Frage beenden @Leitung",
            ),
            group_process="Alle boten Therapieoptionen an, dann sprach niemand mehr.",
            closing="Ich habe mit ihm über die Behandlung gesprochen, damit wir nicht über das Sterben sprechen.",
        ),
        (
            Showing(
                4,
                "Was hat mich sein Tod gelehrt?",
                (
                    "Affekt / Fallgeber / 4 / Trauer",
                    "Assoziation / Gruppe / 3 / unsere eigenen ersten Patienten, die gestorben sind",
                    "Gedanke / Institution / 3 / auf der Station ist kein Platz für Abschiede",
                ),
                outcome="ended",
                what_changed="Er starb zwei Wochen nach unserem Gespräch; seine Frau dankte mir für die Offenheit.",
            ),
        ),
        close_as="closed",
    ),
    CaseScript(
        "donnerstag",
        "A3",
        "Die Klientin, die absagt",
        "Frau, 29, Angststörung",
        "therapist_client",
        "Psychotherapie",
        "ambulante Praxis",
        Showing(
            2,
            "Warum bin ich erleichtert, wenn sie absagt?",
            (
                "Affekt / Fallgeber / 3 / Erleichterung und Schuld",
                "Phantasie / Klient / 3 / sie prüft, ob ich noch da bin",
                "Impuls / Fallgeber / 2 / die ausgefallene Stunde in Rechnung stellen",
                "Leerstelle / Gruppe / 2 / zwei kamen heute zu spät #Spiegelphänomen",
            ),
        ),
        (
            Showing(
                9,
                "Was geschieht, wenn ich bleibe?",
                (
                    "Affekt / Beziehung / 3 / Zärtlichkeit",
                    "Gedanke / Klient / 3 / sie rechnet damit, fallen gelassen zu werden",
                    "Identifikation / Fallgeber / 2 / immer diejenige sein, die wartet",
                ),
                outcome="eased",
                what_changed="Ich habe ihr gesagt, dass ich ihre Stunde freihalte; seither kommt sie jede Woche.",
            ),
        ),
    ),
    CaseScript(
        "donnerstag",
        "A4",
        "Entlassung am Freitag",
        "Mann, 41, erste psychotische Episode",
        "doctor_patient",
        "Psychiatrie",
        "psychiatrische Akutstation, hoher Belegungsdruck",
        Showing(
            3,
            "Wessen Tempo folge ich, seinem oder dem der Station?",
            (
                "Affekt / Klient / 4 / Angst vor draußen",
                "Körperempfindung / Fallgeber / 3 / Unruhe in den Beinen",
                "Gedanke / Institution / 4 / das Belegungsmanagement ruft jeden Morgen an",
                "Spaltung / Institution / 3 / guter Arzt, böse Station",
            ),
        ),
        (
            Showing(
                8,
                "Was kann ich auf der Station vertreten?",
                (
                    "Affekt / Institution / 4 / Wut auf die Verwaltung",
                    "Impuls / Fallgeber / 4 / allein gegen die Station kämpfen #Spiegelphänomen",
                    "Spaltung / Gruppe / 3 / die Gruppe ergriff Partei für und gegen die Station #Spiegelphänomen",
                    "Gedanke / Klient / 2 / er spürt den Druck",
                ),
                outcome="action_taken",
                what_changed="Ich habe eine Fallkonferenz einberufen; die Entlassung wurde um eine Woche verschoben.",
            ),
            Showing(
                19,
                "Wie lasse ich ihn gehen?",
                (
                    "Affekt / Klient / 2 / vorsichtige Hoffnung",
                    "Gedanke / Institution / 3 / die Tagesklinik als Brücke",
                    "Humor / Gruppe / 2 / Witze über Entlassbriefe",
                ),
                outcome="eased",
                what_changed="Er ist in die Tagesklinik gewechselt und schaut ab und zu auf der Station vorbei.",
            ),
        ),
    ),
    CaseScript(
        "donnerstag",
        "A6",
        "Die Mutter in der Kinderarztpraxis",
        "Junge, 6, wiederkehrende Bauchschmerzen, und seine Mutter",
        "doctor_patient",
        "Kinder- und Jugendmedizin",
        "Kinderarztpraxis",
        Showing(
            5,
            "Wer ist hier eigentlich mein Patient?",
            (
                "Affekt / Dritte / 4 / Ärger über die Mutter",
                "Identifikation / Klient / 3 / der Junge, der nicht krank sein darf",
                "Bild / Beziehung / 3 / ein Dreieck, dem eine Ecke fehlt",
                "Gedanke / Dritte / 2 / wo ist der Vater?",
            ),
        ),
        (
            Showing(
                12,
                "Kann ich mit dem Jungen allein sprechen?",
                (
                    "Affekt / Dritte / 3 / immer noch verärgert",
                    "Impuls / Fallgeber / 3 / die Mutter hinausschicken",
                    "Leerstelle / Klient / 2 / der Junge kam im Bericht kaum vor",
                ),
                outcome="unchanged",
                what_changed="Die Mutter bleibt im Raum; die Bauchschmerzen auch.",
            ),
        ),
    ),
    CaseScript(
        "donnerstag",
        "A5",
        "Der Jugendliche, der nur vom Zocken erzählt",
        "Junge, 15, Schulvermeidung",
        "therapist_client",
        "Kinder- und Jugendlichenpsychotherapie",
        "ambulante Praxis",
        Showing(
            7,
            "Langweile ich ihn, oder schützt er sich?",
            (
                "Affekt / Fallgeber / 3 / Langeweile",
                "Körperempfindung / Gruppe / 3 / Gähnen in der Gruppe #Spiegelphänomen",
                "Phantasie / Klient / 3 / ein Ritter hinter vielen Mauern",
                "Gedanke / Fallgeber / 2 / ich verstehe die Spiele nicht",
            ),
        ),
        (
            Showing(
                14,
                "Was steckt in den Spielen?",
                (
                    "Bild / Klient / 4 / ein einsamer Held",
                    "Affekt / Beziehung / 3 / Neugier",
                    "Identifikation / Fallgeber / 2 / mein eigener Sohn",
                ),
                outcome="eased",
                what_changed="Ich habe ihn gebeten, mir ein Spiel zu zeigen; zum ersten Mal sprach er vom Verlieren.",
            ),
            Showing(
                24,
                "Wann ist er bereit für die Schule?",
                (
                    "Humor / Gruppe / 3 / die Gruppe fing an, in „Levels“ zu sprechen #Spiegelphänomen",
                    "Gedanke / Institution / 3 / die Schule will einen Termin",
                    "Affekt / Klient / 2 / Scham",
                ),
                outcome="understanding_changed",
                what_changed="Er hat Angst vor den Pausen, nicht vor dem Unterricht.",
            ),
        ),
    ),
    CaseScript(
        "donnerstag",
        "A8",
        "Der Patient mit der dicken Akte",
        "Mann, 48, somatoforme Schmerzstörung, zwölf Voraufenthalte",
        "therapist_client",
        "Psychosomatik",
        "psychosomatische Klinik, Aufnahmestation",
        Showing(
            10,
            "Warum will ich ihn nicht aufnehmen, bevor ich ihn gesehen habe?",
            (
                "Affekt / Fallgeber / 4 / Widerwillen schon beim Lesen der Akte",
                "Gedanke / Institution / 3 / die Akte spricht lauter als der Patient",
                "Assoziation / Gruppe / 2 / der „Drehtürpatient“ aus der Assistenzzeit",
                "Spaltung / Dritte / 3 / die Vorbehandler sind entweder Helden oder Versager",
            ),
            leader_notes="A8 sprach ungewohnt distanziert; vielleicht schon der Abschied aus der Gruppe.",
        ),
        close_as="lost",
    ),
    CaseScript(
        "donnerstag",
        "A7",
        "Der Sohn, der alles will",
        "Frau, 82, fortgeschrittene Herzinsuffizienz, und ihr Sohn",
        "doctor_patient",
        "Palliativmedizin",
        "SAPV-Team, Hausbesuche",
        Showing(
            13,
            "Für wen behandle ich hier eigentlich?",
            (
                "Affekt / Dritte / 4 / Zorn auf den fordernden Sohn",
                "Körperempfindung / Fallgeber / 3 / Druck im Nacken",
                "Identifikation / Dritte / 3 / der Sohn, der seine Mutter nicht hergeben kann",
                "Affekt / Leitung / 2 / Sorge, dass die Neue sich übernimmt @Leitung",
            ),
            group_process="Die Gruppe nahm A7 sehr fürsorglich auf und sprach doch viel über den Sohn.",
        ),
        (
            Showing(
                17,
                "Was braucht die Mutter?",
                (
                    "Affekt / Klient / 3 / Müdigkeit",
                    "Bild / Beziehung / 3 / eine Kerze, die niemand ausblasen darf",
                    "Gedanke / Fallgeber / 2 / ich darf auch mit ihr allein sprechen",
                ),
                outcome="understanding_changed",
                what_changed="Die Mutter sagte mir allein, dass sie nicht mehr ins Krankenhaus will.",
            ),
            Showing(
                22,
                "Wie halte ich den Sohn aus?",
                (
                    "Affekt / Dritte / 2 / Mitgefühl",
                    "Leerstelle / Gruppe / 3 / niemand sprach den Tod aus #Spiegelphänomen",
                ),
                outcome="ended",
                what_changed="Sie ist zu Hause gestorben; der Sohn war dabei.",
            ),
        ),
        close_as="closed",
    ),
    CaseScript(
        "donnerstag",
        "A3",
        "Der Lehrer, der nichts mehr fühlt",
        "Mann, 52, Erschöpfungsdepression, seit einem halben Jahr krankgeschrieben",
        "therapist_client",
        "Psychotherapie",
        "ambulante Praxis, Kostenübernahme noch offen",
        Showing(
            11,
            "Warum werde ich in seinen Stunden so müde?",
            (
                "Körperempfindung / Gruppe / 3 / bleierne Müdigkeit im Raum #Spiegelphänomen",
                "Leerstelle / Gruppe / 3 / niemand mochte nachfragen #Spiegelphänomen",
                "Gedanke / Institution / 2 / die Krankenkasse drängt auf die Wiedereingliederung",
                "Affekt / Klient / 2 / eine kaum hörbare Wut",
            ),
            leader_notes="Die Müdigkeit der Gruppe war mit Händen zu greifen; ich habe sie nicht angesprochen.",
        ),
    ),
    CaseScript(
        "donnerstag",
        "A1",
        "Der Landwirt, der nicht ins Krankenhaus will",
        "Mann, 71, Herzrhythmusstörungen, lebt allein auf dem Hof",
        "doctor_patient",
        "Allgemeinmedizin",
        "Landarztpraxis, Hausbesuch",
        Showing(
            23,
            "Wie viel Verantwortung lasse ich ihm?",
            (
                "Affekt / Fallgeber / 4 / Angst, ihn tot aufzufinden",
                "Phantasie / Klient / 3 / er will auf dem Hof sterben, nicht im Bett",
                "Gedanke / Dritte / 3 / die Tochter in der Stadt ruft täglich an",
                "Humor / Gruppe / 2 / Anekdoten über sture Bauern",
            ),
        ),
        (
            Showing(
                26,
                "Was habe ich mit ihm vereinbart?",
                (
                    "Affekt / Beziehung / 3 / gegenseitiger Respekt",
                    "Gedanke / Institution / 2 / der Hausnotruf als Kompromiss",
                ),
                outcome="action_taken",
                what_changed="Er trägt jetzt einen Hausnotrufknopf, und ich komme alle zwei Wochen vorbei.",
            ),
        ),
    ),
    CaseScript(
        "block",
        "B1",
        "Die Inobhutnahme",
        "Mädchen, 4, und ihre Mutter",
        "social_worker_client",
        "Kinder- und Jugendhilfe",
        "Jugendamt, Allgemeiner Sozialer Dienst",
        Showing(
            0,
            "Habe ich zu früh oder zu spät gehandelt?",
            (
                "Affekt / Fallgeber / 5 / Schuld",
                "Bild / Klient / 4 / das Kind mit dem Rucksack im Flur",
                "Spaltung / Gruppe / 4 / Retter gegen Skeptiker #Spiegelphänomen",
                "Gedanke / Institution / 3 / die Fallzahlen im ASD",
                "Affekt / Dritte / 3 / Wut der Mutter",
            ),
            group_process="Die Gruppe teilte sich sofort in die, die das Kind retten, und die, die die "
            "Mutter verteidigen.",
            closing="Ich merke, dass ich seit Wochen beides gleichzeitig sein will.",
            leader_notes="Die Spaltung der Gruppe bildete die Familie ab; ich habe sie erst am Ende benannt.",
        ),
        (
            Showing(
                5,
                "Wie geht es mit der Rückführung weiter?",
                (
                    "Affekt / Klient / 3 / Sehnsucht nach der Mutter",
                    "Gedanke / Institution / 3 / das Familiengericht entscheidet im Frühjahr",
                ),
                outcome="action_taken",
                what_changed="Wir haben begleitete Umgänge eingerichtet; die Mutter kommt pünktlich.",
            ),
            Showing(
                9,
                "Darf ich mich freuen?",
                (
                    "Affekt / Fallgeber / 3 / vorsichtige Freude",
                    "Spaltung / Gruppe / 3 / wieder zwei Lager, diesmal leiser #Spiegelphänomen",
                ),
                outcome="eased",
                what_changed="Das Mädchen lebt wieder bei der Mutter, mit Familienhilfe zweimal pro Woche.",
            ),
        ),
    ),
    CaseScript(
        "block",
        "B3",
        "Der Schüler, der nicht mehr spricht",
        "Schüler, 13, schweigt seit dem Sommer im Unterricht",
        "teacher_pupil",
        "Schule",
        "Gesamtschule, Klasse 7",
        Showing(
            1,
            "Was will sein Schweigen mir sagen?",
            (
                "Leerstelle / Klient / 4 / er war im Bericht wie abwesend",
                "Affekt / Fallgeber / 3 / Kränkung",
                "Leerstelle / Gruppe / 3 / lange Pause vor der ersten Frage #Spiegelphänomen",
                "Assoziation / Gruppe / 2 / das stille Kind in der eigenen Klasse früher",
            ),
        ),
        (
            Showing(
                6,
                "Wer spricht für ihn?",
                (
                    "Gedanke / Dritte / 3 / der Vater ist seit dem Sommer ausgezogen",
                    "Affekt / Beziehung / 3 / Zuneigung",
                ),
                outcome="understanding_changed",
                what_changed="Er schreibt mir jetzt kurze Zettel; auf einem stand: „Zu Hause ist es laut.“",
            ),
        ),
    ),
    CaseScript(
        "block",
        "B4",
        "Das Umgangsverfahren",
        "Eltern im hochstrittigen Umgangsverfahren, Kinder 7 und 10",
        "judge_party",
        "Familiengericht",
        "Amtsgericht, Abteilung für Familiensachen",
        Showing(
            2,
            "Warum fühle ich mich nach jeder Anhörung schmutzig?",
            (
                "Körperempfindung / Fallgeber / 4 / Übelkeit nach der Sitzung",
                "Affekt / Dritte / 4 / Empörung über den Vater",
                "Spaltung / Beziehung / 4 / jede Seite will mich für sich #Spiegelphänomen",
                "Gedanke / Institution / 3 / das Verfahren belohnt den Lauteren",
                "Phantasie / Klient / 2 / die Kinder sitzen im Flur und hören alles",
            ),
        ),
        (
            Showing(
                10,
                "Was bleibt mir außer einem Beschluss?",
                (
                    "Affekt / Fallgeber / 3 / Ohnmacht",
                    "Gedanke / Klient / 3 / die Kinder brauchen eine Pause vom Gericht",
                ),
                outcome="unchanged",
                what_changed="Der Streit geht weiter; ich habe einen Verfahrensbeistand für die Kinder bestellt.",
            ),
        ),
    ),
    CaseScript(
        "block",
        "B2",
        "Nachtdienst in der Wohngruppe",
        "Jugendliche, 16, verletzt sich selbst",
        "social_worker_client",
        "stationäre Jugendhilfe",
        "Wohngruppe eines freien Trägers",
        Showing(
            4,
            "Warum ruft sie immer nachts nach mir?",
            (
                "Affekt / Klient / 5 / Verzweiflung",
                "Körperempfindung / Fallgeber / 4 / Herzklopfen, wenn das Diensthandy klingelt",
                "Impuls / Fallgeber / 3 / den Nachtdienst tauschen",
                "Gedanke / Institution / 4 / nachts ist nur eine Fachkraft für neun Jugendliche da",
            ),
        ),
        (
            Showing(
                8,
                "Was halte ich noch aus?",
                (
                    "Affekt / Fallgeber / 4 / Erschöpfung",
                    "Affekt / Gruppe / 3 / die Gruppe wurde sehr still und müde #Spiegelphänomen",
                ),
                outcome="worsened",
                what_changed="Sie musste nach einem Schnitt in die Kinder- und Jugendpsychiatrie.",
            ),
            Showing(
                13,
                "Kann ich sie wieder aufnehmen?",
                (
                    "Affekt / Beziehung / 3 / Erleichterung",
                    "Gedanke / Institution / 3 / das Team hat einen Krisenplan für die Nächte",
                ),
                outcome="eased",
                what_changed="Sie ist zurück in der Wohngruppe; nachts ruft sie seltener an.",
            ),
        ),
    ),
    CaseScript(
        "block",
        "B6",
        "Die Trauerfeier, die niemand wollte",
        "Witwer, 74, und seine erwachsenen Kinder",
        "priest_parishioner",
        "Seelsorge",
        "katholische Stadtpfarrei",
        Showing(
            7,
            "Wem bin ich bei dieser Beerdigung verpflichtet?",
            (
                "Affekt / Fallgeber / 3 / Ratlosigkeit",
                "Gedanke / Dritte / 3 / die Kinder wollen eine Feier ohne Kirche",
                "Bild / Klient / 3 / ein Mann allein in der ersten Bank",
                "Humor / Gruppe / 2 / Witze über Pfarrer, die es allen recht machen",
            ),
        ),
        (
            Showing(
                11,
                "Was habe ich ihm gegeben?",
                (
                    "Affekt / Klient / 3 / Dankbarkeit",
                    "Assoziation / Fallgeber / 2 / die Beerdigung meines Vaters",
                ),
                outcome="ended",
                what_changed="Die Feier war klein und ehrlich; der Witwer ist zu seiner Tochter gezogen.",
            ),
        ),
        close_as="closed",
    ),
    CaseScript(
        "block",
        "B5",
        "Die Mediation, die keine ist",
        "Ehepaar in Trennung, beide um die 40",
        "mediator_parties",
        "Familienmediation",
        "freie Praxis",
        Showing(
            12,
            "Warum arbeite ich härter als die beiden?",
            (
                "Affekt / Fallgeber / 4 / Ärger",
                "Impuls / Fallgeber / 3 / die Mediation abbrechen",
                "Gedanke / Beziehung / 3 / sie streiten, um nicht zu trauern",
            ),
        ),
    ),
    CaseScript(
        "block",
        "B8",
        "Die Förderschülerin und die Inklusion",
        "Schülerin, 11, Förderbedarf Lernen, soll an die Regelschule wechseln",
        "teacher_pupil",
        "Schule",
        "Förderschule",
        Showing(
            9,
            "Wen schütze ich, wenn ich gegen den Wechsel bin?",
            (
                "Affekt / Fallgeber / 3 / Sorge",
                "Identifikation / Klient / 3 / das Kind, das überall die Kleinste ist",
                "Gedanke / Institution / 4 / das Schulamt hat schon entschieden",
                "Affekt / Leitung / 2 / ich merkte Ungeduld mit der Fallgeberin @Leitung",
            ),
        ),
        (
            Showing(
                14,
                "Was kann ich für den Übergang tun?",
                (
                    "Gedanke / Fallgeber / 3 / ich darf die neue Schule besuchen",
                    "Affekt / Klient / 2 / Vorfreude und Angst",
                ),
                outcome="action_taken",
                what_changed="Ich habe einen Übergangsplan mit der neuen Klassenlehrerin verabredet.",
            ),
        ),
    ),
)
