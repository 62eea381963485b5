"""File tools confined to the workspace root."""

from __future__ import annotations

from pathlib import Path


def resolve(root: str, path: str) -> Path:
    base = Path(root).resolve()
    target = (base / path).resolve()
    if target != base and base not in target.parents:
        raise PermissionError(f"{path!r} is outside the workspace")
    return target


def read_file(root: str, path: str) -> str:
    text = resolve(root, path).read_text(encoding="utf-8", errors="replace")
    return text if len(text) < 60_000 else text[:60_000] + "\n[... truncated ...]"


def list_dir(root: str, path: str = ".") -> str:
    entries = sorted(resolve(root, path).iterdir())
    return "\n".join(p.name + ("/" if p.is_dir() else "") for p in entries)


def write_file(root: str, path: str, content: str) -> str:
    target = resolve(root, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
    return f"wrote {path} ({len(content)} chars)"


def edit_file(root: str, path: str, old: str, new: str) -> str:
    target = resolve(root, path)
    text = target.read_text(encoding="utf-8")
    count = text.count(old)
    if count != 1:
        raise ValueError(f"`old` must match exactly once in {path}, found {count}")
    target.write_text(text.replace(old, new), encoding="utf-8")
    return f"edited {path}"


def delete_file(root: str, path: str) -> str:
    resolve(root, path).unlink()
    return f"deleted {path}"
