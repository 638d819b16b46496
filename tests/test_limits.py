"""Resource limits: stated once (draftkit.limits), checked before the work, each refusal naming the
limit and the environment variable that changes it."""

from __future__ import annotations

import os
import zipfile

import pytest

from draftkit.errors import ConfigError, DataError, DocumentError
from draftkit.limits import LIMITS, check_zip, limit, read_limited


def test_every_limit_names_its_variable_and_unit():
    for lim in LIMITS.values():
        assert lim.env.startswith("DRAFTKIT_MAX_") and lim.unit and lim.what and lim.default > 0


def test_a_limit_is_changed_by_its_environment_variable(monkeypatch):
    monkeypatch.setenv("DRAFTKIT_MAX_TABLES", "7")
    assert limit("tables").value == 7
    monkeypatch.setenv("DRAFTKIT_MAX_TABLES", "lots")
    with pytest.raises(ConfigError) as info:
        limit("tables").value  # noqa: B018
    assert "DRAFTKIT_MAX_TABLES" in str(info.value)


def test_read_limited_refuses_folders_devices_and_fifos_without_reading(tmp_path, bounded):
    with pytest.raises(DataError) as info:
        read_limited(tmp_path, "data_mb", cls=DataError, subject="表格文件")
    assert "文件夹" in info.value.message
    out = bounded(read_limited, "/dev/zero", "data_mb", seconds=5, mb=200)
    assert out.raised("DocumentError") and "设备文件" in out.message, out
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    out = bounded(read_limited, fifo, "data_mb", seconds=5)
    assert out.raised("DocumentError") and "FIFO" in out.message, out


def test_read_limited_refuses_a_file_over_the_limit_naming_the_variable(tmp_path, monkeypatch):
    big = tmp_path / "big.csv"
    big.write_bytes(b"a,b\n" * (300 * 1024))  # 1.2 MB
    monkeypatch.setenv("DRAFTKIT_MAX_DATA_MB", "1")
    with pytest.raises(DataError) as info:
        read_limited(big, "data_mb", cls=DataError)
    assert "超过上限 1 MB" in info.value.message and "DRAFTKIT_MAX_DATA_MB" in info.value.hint
    monkeypatch.setenv("DRAFTKIT_MAX_DATA_MB", "2")
    assert len(read_limited(big, "data_mb")) == big.stat().st_size


def test_check_zip_refuses_too_many_entries_and_a_declared_bomb(tmp_path, monkeypatch):
    many = tmp_path / "many.docx"
    with zipfile.ZipFile(many, "w") as zf:
        for i in range(30):
            zf.writestr(f"x/{i}.xml", "<a/>")
    monkeypatch.setenv("DRAFTKIT_MAX_ZIP_ENTRIES", "20")
    with pytest.raises(DocumentError) as info:
        check_zip(many)
    assert "压缩包内文件数 30 个" in info.value.message and "DRAFTKIT_MAX_ZIP_ENTRIES" in info.value.hint
    monkeypatch.setenv("DRAFTKIT_MAX_UNZIPPED_MB", "1")
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/big.bin", b"\0" * (3 * 1024 * 1024))
    with pytest.raises(DocumentError) as info:
        check_zip(bomb)
    assert "解压后总大小" in info.value.message and "压缩炸弹" in info.value.message
