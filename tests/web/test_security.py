"""Safety of the workspace: loopback by default, the token, CSRF, upload limits and types, no traversal."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import csrf_headers, make_client

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# -- binding and the token ----------------------------------------------------------------------
def test_binding_to_all_addresses_without_a_token_is_refused() -> None:
    from draftkit.errors import ConfigError
    from draftkit.web import WebConfig

    with pytest.raises(ConfigError) as exc:
        WebConfig(project=Path("."), host="0.0.0.0").validate()
    assert "DRAFTKIT_WEB_TOKEN" in str(exc.value) and "0.0.0.0" in str(exc.value)
    with pytest.raises(ConfigError, match="太短"):
        WebConfig(project=Path("."), host="192.168.1.20", token="short").validate()
    WebConfig(project=Path("."), host="0.0.0.0", token="x" * 20).validate()  # a real token: allowed
    WebConfig(project=Path("."), host="127.0.0.1").validate()  # loopback needs none
    WebConfig(project=Path("."), host="::1").validate()


def test_serve_command_refuses_0_0_0_0_without_token(built_project: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from draftkit.cli import main

    monkeypatch.setattr(sys, "argv", ["draftkit", "--project", str(built_project), "serve", "--host", "0.0.0.0"])
    with pytest.raises(SystemExit) as exc:
        main()  # refused before any socket is opened
    assert exc.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "拒绝在 0.0.0.0 上启动" in err and "DRAFTKIT_WEB_TOKEN" in err


TOKEN = "dept-token-0123456789abcdef"


def test_with_a_token_pages_need_login_and_the_api_needs_the_token(built_project: Path) -> None:
    with make_client(built_project, host="0.0.0.0", token=TOKEN) as c:
        r = c.get("/data", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Fdata"
        assert c.get("/api/sections").status_code == 401
        assert "输入访问令牌" in c.get("/login").text
        assert c.get("/static/app.css").status_code == 200  # the login page's own assets
        assert c.get("/api/sections", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert c.get("/api/sections", headers={"Authorization": "Bearer wrong-token-000000"}).status_code == 401


def test_login_sets_a_cookie_that_is_not_the_token(built_project: Path) -> None:
    with make_client(built_project, host="0.0.0.0", token=TOKEN) as c:
        c.get("/login")
        csrf = c.cookies["dk_csrf"]
        bad = c.post("/login", data={"token": "wrong-token-000000", "csrf_token": csrf, "next": "/data"})
        assert bad.status_code == 401 and "令牌不正确" in bad.text
        no_csrf = c.post("/login", data={"token": TOKEN, "next": "/data"})
        assert "页面已过期" in no_csrf.text and "dk_auth" not in c.cookies
        ok = c.post("/login", data={"token": TOKEN, "csrf_token": csrf, "next": "/data"}, follow_redirects=False)
        assert ok.status_code == 303 and ok.headers["location"] == "/data"
        assert c.cookies["dk_auth"] and TOKEN not in c.cookies["dk_auth"]
        assert "HttpOnly" in ok.headers["set-cookie"] and "SameSite=strict" in ok.headers["set-cookie"]
        assert c.get("/data").status_code == 200


def test_login_never_redirects_to_another_site(built_project: Path) -> None:
    with make_client(built_project, host="0.0.0.0", token=TOKEN) as c:
        c.get("/login")
        r = c.post("/login", data={"token": TOKEN, "csrf_token": c.cookies["dk_csrf"], "next": "//evil.example/x"},
                   follow_redirects=False)
        assert r.headers["location"] == "/"


def test_loopback_server_refuses_foreign_host_headers(client) -> None:
    """A page on evil.example resolving to 127.0.0.1 (DNS rebinding) must not reach the workspace."""
    r = client.get("/", headers={"Host": "evil.example:8765"})
    assert r.status_code == 400 and "本机" in r.text
    assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200


# -- CSRF ---------------------------------------------------------------------------------------
def test_post_from_a_browser_needs_the_csrf_token(client) -> None:
    headers = csrf_headers(client)
    # the CSRF check runs before routing, so reaching the 404 of an unknown section means it passed
    assert client.post("/api/draft/no-such-section", headers=headers).status_code == 404
    r = client.post("/api/draft/no-such-section")  # the cookie is there, the header is not
    assert r.status_code == 403 and "CSRF" in r.json()["error"]
    wrong = client.post("/api/draft/no-such-section", headers={"X-CSRF-Token": "forged"})
    assert wrong.status_code == 403


def test_cross_site_post_without_cookies_is_refused(built_project: Path) -> None:
    with make_client(built_project) as c:  # no page opened: no cookies, like a form on another site
        r = c.post("/api/build", headers={"Origin": "https://evil.example"})
        assert r.status_code == 403


# -- uploads ------------------------------------------------------------------------------------
def test_a_60_mb_upload_gets_413_with_a_chinese_message(client) -> None:
    body = b"0" * (60 * 1024 * 1024)
    r = client.post("/api/check", files={"file": ("big.txt", body, "text/plain")})
    assert r.status_code == 413
    assert "太大" in r.json()["error"] and "50 MB" in r.json()["error"]


def test_a_streamed_upload_over_the_limit_gets_413(built_project: Path) -> None:
    def chunks():
        for _ in range(40):
            yield b"x" * 65536  # 2.5 MB, no Content-Length

    with make_client(built_project, upload_limit=1024 * 1024) as c:
        r = c.post("/api/check", content=chunks(), headers={"Content-Type": "multipart/form-data; boundary=xyz"})
        assert r.status_code == 413 and "太大" in r.json()["error"]


@pytest.mark.parametrize("name, content, expected", [
    ("report.docx", b"just text, not a zip", "内容不是Word 文档"),
    ("report.pdf", b"PK\x03\x04 a zip, not a pdf", "内容不是 PDF"),
    ("report.txt", b"\x00\x01\x02binary\x00", "内容不是文本"),
    ("report.exe", b"MZ", "不支持的文件类型：.exe"),
    ("report.docx", b"", "空的"),
])
def test_uploads_are_typed_by_content(client, name: str, content: bytes, expected: str) -> None:
    r = client.post("/api/check", files={"file": (name, content, "application/octet-stream")})
    assert r.status_code == 400
    assert expected in r.json()["error"] and r.json()["file"] == name


def test_a_zip_that_is_not_a_word_document_is_refused(client, tmp_path: Path) -> None:
    import zipfile

    fake = tmp_path / "fake.docx"
    with zipfile.ZipFile(fake, "w") as zf:
        zf.writestr("hello.txt", "not word")
    r = client.post("/api/check", files={"file": ("fake.docx", fake.read_bytes(), DOCX)})
    assert r.status_code == 400 and "Word 文档" in r.json()["error"]


def test_uploads_are_deleted_after_use(client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    r = client.post("/api/check", files={"file": ("note.txt", "学校全日制在校生17402人。".encode(), "text/plain")})
    assert r.status_code == 200
    assert not list(tmp_path.glob("draftkit-web-*"))  # the private folder is gone


# -- paths from requests ------------------------------------------------------------------------
@pytest.mark.parametrize("path", [
    "/sections/..%2F..%2F..%2Fetc%2Fpasswd",
    "/sections/../../../etc/passwd",
    "/reports/..%2F..%2F..%2Fetc%2Fpasswd",
    "/reports/..%2F..%2Fdata%2F2023.yaml",
    "/data/charts/..%2F..%2Fetc%2Fpasswd.png",
    "/check/..%2F..%2Fetc%2Fpasswd",
    "/check/..%2F..%2Fetc%2Fpasswd/annotated.docx",
    "/api/jobs/..%2F..%2Fetc%2Fpasswd",
    "/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
])
def test_traversal_paths_get_404_never_a_file(client, path: str) -> None:
    r = client.get(path)
    assert r.status_code in (400, 404), path
    assert "root:" not in r.text and "school:" not in r.text


def test_traversal_in_a_section_id_or_report_name_of_a_post_is_refused(client) -> None:
    headers = csrf_headers(client)
    r = client.post("/api/draft/..%2F..%2Fetc%2Fpasswd", headers=headers)
    assert r.status_code == 404
    r = client.post("/check", data={"report": "../../../etc/passwd"}, headers=headers)
    assert r.status_code == 404 and "root:" not in r.text
    r = client.post("/api/check", data={"report": "../data/2023.yaml"}, headers=headers)
    assert r.status_code == 404


def test_an_uploaded_file_name_with_folders_is_only_shown_by_its_base_name(client) -> None:
    r = client.post("/api/check", files={"file": ("../../etc/passwd.txt", "在校生17402人。".encode(), "text/plain")})
    assert r.status_code == 200 and r.json()["file"] == "passwd.txt"


def test_document_text_is_escaped_on_the_result_page(client) -> None:
    headers = csrf_headers(client)
    text = "<script>alert(1)</script> 学校全日制在校生17420人。\n"
    r = client.post("/check", files={"file": ("x.md", text.encode(), "text/markdown")}, headers=headers)
    page = client.get(r.json()["url"]).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_logout_needs_the_form_token_and_forgets_the_login(built_project: Path) -> None:
    with make_client(built_project, host="0.0.0.0", token=TOKEN) as c:
        c.get("/login")
        csrf = c.cookies["dk_csrf"]
        c.post("/login", data={"token": TOKEN, "csrf_token": csrf, "next": "/"})
        assert c.post("/logout", data={}).status_code == 403  # forged from another page: still logged in
        assert c.get("/data").status_code == 200
        r = c.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
        assert r.status_code == 303 and "dk_auth" not in c.cookies
        assert c.get("/data", follow_redirects=False).status_code == 303


def test_pages_forbid_foreign_scripts_and_framing(client) -> None:
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "<script>" not in r.text  # only /static/app.js, no inline script the policy would block


def test_serve_says_in_chinese_when_the_port_is_taken(built_project: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    from draftkit.cli import main

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        monkeypatch.setattr(sys, "argv", ["draftkit", "--project", str(built_project), "serve", "--port", str(port)])
        with pytest.raises(SystemExit) as exc:
            main()
    assert exc.value.code == 2
    assert f"端口 {port} 已被占用" in " ".join(capsys.readouterr().err.split())
