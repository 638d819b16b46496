"""Atomic writes: content replaced whole, normal permissions, no temp file left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from draftkit.fsutil import atomic_write, sha256_file, sha256_text


def test_atomic_write_replaces_and_keeps_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.md"
    atomic_write(target, "第一版")
    atomic_write(target, "第二版".encode("utf-8"))
    assert target.read_text(encoding="utf-8") == "第二版"
    assert sha256_file(target) == sha256_text("第二版")
    mode = stat.S_IMODE(target.stat().st_mode)
    assert mode & stat.S_IRGRP, oct(mode)  # not mkstemp's 0600
    assert [p.name for p in target.parent.iterdir()] == ["out.md"]


def test_failed_write_leaves_old_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.md"
    atomic_write(target, "旧内容")

    def boom(*_a: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write(target, "新内容")
    assert target.read_text(encoding="utf-8") == "旧内容"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]
