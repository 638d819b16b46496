"""Word revision marks on python-docx's element tree: replace a span of a paragraph as a
tracked change (``w:del`` + ``w:ins``), highlight a span, anchor a comment on it.

python-docx cannot write tracked changes, so this works on the lxml elements underneath. A span
is given in the paragraph's *accepted* text (what the readers return: runs inside ``w:ins``
count, runs inside ``w:del``/``w:moveFrom`` do not). Runs are split at character offsets; every
piece keeps its ``w:rPr``, so bold, fonts and colours survive, and the inserted run copies the
formatting of the first run it replaces. Existing revisions and comment ranges are left where
they are: a deletion inside someone else's insertion nests inside it, and the new text splits
their insertion in two, as Word itself writes it.

Every annotation id written (``w:ins``, ``w:del``, a split run's ``w:rPrChange``, comments) comes
from one :class:`Ids` counter that starts above every id already in the package: Word wants an
annotation id unique in the document, and a copied ``w:rPrChange`` would otherwise repeat one.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from docx.oxml.ns import qn

__all__ = ["AUTHOR", "word_date", "Ids", "Revisions", "Comments", "ParaText", "split_run", "isolate", "highlight", "run_text"]

AUTHOR = "draftkit"
_TEXTY = {qn(t) for t in ("w:br", "w:cr", "w:noBreakHyphen", "w:ptab", "w:t", "w:tab")}
_SKIP = {qn("w:del"), qn("w:moveFrom")}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _child_len(el: Any) -> int:
    """Characters a run child adds to the run's text (python-docx's ``CT_R.text``)."""
    return len(str(el)) if el.tag in _TEXTY else 0


def run_text(run: Any) -> str:
    """A run's text as python-docx reads it (tabs and breaks as characters), without XPath."""
    return "".join(str(c) for c in run if c.tag in _TEXTY)


def _counts(run: Any, p_elm: Any) -> bool:
    """True when a run belongs to the accepted text of ``p_elm`` (not deleted, not nested)."""
    anc = run.getparent()
    while anc is not None and anc is not p_elm:
        if anc.tag in _SKIP or anc.tag == qn("w:p"):
            return False
        anc = anc.getparent()
    return anc is p_elm


@dataclass
class ParaText:
    """The accepted text of one paragraph element and the run holding each stretch of it."""

    p: Any
    runs: list[tuple[Any, int, int]] = field(default_factory=list)  # (w:r, start, end)
    text: str = ""

    @classmethod
    def of(cls, p_elm: Any) -> "ParaText":
        """Read ``p_elm`` (a ``w:p``) as the readers do: inserted runs count, deleted ones do not."""
        out = cls(p_elm)
        parts: list[str] = []
        pos = 0
        for r in p_elm.iter(qn("w:r")):
            if not _counts(r, p_elm):
                continue
            t = run_text(r)
            out.runs.append((r, pos, pos + len(t)))
            parts.append(t)
            pos += len(t)
        out.text = "".join(parts)
        return out


def word_date(when: datetime | None = None) -> str:
    """``w:date`` of a revision or comment: the local wall-clock time, which Word and LibreOffice
    show as written (Word 365 keeps UTC apart, in ``w16du:dateUtc``), in Word's own form (…Z).
    An aware ``when`` is converted to local time; a naive one is local already."""
    local = datetime.now() if when is None else when.astimezone() if when.tzinfo else when
    return local.strftime("%Y-%m-%dT%H:%M:%SZ")


class Ids:
    """The next free annotation id of a document: one sequence for revisions and comments."""

    def __init__(self, start: int):
        self.value = start

    @classmethod
    def of(cls, document: Any) -> "Ids":
        """Ids above every ``w:id`` of the document's package (body, comments, notes, headers)."""
        return cls(_max_id(document) + 1)

    def take(self) -> int:
        """A new id, never handed out before."""
        self.value += 1
        return self.value - 1


def split_run(run: Any, k: int, ids: Ids | None = None) -> Any:
    """Split ``run`` before character ``k`` of its text; returns the new second run (placed
    right after it). Both halves keep the run's properties; a tracked formatting change on it
    (``w:rPrChange``) gets a new id on the second half (from ``ids``, else above the tree's ids)."""
    twin = copy.deepcopy(run)
    run.addnext(twin)
    marks = list(twin.iter(qn("w:rPrChange")))
    if marks:
        ids = ids or Ids(_max_in(run.getroottree().getroot()) + 1)
        for mark in marks:
            mark.set(qn("w:id"), str(ids.take()))
    first = [c for c in run if c.tag != qn("w:rPr")]
    second = [c for c in twin if c.tag != qn("w:rPr")]
    pos = 0
    for a, b in zip(first, second):
        n = _child_len(a)
        if pos + n <= k and not (n == 0 and pos == k):
            twin.remove(b)
        elif pos >= k:
            run.remove(a)
        else:  # only a w:t can hold both sides of the cut
            cut = k - pos
            a.text, b.text = a.text[:cut], b.text[cut:]
            a.set(_XML_SPACE, "preserve")
            b.set(_XML_SPACE, "preserve")
        pos += n
    return twin


def isolate(p_elm: Any, start: int, end: int, ids: Ids | None = None) -> list[Any]:
    """The runs that hold exactly ``[start, end)`` of the paragraph's accepted text, splitting
    runs at both edges; empty when the span is empty or out of range."""
    runs = ParaText.of(p_elm).runs
    hit = next(((r, a) for r, a, b in runs if a < end < b), None)
    if hit is not None:
        split_run(hit[0], end - hit[1], ids)  # the run keeps [a, end): a cut at start below still fits it
    hit = next(((r, a) for r, a, b in runs if a < start < b), None)
    if hit is not None:
        split_run(hit[0], start - hit[1], ids)
    return [r for r, a, b in ParaText.of(p_elm).runs if start <= a and b <= end and b > a]


class Revisions:
    """Writes tracked changes into one document with unique ids, one author and one date."""

    def __init__(self, document: Any, author: str = AUTHOR, when: datetime | None = None, ids: Ids | None = None):
        self.document = document
        self.author = author
        self.date = word_date(when)
        self.ids = ids or Ids.of(document)
        self.count = 0

    def _mark(self, tag: str) -> Any:
        from docx.oxml import OxmlElement

        el = OxmlElement(tag)
        el.set(qn("w:id"), str(self.ids.take()))
        el.set(qn("w:author"), self.author)
        el.set(qn("w:date"), self.date)
        return el

    def replace(self, p_elm: Any, start: int, end: int, new_text: str) -> list[Any]:
        """Track the replacement of ``[start, end)`` by ``new_text``; returns the inserted runs
        (for a comment), or [] when the span could not be isolated (nothing is changed then)."""
        runs = isolate(p_elm, start, end, self.ids)
        if not runs or sum(len(run_text(r)) for r in runs) != end - start:
            return []
        if any(r.find(qn("w:fldChar")) is not None or r.find(qn("w:instrText")) is not None for r in runs):
            return []  # a field's code or result: never cut a field in two
        last_del = None
        for group in _sibling_groups(runs):
            d = self._mark("w:del")
            group[0].addprevious(d)
            for el in _span(group[0], group[-1]):
                d.append(el)
            for t in d.iter(qn("w:t")):
                t.tag = qn("w:delText")
                t.set(_XML_SPACE, "preserve")
            last_del = d
        ins = self._mark("w:ins")
        new_run = _plain_run(runs[0], new_text)
        ins.append(new_run)
        last_del.addnext(ins)
        self._out_of_insertion(ins)
        self.count += 1
        return [new_run]

    def _out_of_insertion(self, ins: Any) -> None:
        """Our insertion, placed inside someone else's ``w:ins``/``w:moveTo``, moves out of it and
        splits theirs in two around ours (as Word writes it): rejecting their insertion must not
        take our figure with it. Our deletion stays inside theirs (deleting inserted text)."""
        outer = ins.getparent()
        if outer is None or outer.tag not in _INSERTIONS:
            return
        rest = list(ins.itersiblings())
        outer.addnext(ins)
        if rest:
            twin = outer.makeelement(outer.tag, dict(outer.attrib))
            twin.set(qn("w:id"), str(self.ids.take()))
            for el in rest:
                twin.append(el)
            ins.addnext(twin)


def _plain_run(model: Any, text: str) -> Any:
    """A run with ``model``'s properties and ``text`` (without someone's tracked formatting change:
    the text is new)."""
    from docx.oxml import OxmlElement

    r = OxmlElement("w:r")
    rpr = model.find(qn("w:rPr"))
    if rpr is not None:
        rpr = copy.deepcopy(rpr)
        for mark in rpr.findall(qn("w:rPrChange")):
            rpr.remove(mark)
        r.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(_XML_SPACE, "preserve")
    r.append(t)
    return r


_MARKERS = {qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:proofErr")}
_INSERTIONS = {qn("w:ins"), qn("w:moveTo")}


def _sibling_groups(runs: list[Any]) -> list[list[Any]]:
    """Runs that can share one ``w:del``: siblings with only bookmarks or proofing marks between
    them (a span may cross a hyperlink, someone's insertion or a comment mark: a new group)."""
    groups: list[list[Any]] = []
    for r in runs:
        if groups and _adjacent(groups[-1][-1], r):
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


def _adjacent(a: Any, b: Any) -> bool:
    el = a.getnext()
    while el is not None and el is not b and el.tag in _MARKERS:
        el = el.getnext()
    return el is b


def _span(first: Any, last: Any) -> list[Any]:
    """``first`` … ``last`` and the markers between them."""
    out = [first]
    el = first
    while el is not last:
        el = el.getnext()
        if el is None:
            break
        out.append(el)
    return out


_W_ID = re.compile(rb'w:id="(-?\d+)"')


def _max_in(root: Any) -> int:
    """The largest ``w:id`` in an element tree (0 when none)."""
    best = 0
    for el in root.iter():
        v = el.get(qn("w:id")) if hasattr(el, "get") else None
        if v is not None and v.lstrip("-").isdigit():
            best = max(best, int(v))
    return best


def _max_id(document: Any) -> int:
    """The largest ``w:id`` of any revision, comment or bookmark in the package: the parts
    python-docx parsed (body, comments, headers) and, as XML text, the ones it did not (notes)."""
    best = _max_in(document.element)
    for part in document.part.package.iter_parts():
        root = getattr(part, "_element", None)
        if root is not None:
            best = max(best, _max_in(root) if root is not document.element else 0)
        elif str(part.partname).startswith("/word/") and str(part.partname).endswith(".xml"):
            best = max([best, *(int(v) for v in _W_ID.findall(part.blob))])
    return best


# w:rPr children that come after w:highlight (the schema fixes their order)
_AFTER_HIGHLIGHT = {qn(t) for t in ("w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
                                    "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange")}


def highlight(p_elm: Any, start: int, end: int, color: str = "yellow", ids: Ids | None = None) -> list[Any]:
    """Highlight ``[start, end)`` (direct formatting, not a revision); returns its runs. A run the
    writer highlighted already keeps their colour (it is not a revision: it could not be restored)."""
    from docx.oxml import OxmlElement

    runs = isolate(p_elm, start, end, ids)
    for r in runs:
        rpr = r.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            r.insert(0, rpr)
        if any(old.get(qn("w:val")) not in (None, "none") for old in rpr.findall(qn("w:highlight"))):
            continue
        for old in rpr.findall(qn("w:highlight")):
            rpr.remove(old)
        mark = OxmlElement("w:highlight")
        mark.set(qn("w:val"), color)
        after = next((c for c in rpr if c.tag in _AFTER_HIGHLIGHT), None)
        if after is None:
            rpr.append(mark)
        else:
            after.addprevious(mark)
    return runs


class Comments:
    """Word comments anchored on runs, written straight into the comments part (python-docx's
    ``add_comment`` looks up every existing id for each new comment: slow for a thousand)."""

    def __init__(self, document: Any, author: str = AUTHOR, initials: str = "DK", date: str | None = None,
                 ids: Ids | None = None):
        self.elm = document.comments._comments_elm
        self.ids = ids or Ids.of(document)
        self.author, self.initials = author, initials
        self.date = date or word_date()

    def add(self, runs: list[Any], text: str) -> bool:
        """A comment saying ``text`` on ``runs`` (first to last); False when there is nothing to anchor."""
        from xml.sax.saxutils import quoteattr, escape

        from docx.oxml.ns import nsdecls
        from docx.oxml.parser import parse_xml
        from docx.text.run import Run

        if not runs:
            return False
        cid = self.ids.take()
        self.elm.append(parse_xml(
            f'<w:comment {nsdecls("w")} w:id="{cid}" w:author={quoteattr(self.author)} '
            f'w:initials={quoteattr(self.initials)} w:date="{self.date}"><w:p><w:pPr><w:pStyle w:val="CommentText"/>'
            f'</w:pPr><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
            f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:comment>'))
        Run(runs[0], None).mark_comment_range(Run(runs[-1], None), cid)
        return True
