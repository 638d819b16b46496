"""An unknown section or chapter names real ids in its hint, never an empty list."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftkit.errors import SpecError
from draftkit.spec import load_spec

SPEC = Path(__file__).resolve().parents[1] / "prompts" / "report.yaml"


def test_unknown_section_hint_lists_real_ids() -> None:
    spec = load_spec(SPEC)
    with pytest.raises(SpecError) as exc:
        spec.section("nosuch")
    first = spec.sections()[0].id
    assert first in (exc.value.hint or ""), exc.value.hint


def test_misspelt_section_hint_suggests_the_close_one() -> None:
    spec = load_spec(SPEC)
    target = spec.sections()[-1].id
    with pytest.raises(SpecError) as exc:
        spec.section("zz" + target[2:])
    assert target in (exc.value.hint or "")


def test_unknown_chapter_hint_lists_chapter_ids() -> None:
    spec = load_spec(SPEC)
    with pytest.raises(SpecError) as exc:
        spec.chapter(99)
    assert all(c.id in (exc.value.hint or "") for c in spec.chapters)
