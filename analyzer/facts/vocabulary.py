"""The phrases that tie prose and configuration to the primitives, loaded from
`rubrics/vocabulary/doc-terms.yaml`. Code here only compiles them; every phrase is data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from analyzer.resources import data_dir

SCHEMA = "harness-audit/doc-terms/v1"


class VocabularyError(Exception):
    """The vocabulary file is malformed; `str()` names the file and the section."""


@dataclass(frozen=True)
class Phrases:
    """A set of phrases matched case-insensitively as whole words, longest first."""

    items: tuple[str, ...]
    pattern: re.Pattern | None

    @classmethod
    def of(cls, items) -> "Phrases":
        items = tuple(str(i) for i in items)
        if not items:
            return cls((), None)
        # Spaces match any run of whitespace (re.escape escapes them on some Python versions).
        alternatives = sorted({re.escape(i.lower()).replace("\\ ", " ").replace(" ", r"\s+") for i in items},
                              key=len, reverse=True)
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)
        return cls(items, pattern)

    def search(self, text: str) -> str | None:
        """The first phrase found in `text`, as written there."""
        if self.pattern is None:
            return None
        match = self.pattern.search(text)
        return match.group(0) if match else None

    def find_all(self, text: str) -> list[str]:
        return [m.group(0) for m in self.pattern.finditer(text)] if self.pattern else []

    def __contains__(self, text: str) -> bool:
        return self.search(text) is not None


@dataclass(frozen=True)
class Vocabulary:
    primitives: dict[str, Phrases]
    aspiration: Phrases
    aspiration_headings: Phrases
    skip_headings: Phrases
    negation: Phrases
    double_negation: Phrases
    mechanism: Phrases
    risks: dict[str, Phrases]
    risk_negation: Phrases
    agent: Phrases
    multi_agent: Phrases
    complexity: dict[str, Phrases]
    verify_commands: Phrases
    prohibit_cues: Phrases
    prohibit_headings: Phrases
    topics: dict[str, Phrases]
    unsafe_commands: Phrases
    destructive_commands: Phrases
    secret_keys: tuple[str, ...]
    secret_prefixes: tuple[str, ...]
    placeholders: tuple[str, ...]


def vocabulary_path() -> Path:
    return data_dir("rubrics") / "vocabulary" / "doc-terms.yaml"


@lru_cache(maxsize=None)
def load_vocabulary(path: str | None = None) -> Vocabulary:
    source = Path(path) if path else vocabulary_path()
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise VocabularyError(f"{source}: cannot load: {error}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise VocabularyError(f"{source}: expected `schema: {SCHEMA}`")

    def section(*keys: str):
        value = data
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                raise VocabularyError(f"{source}: missing section {'.'.join(keys)}")
            value = value[key]
        return value

    def phrases(*keys: str) -> Phrases:
        value = section(*keys)
        if not isinstance(value, list) or not value:
            raise VocabularyError(f"{source}: {'.'.join(keys)} must be a non-empty list")
        return Phrases.of(value)

    def groups(*keys: str) -> dict[str, Phrases]:
        value = section(*keys)
        if not isinstance(value, dict):
            raise VocabularyError(f"{source}: {'.'.join(keys)} must be a mapping")
        return {str(k): phrases(*keys, k) for k in value if k != "negation"}

    return Vocabulary(
        primitives=groups("primitives"),
        aspiration=phrases("cues", "aspiration"),
        aspiration_headings=phrases("cues", "aspiration_headings"),
        skip_headings=phrases("cues", "skip_headings"),
        negation=phrases("cues", "negation"),
        double_negation=phrases("cues", "double_negation"),
        mechanism=phrases("cues", "mechanism"),
        risks=groups("risks"),
        risk_negation=phrases("risks", "negation"),
        agent=phrases("agent"),
        multi_agent=phrases("multi_agent"),
        complexity=groups("complexity"),
        verify_commands=phrases("instructions", "verify_commands"),
        prohibit_cues=phrases("instructions", "prohibit_cues"),
        prohibit_headings=phrases("instructions", "prohibit_headings"),
        topics=groups("instructions", "topics"),
        unsafe_commands=phrases("instructions", "unsafe_commands"),
        destructive_commands=phrases("config", "destructive_commands"),
        secret_keys=tuple(str(s).lower() for s in section("config", "secret_keys")),
        secret_prefixes=tuple(str(s) for s in section("config", "secret_prefixes")),
        placeholders=tuple(str(s).lower() for s in section("config", "placeholders")),
    )
