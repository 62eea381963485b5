"""Needs a description implies without naming them, and the things it names.

A refund flow that waits a day for Dana needs workflow state even though nobody wrote "state";
an agent that reads strangers' e-mail needs the gate to hold whatever the e-mail says. Each
implied need carries the user's words that imply it, so the plan can say why. Cue tables are
in `lexicon.py`; boundary patterns find a stated reason to split reading from acting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from analyzer.design import lexicon
from analyzer.parse.prose import Text


@dataclass(frozen=True)
class Implied:
    name: str            # waits | hours-long | production-data | code-execution | untrusted-input | boundary
    phrases: tuple[str, ...]
    detail: str = ""     # e.g. the untrusted sources, comma-separated

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "phrases": list(self.phrases), "detail": self.detail}


def _said(text: Text, cues: tuple[str, ...], *, keys: bool = True) -> tuple[str, ...]:
    """The user's words for `cues`, not negated; without `keys`, not the key of a lookup ("by email")."""
    phrases: list[str] = []
    for match in text.find(cues):
        phrase = " ".join(match.phrase.split())
        if not keys and "by" in text.words_before(match, 3):
            continue
        if not match.negated and phrase.lower() not in (p.lower() for p in phrases):
            phrases.append(phrase)
    return tuple(phrases)


def untrusted_sources(text: Text) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(kind of source, the user's words) for content the agent reads that outsiders write."""
    found = []
    for kind, cues in lexicon.UNTRUSTED_SOURCES.items():
        phrases = _said(text, cues, keys=False)
        if phrases:
            found.append((kind, phrases))
    return tuple(found)


def sensitive_data(text: Text) -> tuple[str, ...]:
    return _said(text, lexicon.SENSITIVE_DATA)


def boundary(description: str) -> str:
    """The clause that draws a line between what reads and what acts, or ""."""
    for pattern in lexicon.BOUNDARY_PATTERNS:
        found = re.search(pattern, description, re.I)
        if found:
            start = max(description.rfind(".", 0, found.start()), description.rfind(";", 0, found.start())) + 1
            end = min((i for i in (description.find(".", found.end()), description.find(";", found.end())) if i >= 0),
                      default=len(description))
            return " ".join(description[start:end].split())
    return ""


def implied_needs(text: Text, *, side_effects: tuple[str, ...], waits_on_person: bool) -> tuple[Implied, ...]:
    """What the description implies, in a fixed order."""
    needs: list[Implied] = []
    waits = _said(text, lexicon.WAIT_CUES)
    if waits and side_effects or waits_on_person:
        needs.append(Implied("waits", waits or ("a person must approve",)))
    hours = _said(text, lexicon.HOURS_CUES)
    if hours:
        needs.append(Implied("hours-long", hours))
    production = _said(text, lexicon.PRODUCTION_CUES)
    data = _said(text, lexicon.DATA_CUES)
    if production and data and any(r in side_effects for r in ("mutating", "destructive")):
        needs.append(Implied("production-data", production + data[:2]))
    code = _said(text, lexicon.CODE_EXECUTION_CUES)
    if code and any(r in side_effects for r in ("mutating", "destructive")):
        needs.append(Implied("code-execution", code))
    sources = untrusted_sources(text)
    if sources:
        kinds = ", ".join(kind for kind, _ in sources)
        needs.append(Implied("untrusted-input", tuple(p for _, ps in sources for p in ps), kinds))
    line = boundary(text.text)
    if line:
        needs.append(Implied("boundary", (line,)))
    return tuple(needs)


_NOT_NAMES = frozenset("""I A An The It Its We Our Us You Your My Me They Their He She This That These Those
When If Once Then Some Anything Everything Nothing Anyone Sometimes Small Hobby Every Each Any No Not
And Or But So For From In On At By With Without To Of As Also Only Just Please Note AI LLM OK""".split())


def named_things(description: str) -> tuple[str, ...]:
    """Products, people and systems the description names (capitalised words not opening a
    sentence), in order: what a plan should call them."""
    names: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n", description):
        words = re.findall(r"[A-Za-z][\w&./+-]*[\w+]|[A-Za-z]", sentence)
        for index, word in enumerate(words):
            if index == 0 or word in _NOT_NAMES or not word[0].isupper():
                continue
            if word not in names:
                names.append(word)
    return tuple(names)
