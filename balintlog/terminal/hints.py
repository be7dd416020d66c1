"""What to do about an error, in the command line's words: the advice the
error boundary adds to a library error that names a ``hint``.

The library says what went wrong; only the command line knows its commands
and options, so the advice that names them is written here, one entry per
hint, keyed by the id the library raises with (``hint="session_open"``) and
filled in with the error's ``params``.
"""

from __future__ import annotations

from balintlog.errors import BalintlogError
from balintlog.i18n import N_, _

#: hint id -> (how it joins the message, the advice).
HINTS: dict[str, tuple[str, str]] = {
    "agent_other_vault": ("; ", N_("run 'balintlog lock'")),
    "block_day_exists": (
        "; ",
        N_("continue it with 'balintlog session start' (without --block), see 'balintlog session list'"),
    ),
    "case_edit": ("; ", N_("change that presentation with 'balintlog case edit'")),
    "case_group": ("; ", N_("leave out --group or name that")),
    "case_list": ("; ", N_("see 'balintlog case list'")),
    "cancel_open_session": (" ", N_("(end it with 'balintlog session end')")),
    "change_log": ("; ", N_("see 'balintlog log'")),
    "date_not_future": ("; ", N_("pass --date with today or an earlier day")),
    "draft_list": ("; ", N_("see 'balintlog draft list'")),
    "earlier_date": ("; ", N_("pass an earlier --date")),
    "follow_up": ("; ", N_("record a later one with 'balintlog case follow-up'")),
    "group_start": (
        ": ",
        N_("pass a later --date or change the start with 'balintlog group edit {group} --start DATE'"),
    ),
    "member_dates": ("; ", N_("fix the dates with 'balintlog member edit'")),
    "member_left": ("; ", N_("change the date with 'balintlog member edit {group} {code} --left DATE'")),
    "name_group": ("; ", N_("pass --group to say which")),
    "name_session": ("; ", N_("pass --group or name one as GROUP:N")),
    "need_session": ("; ", N_("pass --session GROUP:N (see 'balintlog session list')")),
    "no_active_group": ("; ", N_("pass --group, or add one with 'balintlog group add HANDLE'")),
    "no_group": ("; ", N_("add one with 'balintlog group add HANDLE'")),
    "no_member": ("; ", N_("add one with 'balintlog member add {group} CODE'")),
    "no_vault": ("; ", N_("create one with 'balintlog init' (or pass --vault)")),
    "other_session": ("; ", N_("pick another with --session")),
    "recover": (" ", N_("(or 'balintlog recover' with your recovery code)")),
    "session_end_first": ("; ", N_("end it first with 'balintlog session end --group {group}'")),
    "session_list": ("; ", N_("see 'balintlog session list --group {group}'")),
    "session_open": ("; ", N_("end it with 'balintlog session end' or go on with 'balintlog session next'")),
    "session_start": ("; ", N_("start one with 'balintlog session start'")),
    "verify": (": ", N_("run 'balintlog verify'")),
    "vault_exists": ("; ", N_("use it, or choose another --vault")),
    "with_cases": ("; ", N_("pass --with-cases to delete them too")),
    "verify_restore": ("; ", N_("run 'balintlog verify' and restore a backup")),
    "backup_unverified": (": ", N_("run 'balintlog verify', and restore an earlier backup")),
    "keep": ("; ", N_("pass --keep 1 or more")),
    "logbook_list": ("; ", N_("see 'balintlog logbook list'")),
    "member_identity": ("; ", N_("record it with 'balintlog member identity {group} {code}'")),
    "leader_profile": ("; ", N_("record it with 'balintlog leader profile'")),
    "accreditation_set": ("; ", N_("record it with 'balintlog accreditation set GROUP --block N …'")),
    "sync_folder": (
        " ",
        N_("Move it out (--vault or BALINTLOG_VAULT) and put backups there instead ('balintlog backup DIR')"),
    ),
}


def hint_for(error: BalintlogError) -> str | None:
    """The advice for ``error``, or None when it names no hint (or one not known here)."""
    found = HINTS.get(error.hint or "")
    return None if found is None else _(found[1]).format(**error.params)


def with_hint(error: BalintlogError) -> str:
    """The error's line as the command line prints it: its message and the advice."""
    found = HINTS.get(error.hint or "")
    return str(error) if found is None else f"{error}{found[0]}{_(found[1]).format(**error.params)}"
