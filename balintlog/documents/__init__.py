"""The documents a facilitator hands out and files after a block seminar:
the members' attendance certificates, the session protocol for the chamber
and the CME attendance list for the chamber's electronic points system
(EIV). A pure model (:mod:`.model`) and its renderers (:mod:`.pdf`,
:mod:`.text`); the numbers they carry are checked in :mod:`.numbers`."""
