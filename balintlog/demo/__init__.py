"""The demo vault: a year of two Balint groups, built through the library API.

:func:`build_demo` creates a vault under :data:`DEMO_PASSPHRASE` and fills
it, with every date relative to ``today`` so that the year report is always
full, and deterministic for a given ``today`` (the ids differ, nothing a
report shows does):

* ``thursday``, a continuous group of physicians and psychotherapists that
  meets fortnightly (29 sessions, the first three before the report's year);
* ``mixed``, a block seminar of social workers, social pedagogues, teachers,
  a family judge, a mediator and a priest: four block days of 4 × 90 min;
* 25 cases across kinds of relationship and institution, follow-ups with
  different outcomes, resonances of every kind and level, mirroring,
  attendance gaps, members joining and leaving, session notes with questions
  for supervision.

Everyone in it is invented; members appear by code, clients by descriptor.

With German chosen the groups are ``donnerstag`` (a Balintgruppe for
physicians and psychotherapists) and ``block`` (a Blockveranstaltung for
psychosocial professions and two physicians), with 17 cases of their own,
written as a German facilitator writes them.

In either language the block seminar's documents can be made right away: the
leader's profile, the members' (invented) identities — EFNs for the
physicians only — and the accreditation of each block day are recorded.

The builder is :mod:`balintlog.demo.builder`; what happens in the year is
data, the shapes of :mod:`balintlog.demo.script`, written in one module per
language (:mod:`balintlog.demo.script_en`, :mod:`balintlog.demo.script_de`);
the builder picks the one of the language in use.
"""

from balintlog.demo.builder import DEMO_PASSPHRASE, build_demo, session_days

__all__ = ["DEMO_PASSPHRASE", "build_demo", "session_days"]
