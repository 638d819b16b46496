"""Last year's report of the same school in the corpus, and its section matching a spec section.

Last year's report is a corpus file (not a case) whose name holds last year (2022-quality-report.docx,
2022年质量报告.pdf) or whose title says 2022年度, and that names the school of the data (or no
school at all). A spec section matches the report's section with the same title in the same
chapter (numbering ignored), else the closest title in that chapter (技能大赛 ~ 技能大赛与1+X证书试点);
the section comes with its sub-sections (1.学校简介, 2.师生规模 …) and without its 典型案例.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .text import RolledText, roll_blocks

__all__ = ["LastYearReport", "find_last_report"]

_MIN_SIMILARITY = 50


def find_last_report(corpus_dir: Path, school: str, year: int) -> tuple[Any, Path] | None:
    """(parsed document, path) of the ``year`` report of ``school`` in ``corpus_dir``, if any."""
    from ..corpus.ingest import collect_files, document_info
    from ..corpus.sections import parse_document
    from ..readers import read_document

    if not Path(corpus_dir).is_dir():
        return None
    for path in collect_files([corpus_dir]):
        if str(year) not in path.stem or "case" in path.parent.name.lower() or "案例" in path.parent.name:
            continue
        try:
            parsed = parse_document(read_document(path))
        except Exception:  # noqa: BLE001 - an unreadable corpus file is ingest's business, not drafting's
            continue
        if parsed.is_case_document:
            continue
        name, found = document_info(parsed, path)
        if found == year and (not name or not school or name == school):
            return parsed, path
    return None


class LastYearReport:
    """Rolled-forward sections of last year's report for this year's data (read once, lazily)."""

    def __init__(self, corpus_dir: Path, yd: Any):
        self.corpus_dir = Path(corpus_dir)
        self.yd = yd
        self._found: tuple[Any, Path] | None | bool = False
        self._assigned: dict[str, Any] = {}

    @property
    def report(self) -> tuple[Any, Path] | None:
        """(parsed document, path) of last year's report in the corpus, looked up once; None if absent."""
        if self._found is False:
            self._found = find_last_report(self.corpus_dir, getattr(self.yd, "school", ""), int(self.yd.year) - 1)
        return self._found  # type: ignore[return-value]

    def section(self, spec: Any, section_id: str, *, cases: bool = True) -> RolledText | None:
        """Last year's section matching spec section ``section_id``, rolled forward; None if absent.
        With ``cases``, its 典型案例 come along as ``::: case`` boxes (for a section that has no case
        file of this year: last year's case is then the department's starting point)."""
        found = self.report
        if found is None:
            return None
        parsed, path = found
        chapter = spec.chapter_of(section_id)
        if chapter.id not in self._assigned:
            self._assigned[chapter.id] = _assign(parsed.sections, chapter)
        matches = self._assigned[chapter.id].get(section_id)
        if not matches:
            return None
        blocks = []
        for i, m in enumerate(matches):
            if i:  # a further section of last year: its own heading
                from ..readers import Block

                blocks.append(Block("heading", m.title, level=3))
            blocks.extend(_with_subsections(parsed.sections, m))
        title = spec.section(section_id).title
        where = "；".join(" / ".join(m.path) for m in matches)
        year = int(self.yd.year) - 1
        out = roll_blocks(blocks, self.yd, year, source=f"{path.name}｜{where}", skip_title=title)
        for case in parsed.cases if cases else []:
            if any(case.path[: len(m.path)] == m.path for m in matches):
                body = roll_blocks(case.blocks, self.yd, year)
                out.add(body)
                out.cases.append(f"::: case 典型案例：{case.title}\n{body.text.strip()}\n:::")
        return out


def _with_subsections(sections: list, match: Any) -> list:
    from ..readers import Block

    blocks = []
    for s in sections:
        if s.path[: len(match.path)] == match.path:
            if s is not match:
                blocks.append(Block("heading", s.title, level=s.level))
            blocks.extend(s.blocks)
    return blocks


def _key(title: str) -> str:
    from ..corpus.sections import strip_numbering

    return re.sub(r"\s+", "", strip_numbering(title or ""))


def _assign(sections: list, chapter: Any) -> dict[str, list]:
    """Spec section id → last year's sections of the same chapter. Each spec section first gets
    its best match (title words, and the section's retrieval words found in last year's text:
    技能校园建设 ~ “技能校园”…; best pairs first, one each); a section of last year that matched
    nothing goes to the spec section it resembles most, so none of last year's text is lost."""
    chap = _key(chapter.title)
    pool = [s for s in sections if len(s.path) == 2 and _key(s.path[0]) == chap]
    if not pool:  # a chapter without sub-sections (前言 written as one part)
        pool = [s for s in sections if len(s.path) == 1 and _key(s.title) == chap]
    if not pool or not chapter.sections:
        return {}
    scores = {(sp.id, id(s)): _score(sp, s, sections) for sp in chapter.sections for s in pool}
    out: dict[str, list] = {}
    used: set[int] = set()
    for (sid, sec), score in sorted(scores.items(), key=lambda x: -x[1]):
        if score >= _MIN_SIMILARITY / 100 and sid not in out and sec not in used:
            out[sid] = [next(s for s in pool if id(s) == sec)]
            used.add(sec)
    for s in pool:
        if id(s) not in used:
            best = max(chapter.sections, key=lambda sp: scores[(sp.id, id(s))])
            out.setdefault(best.id, []).append(s)
    order = {id(s): i for i, s in enumerate(sections)}
    return {sid: sorted(v, key=lambda s: order[id(s)]) for sid, v in out.items()}


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if all("\u4e00" <= c <= "\u9fff" for c in text[i : i + 2])}


def _score(spec_section: Any, s: Any, sections: list) -> float:
    """2 for the same title; else the larger of the titles' shared two-character words (Dice) and
    the share of the section's retrieval words found in last year's section."""
    want, got = _key(spec_section.title), _key(s.title)
    if want == got:
        return 2.0
    a, b = _bigrams(want), _bigrams(got)
    title = 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0
    text = _bigrams(got + "".join(x.text for x in _with_subsections(sections, s)))
    words = [_bigrams(w) for w in re.split(r"\s+", spec_section.query or "") if len(w) >= 2]
    total = sum(len(w) for w in words)  # long words weigh more: 中华优秀传统文化 says more than 研究
    cover = sum(len(w & text) for w in words) / total if total else 0.0
    return max(title, cover)
