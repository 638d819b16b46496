"""CLI command: ``draftkit serve`` — the web workspace (pages + JSON API) on a project."""

from __future__ import annotations

import os
import socket
from typing import Optional

import typer
from rich.markup import escape

from ..errors import ConfigError
from ._app import app, console, state


@app.command("serve")
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址。默认 127.0.0.1（只有本机能打开）；"
                             "给本部门使用时写 0.0.0.0 或本机局域网地址，此时必须设置访问令牌。"),
    port: int = typer.Option(8765, "--port", "-p", min=1, max=65535, help="端口。"),
    token: Optional[str] = typer.Option(None, "--token", envvar="DRAFTKIT_WEB_TOKEN", show_default=False,
                                        help="访问令牌（至少 16 个字符），同事第一次打开时输入；绑定到本机以外的地址时必填。"),
    max_upload: int = typer.Option(50, "--max-upload", min=1, max=2048, help="上传文件大小上限（MB）。"),
) -> None:
    """打开网页工作台：总览、数据、章节、核对、滚动更新五个页面和 JSON API，供撰稿人与审核人在浏览器中使用。

    在项目目录运行（或 draftkit --project DIR serve），然后用浏览器打开显示的地址。入库、起草、组装在后台运行，
    与命令行共用项目锁，两边不会同时写同一批文件。按 Ctrl+C 停止。
    """
    import uvicorn

    from ..web import WebConfig, create_app

    settings = state.settings()
    config = WebConfig(project=settings.project, host=host, port=port, token=token or None,
                       upload_limit=max_upload * 1024 * 1024)
    application = create_app(config)  # refuses a non-loopback host without a token (ConfigError)
    _check_port(host, port)
    shown = f"[{host}]" if ":" in host else host
    console.print(f"[bold green]draftkit 工作台[/]：项目 {escape(str(settings.project))}")
    if host in ("0.0.0.0", "::"):
        console.print(f"  同事用浏览器打开 http://<本机IP>:{port}/ ，首次访问需输入访问令牌；本机可打开 http://127.0.0.1:{port}/")
    else:
        console.print(f"  用浏览器打开 http://{shown}:{port}/" + ("（首次访问需输入访问令牌）" if token else ""))
    console.print("  按 Ctrl+C 停止。", highlight=False)
    uvicorn.run(application, host=host, port=port, log_level=os.environ.get("DRAFTKIT_WEB_LOG", "warning"),
                access_log=False)


def _check_port(host: str, port: int) -> None:
    """ConfigError in Chinese when the address cannot be bound (port taken, address not on this computer)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
                raise ConfigError(f"端口 {port} 已被占用", location=f"{host}:{port}",
                                  hint="用 --port 换一个端口，或关闭占用它的程序（可能是已经打开的工作台）。") from None
            raise ConfigError(f"无法监听 {host}:{port}：{exc.strerror or exc}",
                              hint="--host 应是本机的地址：127.0.0.1（只本机）、0.0.0.0（所有网卡）或本机的局域网 IP。") from None
