"""Never lose an edit: numbered copies instead of overwriting a hand-edited report; atomic writes."""

from __future__ import annotations

import json

import docx
import pytest

from draftkit.assemble import build
from draftkit.assemble.outputs import load_manifest, plan_output, write_output
from draftkit.config import load_settings
from draftkit.fsutil import sha256_file


def _edit(path):
    d = docx.Document(str(path))
    d.add_paragraph("编辑手工加的一段。")
    d.save(str(path))


def test_rebuild_of_unedited_file_overwrites_in_place(project):
    s = load_settings(project)
    first = build(s, paginate=False)
    second = build(s, paginate=False)
    assert first.path == second.path == project / "outputs" / "2023" / "report.docx"
    assert second.diverted_from is None
    manifest = load_manifest(s.state_dir)
    assert manifest["outputs/2023/report.docx"] == sha256_file(second.path)


def test_hand_edit_is_kept_and_new_build_goes_to_numbered_file(project):
    s = load_settings(project)
    target = build(s, paginate=False).path
    _edit(target)
    edited = sha256_file(target)
    r1 = build(s, paginate=False)
    assert r1.path == target.with_name("report-1.docx") and r1.diverted_from == target
    assert sha256_file(target) == edited  # the edit survived
    assert any("编辑手工加的一段" in p.text for p in docx.Document(str(target)).paragraphs)
    # report-1 is ours and unedited: the next build reuses it rather than piling up copies
    r2 = build(s, paginate=False)
    assert r2.path == r1.path
    _edit(r1.path)
    r3 = build(s, paginate=False)
    assert r3.path == target.with_name("report-2.docx")
    # --force overwrites the edited target
    forced = build(s, force=True, paginate=False)
    assert forced.path == target and forced.overwrote_edit
    assert not any("编辑手工加的一段" in p.text for p in docx.Document(str(target)).paragraphs)


def test_unknown_existing_file_is_not_overwritten(project):
    s = load_settings(project)
    target = project / "outputs" / "2023" / "report.docx"
    target.write_bytes(b"not ours")
    r = build(s, paginate=False)
    assert r.path.name == "report-1.docx" and target.read_bytes() == b"not ours"


def test_out_option_and_manifest_keys(project, tmp_path):
    s = load_settings(project)
    out = tmp_path / "elsewhere" / "r.docx"
    r = build(s, out=out, paginate=False)
    assert r.path == out and out.is_file()
    manifest = json.loads((s.state_dir / "outputs.json").read_text(encoding="utf-8"))
    assert manifest[out.resolve().as_posix()] == sha256_file(out)


def test_written_file_is_readable_by_others(project):
    s = load_settings(project)
    r = build(s, paginate=False)
    assert r.path.stat().st_mode & 0o044  # not the 0600 of a temp file


def test_atomic_write_leaves_no_temp_files(tmp_path):
    state = tmp_path / ".draftkit"
    target = tmp_path / "out" / "a.docx"
    write_output(target, b"abc", tmp_path, state)
    assert target.read_bytes() == b"abc"
    assert [p.name for p in target.parent.iterdir()] == ["a.docx"]
    assert plan_output(target, tmp_path, state).path == target


def test_failed_write_keeps_old_file(tmp_path, monkeypatch):
    state = tmp_path / ".draftkit"
    target = tmp_path / "a.docx"
    write_output(target, b"old", tmp_path, state)

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        write_output(target, b"new", tmp_path, state)
    assert target.read_bytes() == b"old"


def test_locked_target_is_a_clear_error(tmp_path, monkeypatch):
    from draftkit.errors import OutputConflictError

    def locked(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("draftkit.assemble.outputs.atomic_write", locked)
    with pytest.raises(OutputConflictError) as exc:
        write_output(tmp_path / "a.docx", b"x", tmp_path, tmp_path / ".draftkit")
    assert "Word" in str(exc.value)
