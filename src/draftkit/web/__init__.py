"""The web workspace behind ``draftkit serve``: pages for writers and reviewers and a JSON API.

    from draftkit.web import WebConfig, create_app
    app = create_app(WebConfig(project=Path("."), host="127.0.0.1"))

Pages (总览 / 数据 / 章节 / 核对 / 滚动更新) are server-rendered; long work (入库, 起草, 组装, 滚动更新) runs as a
background job in its own process under the project lock the CLI uses. See docs/ARCHITECTURE.md.
"""

from __future__ import annotations

from typing import Any

__all__ = ["WebConfig", "create_app"]


def __getattr__(name: str) -> Any:  # starlette is imported only when the web app is used
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(name)
