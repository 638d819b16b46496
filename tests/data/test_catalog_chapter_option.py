"""``data catalog --chapter``: a Chinese chapter name works; an unknown one is an error listing the keys."""

from __future__ import annotations


def test_unknown_chapter_is_an_error_listing_keys(run_cli):
    code, out, err = run_cli("data", "catalog", "--chapter", "nosuch")
    assert code != 0
    assert "nosuch" in err and "talent" in err and "Traceback" not in err + out


def test_chinese_chapter_name_lists_its_metrics(run_cli):
    by_key = run_cli("data", "catalog", "--chapter", "talent")
    by_name = run_cli("data", "catalog", "--chapter", "人才培养")
    assert by_key[0] == 0 and by_name[0] == 0
    assert "共 0 个指标" not in by_name[1] and by_name[1] == by_key[1]


def test_outline_chapter_ids_work_too(run_cli):
    """draft --chapter takes prompts/report.yaml's ids (integration, reform …); catalog accepts them as well."""
    for outline_id, key in (("integration", "industry"), ("reform", "teaching"), ("assurance", "support"),
                            ("outlook", "challenges")):
        by_outline = run_cli("data", "catalog", "--chapter", outline_id)
        by_key = run_cli("data", "catalog", "--chapter", key)
        assert by_outline[0] == 0 and by_outline[1] == by_key[1] and "共 0 个指标" not in by_key[1]
