"""The editor: which command runs, the private temp file, and (through the
CLI, with a scripted fake editor) the loop: errors at the top, drafts on
giving up, resuming, crash recovery, nothing left behind."""

from __future__ import annotations

import json
import os
import pty
import shlex
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Cli, vault_files

from balintlog.domain import DraftKind
from balintlog.terminal import editor

FAKE_EDITOR = Path(__file__).with_name("fake_editor.py")


# -- which editor, with which options ----------------------------------------------


def test_visual_wins_and_is_split_like_a_shell() -> None:
    env = {"VISUAL": "'/opt/My Editor/bin/edit' --wait", "EDITOR": "nano"}
    assert editor.editor_command(env) == ["/opt/My Editor/bin/edit", "--wait"]


def test_editor_is_used_when_visual_is_unset() -> None:
    assert editor.editor_command({"EDITOR": "code --wait"}) == ["code", "--wait"]


def test_without_visual_or_editor_nano_else_vi(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editor.shutil, "which", lambda name: "/usr/bin/nano" if name == "nano" else None)
    assert editor.editor_command({}) == ["nano", "-R"]
    monkeypatch.setattr(editor.shutil, "which", lambda name: None)
    assert editor.editor_command({})[0] == "vi"


def test_vim_and_neovim_write_no_swap_backup_undo_or_viminfo() -> None:
    for name in ("vim", "nvim", "/usr/local/bin/vim"):
        argv = editor.editor_command({"VISUAL": f"{name} +1"})
        assert argv[0] == name and argv[-1] == "+1"
        joined = " ".join(argv)
        assert "-n" in argv and "-i NONE" in joined
        for option in ("nobackup", "nowritebackup", "noundofile", "noswapfile"):
            assert option in joined


def test_nano_runs_restricted_without_backup_or_history_files() -> None:
    assert editor.editor_command({"EDITOR": "nano +3"}) == ["nano", "-R", "+3"]
    assert editor.editor_command({"EDITOR": "/usr/bin/nano --restricted"}) == ["/usr/bin/nano", "--restricted"]


def test_gui_vim_is_made_to_wait() -> None:
    assert "-f" in editor.editor_command({"VISUAL": "gvim"})


def test_other_editors_run_as_configured() -> None:
    assert editor.editor_command({"VISUAL": "emacs -nw"}) == ["emacs", "-nw"]


def test_unbalanced_quotes_in_visual_are_a_clear_error() -> None:
    with pytest.raises(editor.UsageError, match="VISUAL"):
        editor.editor_command({"VISUAL": "'unclosed"})


# -- the private file ---------------------------------------------------------------


def test_edit_file_is_private_and_removed_even_on_interrupt(tmp_path: Path) -> None:
    base = tmp_path / "run"
    base.mkdir(mode=0o700)
    with pytest.raises(KeyboardInterrupt), editor.EditFile("vault", DraftKind.CASE, {}, base) as edit:
        edit.write("Title: secret\n", unsaved=True)
        assert stat.S_IMODE(edit.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(edit.directory.stat().st_mode) == 0o700
        (edit.directory / ".case.md.swp").write_text("editor debris")
        raise KeyboardInterrupt
    assert list(base.iterdir()) == []


def test_runtime_dir_is_under_xdg_runtime_dir(isolated_home: Path) -> None:
    from balintlog.paths import runtime_dir

    assert runtime_dir() == isolated_home / "run" / "balintlog"


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="no /dev/shm")
def test_filesystem_type_knows_tmpfs() -> None:
    assert editor.filesystem_type(Path("/dev/shm")) == "tmpfs"


def test_read_source_keeps_every_line_and_unifies_line_ends(tmp_path: Path) -> None:
    source = tmp_path / "note.md"
    source.write_bytes("\ufeffTitle: x\r\n\r\n## Presentation\r\n# not a comment\r\n".encode())
    assert editor.read_source(str(source)) == "Title: x\n\n## Presentation\n# not a comment\n"
    with pytest.raises(editor.UsageError, match="no file"):
        editor.read_source(str(tmp_path / "missing.md"))


# -- helpers for the loop tests -------------------------------------------------------


def fake_editor(tmp_path: Path, *steps: dict[str, object]) -> tuple[str, Path]:
    """A $VISUAL value running the scripted editor, and its plan directory."""
    plan = tmp_path / "plan"
    plan.mkdir(exist_ok=True)
    for old in plan.glob("*-*.*"):
        old.unlink()
    (plan / "plan.json").write_text(json.dumps(list(steps)), encoding="utf-8")
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(FAKE_EDITOR))} {shlex.quote(str(plan))}", plan


def seen(plan: Path, n: int) -> str:
    return (plan / f"seen-{n}.txt").read_text(encoding="utf-8")


# -- the loop, through the CLI ---------------------------------------------------------

BROKEN = """\
Title: The teacher who stays late
Presenter: M2
Relationship: teacher_pupl
Question: Why can I not go home?

## Presentation
MARKER-LATE-7781 every evening she stays.

## Resonances
- guilt / presenter / 3 / heavy feet
"""


@pytest.fixture
def editing(cli: Cli) -> Cli:
    """A vault with group nord (M1, M2), an open session and a terminal."""
    cli.ok("group", "add", "nord", "--start", "2026-01-01")
    cli.ok("member", "add", "nord", "M1", "--profession", "teacher")
    cli.ok("member", "add", "nord", "M2", "--profession", "teacher")
    cli.ok("session", "start", "--present", "M1")
    cli.interactive = True
    return cli


def edit_dirs(home: Path) -> list[Path]:
    return sorted((home / "run" / "balintlog").glob("edit-*"))


def test_a_broken_template_reopens_with_its_errors_at_the_top(
    editing: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    visual, plan = fake_editor(
        tmp_path,
        {"action": "write", "text": BROKEN},
        {"action": "replace", "old": "teacher_pupl", "new": "teacher_pupil"},
        {"action": "replace", "old": "- guilt /", "new": "- affect /"},
    )
    result = editing.ok("case", "add", env={"VISUAL": visual}, input="y\ny\n")
    assert "Added case #1" in result.stdout
    second, third = seen(plan, 1), seen(plan, 2)
    assert second.startswith("# ERRORS")
    assert "unknown relationship 'teacher_pupl'" in second
    assert "did you mean 'teacher_pupil'" in second
    assert "unknown kind 'guilt'" in second
    numbered = [line for line in second.split("\n") if line.startswith("# line ")]
    for problem in numbered:  # every number points at the line it talks about
        number = int(problem.split()[2].rstrip(":"))
        quoted = "teacher_pupl" if "relationship" in problem else "guilt"
        assert quoted in second.split("\n")[number - 1]
    assert "teacher_pupl" not in third and "unknown kind 'guilt'" in third
    assert (plan / "mode-0.txt").read_text() == "0o600"
    shown = json.loads(editing.ok("case", "show", "1", "--json").stdout)
    assert shown["relationship"] == "teacher_pupil"
    assert shown["presentations"][0]["account"] == "MARKER-LATE-7781 every evening she stays."
    assert edit_dirs(isolated_home) == []


def test_giving_up_keeps_an_encrypted_draft_that_the_next_case_add_resumes(
    editing: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    visual, plan = fake_editor(tmp_path, {"action": "write", "text": BROKEN}, {"action": "empty"})
    gave_up = editing("case", "add", env={"VISUAL": visual}, input="y\n")
    assert gave_up.exit_code == 1
    assert "draft" in gave_up.stderr and "--resume-draft" in gave_up.stderr
    assert edit_dirs(isolated_home) == []
    for path in vault_files(editing.vault):
        assert b"MARKER-LATE-7781" not in path.read_bytes()
    drafts = json.loads(editing.ok("draft", "list", "--json").stdout)["drafts"]
    assert [(d["kind"], d["for"]) for d in drafts] == [("case", "new case in nord:1")]
    assert editing.ok("draft", "show", drafts[0]["id"]).stdout == BROKEN

    editing.interactive = False
    waiting = editing("case", "add")
    assert waiting.exit_code == 2
    assert f"--resume-draft {drafts[0]['id']}" in waiting.stderr and "draft list" in waiting.stderr
    editing.interactive = True

    visual, plan = fake_editor(
        tmp_path,
        {"action": "replace", "old": "- guilt /", "new": "- affect /"},
        {"action": "replace", "old": "teacher_pupl", "new": "teacher_pupil"},
    )
    resumed = editing.ok("case", "add", env={"VISUAL": visual}, input="y\ny\n")
    assert "Resume it?" in resumed.stderr and "Added case #1" in resumed.stdout
    first_open = seen(plan, 0)
    assert first_open.startswith("# ERRORS") and "MARKER-LATE-7781" in first_open
    assert json.loads(editing.ok("draft", "list", "--json").stdout)["drafts"] == []
    account = json.loads(editing.ok("case", "show", "1", "--json").stdout)["presentations"][0]["account"]
    assert account == "MARKER-LATE-7781 every evening she stays."


def test_answering_no_to_reopen_keeps_a_draft_too(editing: Cli, tmp_path: Path) -> None:
    visual, _plan = fake_editor(tmp_path, {"action": "write", "text": BROKEN})
    result = editing("case", "add", env={"VISUAL": visual}, input="n\n")
    assert result.exit_code == 1
    assert "line 3: unknown relationship" in result.stderr
    (draft,) = json.loads(editing.ok("draft", "list", "--json").stdout)["drafts"]
    assert "balintlog case add --resume-draft" in draft["resume"]
    assert editing.ok("draft", "discard", draft["id"], input="y\n")
    assert json.loads(editing.ok("draft", "list", "--json").stdout)["drafts"] == []


@pytest.mark.parametrize("answer", ["", "\x04"], ids=["end of input", "ctrl-d"])
def test_no_answer_to_reopen_keeps_a_draft(editing: Cli, tmp_path: Path, answer: str) -> None:
    visual, _plan = fake_editor(tmp_path, {"action": "write", "text": BROKEN})
    result = editing("case", "add", env={"VISUAL": visual}, input=answer)
    assert result.exit_code == 1
    assert "line 3: unknown relationship" in result.stderr and "Traceback" not in result.stderr
    (draft,) = json.loads(editing.ok("draft", "list", "--json").stdout)["drafts"]
    assert "balintlog case add --resume-draft" in draft["resume"]


def test_an_untouched_template_given_up_leaves_no_draft(editing: Cli, tmp_path: Path) -> None:
    visual, _plan = fake_editor(tmp_path, {"action": "empty"})
    result = editing("case", "add", env={"VISUAL": visual})
    assert result.exit_code == 1 and "nothing was saved" in result.stderr
    assert json.loads(editing.ok("draft", "list", "--json").stdout)["drafts"] == []


def test_a_template_saved_unchanged_cancels_without_asking(editing: Cli, tmp_path: Path) -> None:
    # Only trailing spaces differ: the user saved what they were shown (or quit without saving).
    visual, _plan = fake_editor(tmp_path, {"action": "replace", "old": "Title:", "new": "Title:  "})
    result = editing("case", "add", env={"VISUAL": visual})
    assert result.exit_code == 1
    assert "left unchanged; nothing was saved" in result.stderr
    assert "Re-open" not in result.stderr and "Title is empty" not in result.stderr
    assert json.loads(editing.ok("draft", "list", "--json").stdout)["drafts"] == []


def test_a_prefilled_edit_saved_unchanged_changes_nothing(editing: Cli, tmp_path: Path) -> None:
    editing.ok("case", "add", "--from", "-", input="Title: T\nPresenter: M1\n\n## Presentation\nText.\n")
    visual, _plan = fake_editor(tmp_path, {"action": "replace", "old": "Text.", "new": "Text.   "})
    result = editing("case", "edit", "1", env={"VISUAL": visual})
    assert result.exit_code == 1 and "nothing was saved" in result.stderr


def test_a_duplicate_case_in_the_editor_is_asked_about(editing: Cli, tmp_path: Path) -> None:
    case = "Title: Twice\nPresenter: M1\n"
    editing.ok("case", "add", "--from", "-", input=case)
    visual, _plan = fake_editor(tmp_path, {"action": "write", "text": case})
    declined = editing("case", "add", env={"VISUAL": visual}, input="n\n")
    assert declined.exit_code == 5 and "Add another case all the same?" in declined.stderr
    assert "nothing was added" in declined.stderr
    visual, _plan = fake_editor(tmp_path, {"action": "write", "text": case})
    accepted = editing.ok("case", "add", env={"VISUAL": visual}, input="n\ny\n")
    assert "Added case #2" in accepted.stdout


def test_an_editor_that_returns_at_once_is_explained(editing: Cli, isolated_home: Path) -> None:
    result = editing("case", "add", env={"VISUAL": "true"})
    assert result.exit_code == 2
    assert "returned immediately" in result.stderr and "--wait" in result.stderr
    assert edit_dirs(isolated_home) == []


def test_an_editor_that_fails_keeps_what_was_typed(editing: Cli, tmp_path: Path) -> None:
    visual, _plan = fake_editor(tmp_path, {"action": "write", "text": BROKEN, "exit": 1})
    result = editing("case", "add", env={"VISUAL": visual})
    assert result.exit_code == 1 and "status 1" in result.stderr
    (draft,) = json.loads(editing.ok("draft", "list", "--json").stdout)["drafts"]
    assert editing.ok("draft", "show", draft["id"]).stdout == BROKEN


def test_session_notes_through_the_editor_come_prefilled_next_time(editing: Cli, tmp_path: Path) -> None:
    notes = "## Atmosphere\nHeavy.\n\n## My countertransference\n[bold]sleepy[/bold]\n"
    visual, plan = fake_editor(tmp_path, {"action": "write", "text": notes})
    editing.ok("session", "note", env={"VISUAL": visual})
    visual, plan = fake_editor(tmp_path, {"action": "replace", "old": "Heavy.", "new": "Heavy, then light."})
    editing.ok("session", "note", env={"VISUAL": visual})
    assert "[bold]sleepy[/bold]" in seen(plan, 0)
    shown = json.loads(editing.ok("session", "show", "--json").stdout)["notes"]
    assert shown["atmosphere"] == "Heavy, then light."
    assert shown["countertransference"] == "[bold]sleepy[/bold]"


def test_text_of_a_crashed_run_becomes_a_draft_at_the_next_unlock(
    editing: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    visual, _plan = fake_editor(tmp_path, {"action": "crash", "text": BROKEN})
    env = {
        **os.environ,
        "BALINTLOG_VAULT": str(editing.vault),
        "BALINTLOG_PASSPHRASE_COMMAND": f"cat {editing.passphrase_file}",
        "VISUAL": visual,
    }
    controller, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "balintlog", "case", "add", "--session", "nord:1"],
            stdin=terminal,
            capture_output=True,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(controller)
        os.close(terminal)
    assert done.returncode == -signal.SIGKILL
    (orphan,) = edit_dirs(isolated_home)
    assert (orphan / "case.md").read_text(encoding="utf-8") == BROKEN

    listed = editing.ok("draft", "list", "--json")
    assert "Recovered text" in listed.stderr
    (draft,) = json.loads(listed.stdout)["drafts"]
    assert draft["for"] == "new case in nord:1"
    assert editing.ok("draft", "show", draft["id"]).stdout == BROKEN
    assert edit_dirs(isolated_home) == []


def test_orphans_of_another_vault_or_a_live_process_are_left_alone(editing: Cli, isolated_home: Path) -> None:
    base = isolated_home / "run" / "balintlog"
    with editor.EditFile("another-vault", DraftKind.CASE, {}, base) as edit:
        edit.write(BROKEN, unsaved=True)
        edit.keep = True
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    foreign = edit.directory.rename(base / f"edit-{dead.stdout.strip()}-0000abcd")
    with editor.EditFile("ignored", DraftKind.CASE, {}, base) as mine:  # this process: alive
        mine.write(BROKEN, unsaved=True)
        editing.ok("draft", "list")
        assert mine.directory.exists()
    assert foreign.exists()
    assert json.loads(editing.ok("draft", "list", "--json").stdout)["drafts"] == []


def test_the_warning_about_a_temp_file_on_disk_comes_once_a_day(
    editing: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(editor, "filesystem_type", lambda _path: "ext4")
    first_visual, _plan = fake_editor(tmp_path, {"action": "empty"})
    first = editing("case", "add", env={"VISUAL": first_visual})
    assert "not in memory (tmpfs)" in first.stderr
    second_visual, _plan = fake_editor(tmp_path, {"action": "empty"})
    second = editing("case", "add", env={"VISUAL": second_visual})
    assert second.exit_code == 1 and "not in memory (tmpfs)" not in second.stderr
