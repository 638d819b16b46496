"""Resource limits for every input draftkit reads, stated once and enforced where files are opened.

The web workspace will take uploads, so no file may make draftkit eat the machine: each limit
below is checked *before* the work it bounds (file size before reading, declared zip sizes
before decompressing, row counts while reading), and a file beyond it is refused with a
Chinese message that names the limit and the environment variable that changes it::

    DRAFTKIT_MAX_FILE_MB=400 draftkit check 很大的报告.docx

Fixed sanity bounds that are not resources (numbers beyond 10^15, formulas nested deeper than
100 levels, YAML nesting) live with the code that checks them and say how to fix the input.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import ConfigError, DocumentError, DraftkitError

__all__ = ["Limit", "LIMITS", "limit", "read_limited", "check_zip", "read_zip_part", "MB"]

MB = 1024 * 1024


@dataclass(frozen=True)
class Limit:
    """One stated limit: what it bounds (Chinese), default, unit and the variable that changes it."""

    key: str
    what: str
    default: int
    unit: str
    env: str

    @property
    def value(self) -> int:
        """The limit in force: the environment variable when set (a positive integer), else the default."""
        raw = os.environ.get(self.env, "").strip()
        if not raw:
            return self.default
        try:
            value = int(float(raw))
        except ValueError:
            value = 0
        if value <= 0:
            raise ConfigError(f"环境变量 {self.env}={raw} 无效：{self.what}上限应是正整数（单位：{self.unit}）",
                              hint=f"例如 {self.env}={self.default * 2}；删除该变量则用默认值 {self.default}。")
        return value

    def error(self, actual: str | None, *, location: str | None, cls: type[DraftkitError] = DocumentError,
              subject: str = "") -> DraftkitError:
        """The refusal: what exceeded the limit (``actual``, e.g. " 60.2 MB"; None when reading stopped
        at the limit), the limit, and how to change it."""
        said = f"{self.what}{actual}，超过上限" if actual else f"{self.what}超过上限"
        return cls(f"{subject}{said} {self.value} {self.unit}", location=location,
                   hint=f"确认文件无误后，可设置环境变量 {self.env}（当前 {self.value}）放宽上限，"
                        f"例如 {self.env}={self.value * 2}；网页工作区的上限由管理员设置。")


LIMITS: dict[str, Limit] = {lim.key: lim for lim in (
    Limit("file_mb", "文件大小", 200, "MB", "DRAFTKIT_MAX_FILE_MB"),
    Limit("text_chars", "文字量", 1_000_000, "字", "DRAFTKIT_MAX_TEXT_CHARS"),
    Limit("data_mb", "数据文件大小", 20, "MB", "DRAFTKIT_MAX_DATA_MB"),
    Limit("zip_entries", "压缩包内文件数", 5_000, "个", "DRAFTKIT_MAX_ZIP_ENTRIES"),
    Limit("zip_mb", "解压后总大小", 1_000, "MB", "DRAFTKIT_MAX_UNZIPPED_MB"),
    Limit("xml_mb", "单个 XML 部件解压后大小", 16, "MB", "DRAFTKIT_MAX_XML_MB"),
    Limit("tables", "表格数", 1_000, "张", "DRAFTKIT_MAX_TABLES"),
    Limit("pdf_pages", "PDF 页数", 2_000, "页", "DRAFTKIT_MAX_PDF_PAGES"),
    Limit("metrics", "指标数", 10_000, "个", "DRAFTKIT_MAX_METRICS"),
    Limit("table_rows", "数据表行数", 20_000, "行", "DRAFTKIT_MAX_TABLE_ROWS"),
    Limit("yaml_nodes", "YAML 展开后的节点数", 200_000, "个", "DRAFTKIT_MAX_YAML_NODES"),
)}


def limit(key: str) -> Limit:
    """The :class:`Limit` called ``key`` (see :data:`LIMITS`)."""
    return LIMITS[key]


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def read_limited(path: Path, key: str = "file_mb", *, location: str | None = None,
                 cls: type[DraftkitError] = DocumentError, subject: str = "") -> bytes:
    """The bytes of a regular file no larger than the limit ``key`` (in MB).

    Folders, devices (``/dev/zero``) and FIFOs are refused without reading (opened non-blocking,
    checked on the open descriptor); the size is checked before reading and the read is bounded,
    so a file that grows or lies about its size cannot exceed the limit either.
    """
    shown = location or str(path)
    lim = limit(key)
    cap = lim.value * MB
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise cls(f"{subject}是一个文件夹，不是文件", location=shown, hint="给出文件的路径。") from None
    except OSError as exc:
        raise cls(f"{subject}无法打开：{exc.strerror}", location=shown, hint="检查路径与读取权限。") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise cls(f"{subject}是{_kind(st.st_mode)}，不是普通文件", location=shown,
                      hint="给出一个普通文件（.yaml/.csv/.docx 等）的路径。")
        if st.st_size > cap:
            raise lim.error(f" {st.st_size / MB:.1f} MB", location=shown, cls=cls, subject=subject)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 * MB, cap + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > cap:
                raise lim.error(None, location=shown, cls=cls, subject=subject)
        return b"".join(chunks)
    finally:
        os.close(fd)


def check_zip(path: Path, *, location: str | None = None, cls: type[DraftkitError] = DocumentError,
              not_zip: Callable[[], DraftkitError] | None = None) -> zipfile.ZipFile:
    """Open an Office file (.docx/.xlsx) as a zip after checking its size, entry count and declared
    decompressed size; the caller closes it. ``not_zip`` makes the error for a file that is no zip."""
    shown = location or str(path)
    lim = limit("file_mb")
    try:
        st = path.stat()
    except OSError as exc:
        raise cls(f"无法打开：{exc.strerror}", location=shown, hint="检查路径与读取权限。") from None
    if not stat.S_ISREG(st.st_mode):
        raise cls(f"是{_kind(st.st_mode)}，不是普通文件", location=shown, hint="给出一个 .docx/.xlsx 文件的路径。")
    if st.st_size > lim.value * MB:
        raise lim.error(f" {st.st_size / MB:.1f} MB", location=shown, cls=cls)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        if not_zip is not None:
            raise not_zip() from None
        raise cls("不是有效的 zip 压缩包（.docx/.xlsx 都是 zip 压缩包）", location=shown,
                  hint="用 Word/Excel/WPS 另存为 .docx/.xlsx。") from None
    try:
        infos = zf.infolist()
        entries = limit("zip_entries")
        if len(infos) > entries.value:
            raise entries.error(f" {len(infos)} 个", location=shown, cls=cls)
        total = sum(i.file_size for i in infos)
        unzipped = limit("zip_mb")
        if total > unzipped.value * MB:
            raise unzipped.error(f" {total / MB:.0f} MB（可能是“压缩炸弹”）", location=shown, cls=cls)
    except BaseException:
        zf.close()
        raise
    return zf


def read_zip_part(zf: zipfile.ZipFile, name: str, *, location: str, cls: type[DraftkitError] = DocumentError) -> bytes:
    """One part of an Office zip, refused when its declared size exceeds the XML part limit.

    Read in chunks: zipfile stops each entry at its declared size (and then fails the CRC), but a
    whole read (``zf.read``) inflates all the compressed data at once, which a lying header turns
    into hundreds of MB."""
    info = zf.getinfo(name)
    lim = limit("xml_mb")
    if info.file_size > lim.value * MB:
        raise lim.error(f" {info.file_size / MB:.0f} MB（{name}）", location=location, cls=cls)
    try:
        chunks = []
        with zf.open(info) as fh:
            while chunk := fh.read(1 * MB):
                chunks.append(chunk)
        return b"".join(chunks)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, RuntimeError,
            NotImplementedError, zlib.error) as exc:
        raise cls(f"压缩包已损坏，无法解压 {name}（{type(exc).__name__}）", location=location,
                  hint="文件可能传输不完整或已加密；用 Word/Excel/WPS 打开后另存一份。") from None
