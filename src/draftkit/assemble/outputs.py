"""Never lose an edit: choose where an output goes and remember what draftkit wrote there.

``.draftkit/outputs.json`` maps each output path (relative to the project when inside it) to the
SHA-256 of the bytes draftkit last wrote. A target that exists and differs from that record was
edited by a person: the new build goes to ``report-1.docx``, ``report-2.docx`` … instead (or
overwrites with ``force``). Writes are atomic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..fsutil import atomic_write, sha256_bytes, sha256_file

__all__ = ["OutputPlan", "plan_output", "write_output", "manifest_path", "load_manifest"]

MANIFEST = "outputs.json"
MAX_VARIANTS = 999


@dataclass(frozen=True)
class OutputPlan:
    """Where to write and why: ``diverted_from`` is the edited file that was kept."""

    path: Path
    diverted_from: Path | None = None
    overwrote_edit: bool = False


def manifest_path(state_dir: Path) -> Path:
    """``.draftkit/outputs.json``."""
    return state_dir / MANIFEST


def load_manifest(state_dir: Path) -> dict[str, str]:
    """Path → sha256 of what draftkit last wrote (empty when missing or unreadable)."""
    p = manifest_path(state_dir)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _key(path: Path, project: Path) -> str:
    p = path.resolve()
    try:
        return p.relative_to(project.resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def _is_ours(path: Path, manifest: dict[str, str], project: Path) -> bool:
    """True when the file does not exist or still holds exactly what draftkit wrote."""
    if not path.exists():
        return True
    recorded = manifest.get(_key(path, project))
    return recorded is not None and recorded == sha256_file(path)


def plan_output(target: Path, project: Path, state_dir: Path, force: bool = False) -> OutputPlan:
    """Decide the file to write: the target, or the first free/unedited numbered variant."""
    manifest = load_manifest(state_dir)
    if force:
        return OutputPlan(target, overwrote_edit=not _is_ours(target, manifest, project))
    if _is_ours(target, manifest, project):
        return OutputPlan(target)
    for n in range(1, MAX_VARIANTS + 1):
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
        if _is_ours(candidate, manifest, project):
            return OutputPlan(candidate, diverted_from=target)
    from ..errors import OutputConflictError

    raise OutputConflictError(f"{target} 及其 {MAX_VARIANTS} 个编号副本都已被手工修改", location=str(target),
                              hint="整理 outputs/ 目录，或加 --force 覆盖。")


def write_output(path: Path, data: bytes, project: Path, state_dir: Path) -> str:
    """Write atomically and record the SHA-256 in the manifest; returns the hash."""
    try:
        atomic_write(path, data)
    except PermissionError as exc:
        from ..errors import OutputConflictError

        raise OutputConflictError(f"无法写入 {path}：{exc.strerror}", location=str(path),
                                  hint="文件可能正在 Word/WPS 中打开，关闭后重试；或用 --out 写到别处。") from exc
    digest = sha256_bytes(data)
    manifest = load_manifest(state_dir)
    manifest[_key(path, project)] = digest
    atomic_write(manifest_path(state_dir), json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return digest
