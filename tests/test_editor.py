"""The editor: which command runs, the private temp file, and (through the
CLI, with a scripted fake editor) the loop: errors at the top, drafts on
giving up, resuming, crash recovery, nothing left behind."""

from __future__ import annotations

import json
import os
import shlex
import stat
import sys
from pathlib import Path

import pytest

from balintlog import editor
from balintlog.domain import DraftKind

FAKE_EDITOR = Path(__file__).with_name("fake_editor.py")


# -- which editor, with which options ----------------------------------------------


def test_visual_wins_and_is_split_like_a_shell() -> None:
    env = {"VISUAL": "'/opt/My Editor/bin/edit' --wait", "EDITOR": "nano"}
    assert editor.editor_command(env) == ["/opt/My Editor/bin/edit", "--wait"]


def test_editor_is_used_when_visual_is_unset() -> None:
    assert editor.editor_command({"EDITOR": "code --wait"}) == ["code", "--wait"]


def test_without_visual_or_editor_nano_else_vi(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editor.shutil, "which", lambda name: "/usr/bin/nano" if name == "nano" else None)
    assert editor.editor_command({}) == ["nano"]
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


def leftovers(home: Path) -> list[Path]:
    base = home / "run" / "balintlog"
    return [p for p in base.rglob("*")] if base.exists() else []


def make_private(path: Path) -> None:
    os.chmod(path, 0o700)
