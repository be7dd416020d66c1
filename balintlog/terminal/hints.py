"""What to do about an error, in the command line's words: the advice the
error boundary adds to a library error that names a ``hint``.

The library says what went wrong; only the command line knows its commands
and options, so the advice that names them is written here, one entry per
hint, keyed by the id the library raises with (``hint="session_open"``) and
filled in with the error's ``params``.
"""

from __future__ import annotations

from balintlog.errors import BalintlogError

#: hint id -> (how it joins the message, the advice).
HINTS: dict[str, tuple[str, str]] = {
    "agent_other_vault": ("; ", "run 'balintlog lock'"),
    "block_day_exists": (
        "; ",
        "continue it with 'balintlog session start' (without --block), see 'balintlog session list'",
    ),
    "case_edit": ("; ", "change that presentation with 'balintlog case edit'"),
    "case_group": ("; ", "leave out --group or name that"),
    "case_list": ("; ", "see 'balintlog case list'"),
    "cancel_open_session": (" ", "(end it with 'balintlog session end')"),
    "change_log": ("; ", "see 'balintlog log'"),
    "date_not_future": ("; ", "pass --date with today or an earlier day"),
    "draft_list": ("; ", "see 'balintlog draft list'"),
    "earlier_date": ("; ", "pass an earlier --date"),
    "follow_up": ("; ", "record a later one with 'balintlog case follow-up'"),
    "group_start": (": ", "pass a later --date or change the start with 'balintlog group edit {group} --start DATE'"),
    "member_dates": ("; ", "fix the dates with 'balintlog member edit'"),
    "member_left": ("; ", "change the date with 'balintlog member edit {group} {code} --left DATE'"),
    "name_group": ("; ", "pass --group to say which"),
    "name_session": ("; ", "pass --group or name one as GROUP:N"),
    "need_session": ("; ", "pass --session GROUP:N (see 'balintlog session list')"),
    "no_active_group": ("; ", "pass --group, or add one with 'balintlog group add HANDLE'"),
    "no_group": ("; ", "add one with 'balintlog group add HANDLE'"),
    "no_member": ("; ", "add one with 'balintlog member add {group} CODE'"),
    "no_vault": ("; ", "create one with 'balintlog init' (or pass --vault)"),
    "other_session": ("; ", "pick another with --session"),
    "recover": (" ", "(or 'balintlog recover' with your recovery code)"),
    "session_end_first": ("; ", "end it first with 'balintlog session end --group {group}'"),
    "session_list": ("; ", "see 'balintlog session list --group {group}'"),
    "session_open": ("; ", "end it with 'balintlog session end' or go on with 'balintlog session next'"),
    "session_start": ("; ", "start one with 'balintlog session start'"),
    "verify": (": ", "run 'balintlog verify'"),
    "vault_exists": ("; ", "use it, or choose another --vault"),
    "with_cases": ("; ", "pass --with-cases to delete them too"),
    "verify_restore": ("; ", "run 'balintlog verify' and restore a backup"),
    "backup_unverified": (": ", "run 'balintlog verify', and restore an earlier backup"),
    "keep": ("; ", "pass --keep 1 or more"),
    "member_identity": ("; ", "record it with 'balintlog member identity {group} {code}'"),
    "leader_profile": ("; ", "record it with 'balintlog leader profile'"),
    "accreditation_set": ("; ", "record it with 'balintlog accreditation set GROUP --block N …'"),
    "sync_folder": (
        " ",
        "Move it out (--vault or BALINTLOG_VAULT) and put backups there instead ('balintlog backup DIR')",
    ),
}


def hint_for(error: BalintlogError) -> str | None:
    """The advice for ``error``, or None when it names no hint (or one not known here)."""
    found = HINTS.get(error.hint or "")
    return None if found is None else found[1].format(**error.params)


def with_hint(error: BalintlogError) -> str:
    """The error's line as the command line prints it: its message and the advice."""
    found = HINTS.get(error.hint or "")
    return str(error) if found is None else f"{error}{found[0]}{found[1].format(**error.params)}"
