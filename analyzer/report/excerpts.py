"""Code excerpts for the HTML report: a few lines around a finding or a piece of evidence, read from the
audited files as they are on disk (read, never run). A file that cannot be read has no excerpt."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

CONTEXT = 2  # lines before and after
MAX_EXCERPTS = 400  # a huge report stays a reasonable file


@dataclass(frozen=True)
class Excerpt:
    anchor: str
    path: str  # as the reader opens it (relative to the working directory)
    line: int
    lines: tuple[tuple[int, str], ...]


@dataclass
class ExcerptBook:
    """Excerpts by place, each with a stable in-page anchor; read each file once."""

    base: str  # the audited root as reachable from the working directory ("" = here)
    excerpts: dict[tuple[str, int], Excerpt] = field(default_factory=dict)
    _files: dict[str, list[str] | None] = field(default_factory=dict)

    def anchor(self, path: str, line: int) -> str:
        """The anchor of the excerpt at path:line ("" when there is none), recording it on first use."""
        key = (path, max(line, 1))
        if key in self.excerpts:
            return self.excerpts[key].anchor
        source = self._source(path)
        if source is None or len(self.excerpts) >= MAX_EXCERPTS or key[1] > len(source):
            return ""
        start, end = max(1, key[1] - CONTEXT), min(len(source), key[1] + CONTEXT)
        shown = f"{self.base}/{path}" if self.base else path
        excerpt = Excerpt(f"src-{re.sub(r'[^A-Za-z0-9]+', '-', path).strip('-')}-{key[1]}", shown, key[1],
                          tuple((n, source[n - 1]) for n in range(start, end + 1)))
        self.excerpts[key] = excerpt
        return excerpt.anchor

    def get(self, path: str, line: int) -> Excerpt | None:
        return self.excerpts.get((path, max(line, 1))) if self.anchor(path, line) else None

    def _source(self, path: str) -> list[str] | None:
        if path not in self._files:
            if path in ("", "."):
                self._files[path] = None
            else:
                try:
                    text = (Path(self.base or ".") / path).read_text(encoding="utf-8", errors="replace")
                    self._files[path] = text.splitlines()
                except OSError:
                    self._files[path] = None
        return self._files[path]
