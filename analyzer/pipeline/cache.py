"""A cache of per-file facts, keyed by everything that decides them.

The key of a file is a hash of its bytes, its path and kind (paths appear in facts and decide
which checks apply), and a fingerprint of the analyser itself: the tool's version, the source
of every module of the `analyzer` package, the shipped rubric data (vocabularies) and the
versions of Python and libcst. Change any of them and every key changes, so an entry is never
served stale. The rubric you add with `--rubric`, the config, `--select` and the baseline act
after the facts (in the judge and the report), so they are not in the key.

Entries are JSON (`codec.py`), one file each, written to a temporary file and renamed into
place, so a concurrent run reads either a whole entry or none. An entry that does not read,
decode or carry its own key is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import libcst

from analyzer import __version__
from analyzer.facts.model import FileFacts
from analyzer.pipeline.codec import DecodeError, decode, encode
from analyzer.resources import data_dir

FORMAT = "harness-audit/facts-cache/v1"
PROJECT_CACHE = ".harness-audit-cache"
ENVIRONMENT_VARIABLE = "HARNESS_AUDIT_CACHE_DIR"
_PACKAGE = Path(__file__).resolve().parent.parent


def default_cache_dir(root: Path) -> Path:
    """$HARNESS_AUDIT_CACHE_DIR, else the user cache folder, else `.harness-audit-cache/` in `root`."""
    chosen = os.environ.get(ENVIRONMENT_VARIABLE)
    if chosen:
        return Path(chosen)
    user = _user_cache_root()
    if user is not None:
        return user / "harness-audit"
    return root / PROJECT_CACHE


def _user_cache_root() -> Path | None:
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    base = os.environ.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return Path(base)
    try:
        return Path.home() / ".cache"
    except RuntimeError:  # no home folder
        return None


@lru_cache(maxsize=1)
def analyzer_fingerprint() -> str:
    """A hash of what decides the facts of a file, other than the file itself."""
    digest = hashlib.sha256()
    for part in (FORMAT, __version__, platform.python_implementation(), sys.version, libcst.__name__,
                 _distribution_version("libcst")):
        digest.update(part.encode() + b"\0")
    for folder in (_PACKAGE, data_dir("rubrics")):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml", ".yml", ".json")):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _distribution_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def file_key(relpath: str, kind: str, raw: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(analyzer_fingerprint().encode() + b"\0" + kind.encode() + b"\0" + relpath.encode() + b"\0")
    digest.update(raw)
    return digest.hexdigest()


class FactCache:
    """Facts by key in `folder` (created on first write)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.hits = self.misses = self.rejected = self.write_errors = 0

    def _path(self, key: str) -> Path:
        return self.folder / "v1" / key[:2] / f"{key}.json"

    def get(self, key: str) -> FileFacts | None:
        try:
            raw = self._path(key).read_bytes()
        except OSError:  # not there (or not readable): a miss
            self.misses += 1
            return None
        try:
            document = json.loads(raw.decode("utf-8"))
            if not (isinstance(document, dict) and document.get("format") == FORMAT and document.get("key") == key):
                raise DecodeError("not this entry")
            facts = decode(document["facts"])
            if not isinstance(facts, FileFacts):
                raise DecodeError("not facts")
        except (ValueError, TypeError, KeyError, RecursionError):  # corrupt or foreign: analyse again, rewrite
            self.rejected += 1
            self.misses += 1
            return None
        self.hits += 1
        return facts

    def put(self, key: str, facts: FileFacts) -> None:
        """Write atomically (temporary file, then rename); a cache that cannot be written is skipped."""
        path = self._path(key)
        document = json.dumps({"format": FORMAT, "key": key, "facts": encode(facts)}, separators=(",", ":"))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{key[:16]}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(document)
                os.replace(temporary, path)
            except BaseException:
                _remove(temporary)
                raise
        except OSError:
            self.write_errors += 1


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass
