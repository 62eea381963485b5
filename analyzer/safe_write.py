"""Every file harness-audit writes goes through here: atomic, inside its folder, never over the user's work.

- **Atomic**: the text goes to a temporary file in the same folder, which then replaces the
  target in one `os.replace`; a failure at any point leaves the old file as it was.
- **Inside the target folder**: a write into a folder (`--emit-tests`, `scaffold`, `skill
  install`) refuses any path whose parent folders or the file itself are symbolic links, so
  nothing follows a link out of the folder. `os.replace` on a single file (`-o`, baselines)
  replaces a link itself, never the file it points to.
- **Nothing the user wrote is overwritten without `force`**: a file already in the folder is
  replaced only when it holds the same text, when `ours(text)` says harness-audit wrote it, or
  with `force`. Every check runs before the first write, so a refused write writes nothing.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable, Mapping


class WriteError(Exception):
    """A write that was refused or failed; `str()` names the file."""


def write_file(path: str | Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` atomically."""
    path = Path(path)
    if path.is_dir():
        raise WriteError(f"cannot write {path}: it is a folder")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise WriteError(f"cannot write {path}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8", "backslashreplace"))
            stream.flush()
            os.fsync(stream.fileno())
        mode = path.stat().st_mode & 0o777 if path.is_file() and not path.is_symlink() else 0o644
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        _remove(temporary)
        raise WriteError(f"cannot write {path}: {error.strerror}") from None
    except BaseException:
        _remove(temporary)
        raise


def write_into_folder(folder: str | Path, files: Mapping[str, str], *, force: bool = False,
                      ours: Callable[[str], bool] = lambda text: False) -> list[Path]:
    """Write `files` (relative POSIX name -> text) under `folder`; returns the paths written."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise WriteError(f"cannot write into {folder}: it is not a folder")
    refused = []
    for name in sorted(files):
        problem = _problem(folder, name, files[name], force, ours)
        if problem:
            refused.append(problem)
    if refused:
        raise WriteError("; ".join(refused[:5]) + (f" (and {len(refused) - 5} more)" if len(refused) > 5 else ""))
    written = []
    for name in sorted(files):
        path = folder / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WriteError(f"cannot create {path.parent}: {error.strerror}") from None
        write_file(path, files[name])
        written.append(path)
    return written


def _problem(folder: Path, name: str, text: str, force: bool, ours: Callable[[str], bool]) -> str | None:
    parts = Path(name).parts
    if Path(name).is_absolute() or ".." in parts:
        return f"{name}: not a path inside {folder}"
    here = folder
    for part in parts:
        here = here / part
        if here.is_symlink():
            return f"{here} is a symbolic link; harness-audit does not write through links"
    path = folder / name
    if path.is_dir():
        return f"{path} is a folder"
    if path.exists():
        if not path.is_file():
            return f"{path} is not a regular file"
        try:
            current = path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            return f"cannot read {path}: {error.strerror}"
        if current != text and not force and not ours(current):
            return f"{path} exists and was not written by harness-audit (use --force to replace it)"
    return None


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
