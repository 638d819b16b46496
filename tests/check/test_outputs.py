"""JSON shape, Word comments on the right runs, exit codes, folder mode."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from draftkit.check import annotate, check_file, to_json

FIX = Path(__file__).parents[1] / "fixtures" / "check"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The CLI run outside any project (the fixtures folder has no data/): no year data unless --data."""
    return subprocess.run([sys.executable, "-c", "from draftkit.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=cwd or FIX)


def test_json_shape():
    obj = to_json(check_file(FIX / "planted.md"))
    assert set(obj) == {"file", "findings", "summary"}
    assert obj["summary"]["errors"] == len([f for f in obj["findings"] if f["severity"] == "error"]) > 0
    for f in obj["findings"]:
        assert {"rule", "severity", "figure", "context", "location", "message"} <= set(f)
        assert f["severity"] in ("error", "warning", "info")
        assert f["figure"] in f["context"]
        assert "paragraph" in f["location"] or {"table", "row", "column"} <= set(f["location"])
    json.dumps(obj, ensure_ascii=False)  # serialisable


def test_cli_json_and_exit_codes(tmp_path):
    res = _cli("check", str(FIX / "planted.md"), "--format", "json")
    assert res.returncode == 1, res.stderr
    obj = json.loads(res.stdout)
    assert obj["summary"]["errors"] >= 6 and obj["file"].endswith("planted.md")
    assert _cli("check", str(FIX / "clean.md")).returncode == 0
    assert _cli("check", str(FIX / "clean.md"), "--data", str(FIX / "data.yaml")).returncode == 0


def test_bad_input_exits_2(tmp_path):
    fake = tmp_path / "report.docx"
    fake.write_text("这不是 Word 文件", encoding="utf-8")
    res = _cli("check", str(fake))
    assert res.returncode == 2
    assert "不是有效的 Word 文件" in res.stderr
    assert _cli("check", str(tmp_path / "missing.md")).returncode == 2
    res = _cli("check", str(fake), "--format", "json")
    assert res.returncode == 2
    obj = json.loads(res.stdout)  # tools reading stdout still get one JSON object
    assert obj["file"].endswith("report.docx") and "不是有效的 Word 文件" in obj["error"]


def test_console_groups_by_chapter():
    res = _cli("check", str(FIX / "planted.md"))
    assert res.returncode == 1
    assert "一、发展概述" in res.stdout and "三、教学改革" in res.stdout and "table-total" in res.stdout


def test_dir_mode_one_line_per_file(tmp_path):
    for name in ("planted.md", "clean.md"):
        shutil.copy(FIX / name, tmp_path / name)
    (tmp_path / "broken.docx").write_text("x", encoding="utf-8")
    res = _cli("check", str(tmp_path), "--jobs", "2")
    assert res.returncode == 1
    lines = [ln for ln in res.stdout.splitlines() if ln.strip()]
    assert len(lines) == 3
    assert any("clean.md" in ln and "错误 0" in ln for ln in lines)
    assert any("planted.md" in ln for ln in lines) and any("broken.docx" in ln and "无法读取" in ln for ln in lines)


def _comment_ranges(path: Path) -> dict[str, str]:
    """comment text → the document text its range covers."""
    import docx

    d = docx.Document(str(path))
    body = d.element.body
    comments = {c.comment_id: "".join(p.text for p in c.paragraphs) for c in d.comments}
    covered: dict[str, str] = {}
    for start in body.iter(f"{W}commentRangeStart"):
        cid = start.get(f"{W}id")
        texts, node = [], start.getnext()
        while node is not None and not (node.tag == f"{W}commentRangeEnd" and node.get(f"{W}id") == cid):
            texts += [t.text or "" for t in node.iter(f"{W}t")]
            node = node.getnext()
        covered[comments[int(cid)]] = "".join(texts)
    return covered


def test_annotate_puts_comments_on_exactly_the_figures(tmp_path):
    src = tmp_path / "report.docx"
    shutil.copy(FIX / "report.docx", src)
    before = src.read_bytes()
    out = tmp_path / "report.checked.docx"
    result = check_file(src)
    assert annotate(src, result, out) == 2
    assert src.read_bytes() == before  # the original is never modified
    covered = _comment_ranges(out)
    assert sorted(covered.values()) == ["2402", "49.15%"]
    assert any(k.startswith("【核对】错误·占比：") and "49.51%" in k for k in covered)
    # the split runs keep their formatting: "15" was bold in the original
    import docx

    para = docx.Document(str(out)).paragraphs[2]
    assert para.text == docx.Document(str(src)).paragraphs[2].text
    assert [r.text for r in para.runs if r.bold] == ["15"]


def test_cli_annotate(tmp_path):
    src = tmp_path / "report.docx"
    shutil.copy(FIX / "report.docx", src)
    out = tmp_path / "out.docx"
    res = _cli("check", str(src), "--annotate", str(out))
    assert res.returncode == 1 and out.exists() and "批注" in res.stdout
    res = _cli("check", str(src), "--annotate", str(out))  # never overwrites an existing file
    assert res.returncode == 2 and "已存在" in res.stderr
    res = _cli("check", str(FIX / "planted.md"), "--annotate", str(tmp_path / "x.docx"))
    assert res.returncode == 2 and "只能用于 .docx" in res.stderr


@pytest.mark.parametrize("module", ["chromadb", "langchain_core", "matplotlib"])
def test_check_path_imports_stay_light(module):
    code = ("import sys; from draftkit.check import check_file; check_file(%r); "
            "print(%r in sys.modules)" % (str(FIX / "planted.md"), module))
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.stdout.strip() == "False", res.stderr


@pytest.mark.slow
def test_annotated_copy_opens_in_libreoffice(tmp_path):
    """LibreOffice reads the copy and anchors each comment on exactly the flagged figure."""
    import re
    import zipfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice not installed")
    out = tmp_path / "out.docx"
    annotate(FIX / "report.docx", check_file(FIX / "report.docx"), out)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "odt",
                    str(out), "--outdir", str(tmp_path)], capture_output=True, timeout=180, check=False)
    odt = tmp_path / "out.odt"
    assert odt.exists()
    xml = zipfile.ZipFile(odt).read("content.xml").decode("utf-8")
    anchored = []
    for m in re.finditer(r'<office:annotation office:name="([^"]+)".*?</office:annotation>(.*?)'
                         r'<office:annotation-end office:name="\1"/>', xml, re.S):
        anchored.append(re.sub(r"<[^>]+>", "", m.group(2)))
    assert sorted(anchored) == ["2402", "49.15%"]


def test_places_count_from_one_in_json_and_console(tmp_path):
    """One numbering: the JSON's paragraph/table/row/column and the console's 第N段 agree, from 1."""
    from draftkit.check import check_file, to_json
    from draftkit.cli.check_cmd import _where

    p = tmp_path / "r.md"
    p.write_text("# 一、概述\n\n学校教职工 959人，专任教师 796人，占比 85.00%。\n", encoding="utf-8")
    res = check_file(p)
    f = next(x for x in res.findings if x.figure == "85.00%")
    loc = to_json(res)["findings"][0]["location"]
    assert loc["paragraph"] == f.location["paragraph"] + 1 >= 1
    assert _where(f.place()) .startswith(f"第{loc['paragraph']}段")


def test_marks_and_text_place_every_figure_in_the_text_as_read():
    """What ``draftkit serve`` highlights: each mark's span is its figure in the paragraph or cell text
    of the block it names, findings sit on marks, and neither is in the JSON."""
    result = check_file(FIX / "planted.md")
    assert len(result.marks) == result.summary["figures"] > 0
    by_block = {b.location["block"]: b for b in result.text}
    for m in result.marks:
        block = by_block[m.location["block"]]
        text = block.rows[m.location["row"]][m.location["column"]] if "table" in m.location else block.text
        assert text[m.span[0]:m.span[1]] == m.figure
    spots = {(m.location["block"], m.location.get("row"), m.location.get("column"), m.span) for m in result.marks}
    for f in result.findings:
        assert (f.location["block"], f.location.get("row"), f.location.get("column"), f.span) in spots
    assert [b.location["block"] for b in result.text] == sorted(by_block)
    assert "marks" not in json.dumps(to_json(result)) and "text" not in to_json(result)
