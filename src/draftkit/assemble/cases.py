"""This year's 典型案例: ``data/cases/<year>/*.md`` (YAML front matter + draft Markdown) → case boxes.

Departments write their case studies themselves; the builder places each one, as a shaded
``典型案例 N-M`` box, at the end of the section its ``section:`` names. The loader never stops
the build: a bad file becomes a :class:`~draftkit.errors.DataError` in ``CaseSet.problems``
(file:line, what is wrong, how to fix it), which the builder turns into a warning.

It lives in the assemble stage because the builder is what renders cases and the body is parsed
with the draft Markdown parser (``assemble.markdown``); it imports no python-docx, so the draft
stage can read the titles cheaply (``case_titles``).
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..errors import DataError
from ..limits import read_limited
from ..yamlerr import explain_yaml_error, front_matter
from .markdown import CaseBox, Heading, Paragraph, parse_draft, plain

__all__ = ["Case", "CaseSet", "cases_dir", "load_case", "load_cases", "case_titles", "CASE_SUFFIXES"]

CASE_SUFFIXES = (".md", ".markdown")
_FRONT_OPEN = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_FRONT_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
# "典型案例 3-1：" / "典型案例3-1 " / "典型案例：" at the start of a line (the box adds its own label)
_LABEL = re.compile(r"^\s*典型案例(?:\s*\d+(?:\s*[-－—–]\s*\d+)?\s*[：:]?|\s*[：:]|\s+|$)\s*")
_RAW_LABEL = re.compile(r"^(\s*)(\*\*)?\s*典型案例(?:\s*\d+(?:\s*[-－—–]\s*\d+)?\s*[：:]?|\s*[：:]|\s+)\s*(\*\*)?\s*")
_SENTENCE_END = re.compile(r"[。；！？]")
#: The typed fields of a case's front matter (other keys are kept as written in ``Case.meta``).
FRONT_FIELDS = {"title": "text", "section": "text", "order": "int", "year": "year"}


@dataclass
class Case:
    """One case study: title, the section it belongs to, its body (draft Markdown) and where it came from."""

    title: str
    section: str
    body: str
    path: Path
    order: int | None = None
    line: int = 1  # first line of the body in the file (1-based)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def box(self) -> CaseBox:
        """The case as a ``::: case`` box (numbered later by the writer)."""
        return CaseBox(title=self.title, blocks=parse_draft(self.body))


@dataclass
class CaseSet:
    """All cases of one year, by section id in report order, and the files that could not be used."""

    folder: Path
    by_section: dict[str, list[Case]] = field(default_factory=dict)
    problems: list[DataError] = field(default_factory=list)

    def for_section(self, section_id: str) -> list[Case]:
        return self.by_section.get(section_id, [])

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.by_section.values())


def cases_dir(data_dir: Path | str, year: int) -> Path:
    """``data/cases/<year>/``: the folder holding that year's case files."""
    return Path(data_dir) / "cases" / str(year)


def case_files(folder: Path, suffixes: tuple[str, ...] = CASE_SUFFIXES) -> list[Path]:
    """The case files of a folder, by name (``_``/``.``-prefixed files and README are skipped)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and (not suffixes or p.suffix.lower() in suffixes)
                  and not p.name.startswith(("_", ".", "~$")) and p.stem.lower() != "readme")


def load_cases(folder: Path | str, section_ids: Iterable[str], year: int | None = None,
               chapters: dict[str, list[str]] | None = None) -> CaseSet:
    """Every case file of ``folder``; a file that cannot be used is a problem, never an exception.

    ``section_ids`` (report order) are the ids a case may name; ``chapters`` (chapter id → its
    section ids) improves the hint when a case names a chapter instead of a section. A case whose
    front matter gives another ``year`` than ``year`` is left out with a problem saying so.
    """
    folder = Path(folder)
    ids = list(section_ids)
    out = CaseSet(folder=folder)
    cases: list[Case] = []
    for path in case_files(folder):
        try:
            case = load_case(path, ids, chapters=chapters)
        except DataError as err:
            out.problems.append(err)
            continue
        other = case.meta.get("year")
        if year is not None and other is not None and str(other).strip() != str(year):
            out.problems.append(DataError(
                f"典型案例文件写明 year: {other}，与本年度 {year} 不符，未放入报告",
                location=f"{path}:{_key_line(path, 'year')}", hint=f"放到 data/cases/{other}/ 下，或把 year 改成 {year}（也可删去该行）。"))
            continue
        cases.append(case)
    for path in case_files(folder, ()):
        if path.suffix.lower() not in CASE_SUFFIXES:
            out.problems.append(DataError(
                f"典型案例只读取 .md 文件，{path.name} 未放入报告", location=str(path),
                hint="把正文复制到同名 .md 文件（开头写 title、section 信息块）；不需要的文件以 _ 开头命名即可忽略。"))
    rank = {sid: i for i, sid in enumerate(ids)}
    cases.sort(key=lambda c: (rank.get(c.section, len(rank)), c.order is None, c.order or 0, c.path.name))
    for case in cases:
        out.by_section.setdefault(case.section, []).append(case)
    _check_duplicates(out)
    return out


def _check_duplicates(cs: CaseSet) -> None:
    """The same title twice in one section is almost always a file copied and not edited."""
    for sid, cases in cs.by_section.items():
        seen: dict[str, Case] = {}
        for c in cases:
            if c.title in seen:
                cs.problems.append(DataError(
                    f"节 {sid} 中有两篇同名典型案例「{c.title}」（另一篇：{seen[c.title].path.name}），两篇都已放入",
                    location=f"{c.path}:1", hint="若是复制后忘了修改，删去或改写其中一篇。"))
            seen.setdefault(c.title, c)


def load_case(path: Path | str, section_ids: Iterable[str] | None = None,
              chapters: dict[str, list[str]] | None = None) -> Case:
    """One case file; raises DataError (file:line, Chinese message, hint) when it cannot be used."""
    path = Path(path)
    try:
        text = read_limited(path, "data_mb", cls=DataError, subject="典型案例文件").decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError("典型案例文件不是 UTF-8 编码", location=str(path),
                        hint="用文本编辑器另存为 UTF-8 编码的 .md 文件。") from exc
    except OSError as exc:
        raise DataError(f"无法读取典型案例文件：{exc.strerror or exc}", location=str(path)) from exc
    meta, body, body_line = _split(text, path)
    title = meta.get("title") or ""
    section = _required_section(meta, path)
    order = meta.get("order")
    ids = list(section_ids) if section_ids is not None else None
    if ids is not None and section not in ids:
        raise _unknown_section(section, ids, chapters or {}, path)
    title, kept = _strip_label(title, body, path, body_line)
    body_line += body.count("\n") - kept.count("\n")  # a dropped label line moves the body's first line
    body = kept
    if not body.strip():
        raise DataError("典型案例正文为空", location=f"{path}:{body_line}",
                        hint="在第二个 --- 之后写案例正文（段落之间空一行，可用 **加粗** 和列表）。")
    return Case(title=title, section=section, body=body, path=path, order=order, line=body_line, meta=meta)


def _split(text: str, path: Path) -> tuple[dict[str, Any], str, int]:
    """(front matter, body, first body line); DataError when the front matter is missing or broken."""
    opened = _FRONT_OPEN.match(text)
    if not opened:
        raise DataError("典型案例文件缺少开头的 YAML 信息块（--- 之间的 title、section）", location=f"{path}:1",
                        hint="文件第一行写 ---，随后写 title: 标题、section: 节id（如 service-local），再写一行 --- 后接正文。")
    close = _FRONT_CLOSE.search(text, opened.end())
    if not close:
        raise DataError("典型案例文件的 YAML 信息块没有结束行 ---", location=f"{path}:1",
                        hint="在 title、section 等字段之后单独写一行 ---，再写正文。")
    raw = text[opened.end():close.start()]
    try:
        meta = front_matter(raw, FRONT_FIELDS, subject="典型案例的 ")
    except yaml.YAMLError as exc:
        p = explain_yaml_error(exc, raw)
        line = (p.line or 1) + 1  # + the opening --- line
        raise DataError(p.message, location=f"{path}:{line}", hint=p.hint) from None
    if meta is None:
        raise DataError("典型案例的 YAML 信息块应是“键: 值”的形式", location=f"{path}:2",
                        hint="写成 title: 标题 和 section: 节id，各占一行。")
    end = close.end()
    if text[end:end + 1] == "\n":
        end += 1
    body_line = text.count("\n", 0, end) + 1
    return meta, text[end:], body_line


def _required_section(meta: dict[str, Any], path: Path) -> str:
    section = meta.get("section")
    if not section:
        raise DataError("典型案例缺少 section", location=f"{path}:{_key_line(path, 'section')}",
                        hint="在 YAML 信息块中写 section: 节id（prompts/report.yaml 中的节 id，如 service-local）。")
    return section


def _key_line(path: Path, key: str) -> int:
    """The line of ``key:`` in the front matter (1 when not found)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    for i, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            break
        if re.match(rf"^\s*{re.escape(key)}\s*:", line):
            return i
    return 1


def _unknown_section(section: str, ids: list[str], chapters: dict[str, list[str]], path: Path) -> DataError:
    """An unknown ``section:``: name the closest ids (or the chapter's sections when it is a chapter id)."""
    loc = f"{path}:{_key_line(path, 'section')}"
    if section in chapters:
        return DataError(f"典型案例的 section: {section} 是章的 id，不是节的 id；未放入报告", location=loc,
                         hint=f"改成该章中的某一节：{'、'.join(chapters[section])}。")
    close = difflib.get_close_matches(section, ids, n=3, cutoff=0.5)
    hint = (f"是否想写：{'、'.join(close)}？" if close else "") + "节 id 见 prompts/report.yaml 中各节的 id。"
    return DataError(f"典型案例的 section: {section} 在报告大纲中没有；未放入报告", location=loc, hint=hint)


def _strip_label(title: str, body: str, path: Path, body_line: int) -> tuple[str, str]:
    """Drop a first line that repeats the title or carries its own 典型案例 N-M label (the box adds one).

    A short first line (a heading, or a line without a sentence end) starting with 典型案例 is the
    title line: it is removed and, when the front matter has no title, becomes the title. A long
    paragraph starting with the label keeps its text without the label.
    """
    blocks = parse_draft(body)
    first = blocks[0] if blocks else None
    if not isinstance(first, (Heading, Paragraph)):
        if not title:
            raise _no_title(path)
        return title, body
    line_text = plain(first.text).strip()
    label = _LABEL.match(line_text)
    rest = line_text[label.end():].strip() if label else line_text
    is_title_line = isinstance(first, Heading) or (len(rest) <= 60 and not _SENTENCE_END.search(rest))
    if label and is_title_line:
        title = title or rest
        body = _drop_first_block(body)
    elif label:
        body = _drop_label(body)
    elif isinstance(first, Heading) and _same(rest, title):
        body = _drop_first_block(body)
    if not title:
        raise _no_title(path)
    return _LABEL.sub("", title).strip() or title, body


def _no_title(path: Path) -> DataError:
    return DataError("典型案例缺少 title", location=f"{path}:{_key_line(path, 'title')}",
                     hint="在 YAML 信息块中写 title: 案例标题（不必写“典型案例 N-M”，编号自动生成）。")


def _same(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"[\s“”\"'‘’：:，,。·—\-]", "", s)  # noqa: E731
    return bool(a) and norm(a) == norm(b)


def _drop_first_block(body: str) -> str:
    """The body without its first block (the lines up to the first blank line)."""
    lines = body.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    while i < len(lines) and lines[i].strip():
        i += 1
    return "\n".join(lines[i:]).lstrip("\n")


def _drop_label(body: str) -> str:
    """The body with the 典型案例 label removed from its first non-blank line (bold kept balanced)."""
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if line.strip():
            m = _RAW_LABEL.match(line)
            if m:
                keep_bold = m.group(2) and not m.group(3)  # "**典型案例 1-1：某某**……": the bold goes on
                lines[i] = m.group(1) + ("**" if keep_bold else "") + line[m.end():]
            break
    return "\n".join(lines)


def case_titles(data_dir: Path | str | None, year: int | None, section_id: str) -> list[str]:
    """Titles of the cases attached to a section (for the draft prompt); unreadable files are skipped."""
    if data_dir is None or year is None:
        return []
    files = case_files(cases_dir(data_dir, year))
    stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    return list(_titles_by_section(stamp, year).get(section_id, ()))


@lru_cache(maxsize=8)
def _titles_by_section(stamp: tuple[tuple[str, int, int], ...], year: int) -> dict[str, tuple[str, ...]]:
    """Every section's case titles, parsed once per state of the folder (a draft run asks per section)."""
    found: dict[str, list[tuple[bool, int, str, str]]] = {}
    for name, _mtime, _size in stamp:
        try:
            case = load_case(Path(name))
        except DataError:
            continue
        if str(case.meta.get("year", year)).strip() == str(year):
            found.setdefault(case.section, []).append((case.order is None, case.order or 0, Path(name).name, case.title))
    return {sec: tuple(t for *_, t in sorted(items)) for sec, items in found.items()}
