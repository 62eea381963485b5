"""Tokenise a description and find cue phrases in it, knowing when a phrase is negated.

Design mode reads a prompt with plain, deterministic rules rather than a model: the same
words always give the same profile. A cue is a short phrase (`issue* refund*`); a match is
negated when a negation word governs it ("no payments", "never deletes", "deleting is not
allowed") and marked as a topic when the agent only talks about the thing ("questions about
refunds"), which is not the same as doing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Clause boundaries: negation and topic scope never cross them.
_CLAUSE_BREAK = re.compile(r"[.;:!?\n()\[\]]+|\b(?:but|however|although|though|whereas|except|unless)\b", re.I)
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[$€£]|,", re.I)

NEGATIONS = frozenset({
    "no", "not", "never", "without", "nor", "neither", "cannot", "can't", "won't", "don't",
    "doesn't", "isn't", "aren't", "shouldn't", "mustn't", "wouldn't", "didn't", "zero", "nothing",
})
# "not only X", "not just X": emphasis, not negation.
_NOT_NEGATING_NEXT = frozenset({"only", "just", "merely", "simply", "limited"})
# After a cue: "deletes are not allowed", "payments are out of scope".
_POST_NEGATIONS = (
    ("not", "allowed"), ("not", "permitted"), ("not", "needed"), ("not", "required"),
    ("not", "supported"), ("not", "included"), ("not", "in", "scope"), ("forbidden",),
    ("prohibited",), ("disallowed",), ("excluded",), ("out", "of", "scope"), ("never",),
    ("isn't", "allowed"), ("aren't", "allowed"), ("is", "off", "limits"), ("are", "off", "limits"),
)
# Words that may sit between two items of one negated list: "no payments, refunds or deletes".
_LIST_GLUE = frozenset({",", "or", "nor", "and", "any", "the", "a", "an", "to", "of", "other", "either"})
# The agent talks about the thing rather than doing it.
_TOPIC_BEFORE = frozenset({"about", "regarding", "concerning", "explain", "explains", "explaining",
                           "describe", "describes", "describing", "faq", "faqs", "extract",
                           "extracts", "extracting", "classify", "classifies", "classifying",
                           "categorise", "categorises", "categorize", "categorizes", "summarise",
                           "summarises", "summarize", "summarizes", "track", "tracks", "tracking"})
_TOPIC_AFTER = frozenset({"policy", "policies", "status", "statuses", "history", "question",
                          "questions", "faq", "faqs", "rules", "terms", "options", "process",
                          "guide", "guides", "docs", "documentation", "article", "articles",
                          "category", "categories", "type", "types"})
# Someone other than the agent does it: "engineers run every command themselves".
_OTHER_ACTORS = frozenset({"engineers", "users", "humans", "people", "staff", "we", "they", "i",
                           "customers", "operators", "admins", "administrators", "developers",
                           "employees", "managers", "reviewers", "agents'", "humans'", "you"})
_NEGATION_WINDOW = 4
_TOPIC_WINDOW = 3


@dataclass(frozen=True)
class Token:
    word: str    # lower-cased
    start: int   # offsets into the original text, so matches quote the user's own words
    end: int
    clause: int


@dataclass(frozen=True)
class Match:
    """One occurrence of a cue in the text."""

    cue: str          # the pattern that matched, e.g. "issue* refund*"
    phrase: str       # the user's own words, e.g. "issues refunds"
    start: int
    end: int
    negated: bool
    negation: str     # the negating words ("no", "not allowed"), empty when not negated
    negation_after: bool  # "deleting is not allowed" rather than "no deleting"
    topic: bool       # mentioned as a subject of conversation, not as an action
    actor: str = ""   # someone else does it ("engineers run ..."), empty when the agent may

    @property
    def display(self) -> str:
        """The phrase as the user meant it, negation included."""
        phrase = " ".join(self.phrase.split())
        if not self.negated:
            return phrase
        return f"{phrase} {self.negation}" if self.negation_after else f"{self.negation} {phrase}"


def tokenize(text: str) -> list[Token]:
    """Words and commas with their clause number; apostrophes normalised."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    tokens: list[Token] = []
    clause = 0
    position = 0
    for piece in _CLAUSE_BREAK.finditer(text + "\n"):
        segment_end = piece.start()
        for found in _TOKEN.finditer(text, position, segment_end):
            tokens.append(Token(found.group(0).lower(), found.start(), found.end(), clause))
        clause += 1
        position = piece.end()
    return tokens


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


_CUE_PART = re.compile(r"\.\.\.|[a-z0-9]+(?:'[a-z]+)?\*?|[$€£]|\*")


def _parse_cue(cue: str) -> list[str]:
    """`read-only` and `24/7` split into words exactly as the text does."""
    return _CUE_PART.findall(cue.lower())


def _match_at(parts: list[str], tokens: list[Token], index: int) -> int | None:
    """End index (exclusive) when `parts` match starting at `index`; `...` skips up to 3 words."""
    position = index
    for number, part in enumerate(parts):
        if part == "...":
            continue
        if number and parts[number - 1] == "...":
            limit = min(position + 4, len(tokens))
            found = None
            for candidate in range(position, limit):
                if tokens[candidate].clause != tokens[index].clause:
                    break
                if _word_matches(part, tokens[candidate].word):
                    found = candidate
                    break
            if found is None:
                return None
            position = found + 1
            continue
        if position >= len(tokens) or tokens[position].clause != tokens[index].clause:
            return None
        if not _word_matches(part, tokens[position].word):
            return None
        position += 1
    return position


def _negation_before(tokens: list[Token], start: int) -> str:
    clause = tokens[start].clause
    words = 0
    for index in range(start - 1, -1, -1):
        token = tokens[index]
        if token.clause != clause or token.word == ",":
            return ""
        if token.word in NEGATIONS:
            following = tokens[index + 1].word if index + 1 < len(tokens) else ""
            return "" if following in _NOT_NEGATING_NEXT else token.word
        words += 1
        if words >= _NEGATION_WINDOW:
            return ""
    return ""


def _negation_after(tokens: list[Token], end: int) -> str:
    clause = tokens[end - 1].clause
    ahead = [t.word for t in tokens[end:end + 5] if t.clause == clause]
    # Skip a copula or modal: "deleting data is not allowed", "refunds must never".
    for offset in range(0, 3):
        for pattern in _POST_NEGATIONS:
            window = ahead[offset:offset + len(pattern)]
            if tuple(window) == pattern:
                return " ".join(pattern)
    return ""


def _is_topic(tokens: list[Token], start: int, end: int) -> bool:
    clause = tokens[start].clause
    before = [t.word for t in tokens[max(0, start - _TOPIC_WINDOW):start] if t.clause == clause]
    after = tokens[end].word if end < len(tokens) and tokens[end].clause == clause else ""
    return any(word in _TOPIC_BEFORE for word in before) or after in _TOPIC_AFTER


class Text:
    """A tokenised description that answers "where does this cue occur, and how?"."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self._positions: dict[str, list[int]] = {}  # word -> token indices, for cue look-up
        for index, token in enumerate(self.tokens):
            self._positions.setdefault(token.word, []).append(index)

    def _starts(self, first: str) -> list[int]:
        """Token indices where a cue whose first part is `first` can start (linear in the matches)."""
        if first == "...":
            return list(range(len(self.tokens)))
        if first.endswith("*"):
            stem = first[:-1]
            return sorted(i for word, found in self._positions.items() if word.startswith(stem) for i in found)
        return self._positions.get(first, [])

    def find(self, cues: tuple[str, ...]) -> list[Match]:
        """All non-overlapping occurrences of any of `cues`, in text order, longest cue first."""
        spans: list[tuple[int, int, str]] = []
        ordered = sorted(cues, key=lambda c: (-len(_parse_cue(c)), c))
        taken: set[int] = set()
        for cue in ordered:
            parts = _parse_cue(cue)
            if not parts:
                continue
            for index in self._starts(parts[0]):
                if index in taken:
                    continue
                end = _match_at(parts, self.tokens, index)
                if end is None or any(i in taken for i in range(index, end)):
                    continue
                spans.append((index, end, cue))
                taken.update(range(index, end))
        spans.sort()
        return [self._describe(number, spans) for number in range(len(spans))]

    def _describe(self, number: int, spans: list[tuple[int, int, str]]) -> Match:
        start, end, cue = spans[number]
        negation = _negation_before(self.tokens, start) or self._negated_by_list(number, spans)
        after = ""
        if not negation:
            after = negation = _negation_after(self.tokens, end)
        return Match(
            cue=cue,
            phrase=self.text[self.tokens[start].start:self.tokens[end - 1].end],
            start=self.tokens[start].start,
            end=self.tokens[end - 1].end,
            negated=bool(negation),
            negation=negation,
            negation_after=bool(after),
            topic=_is_topic(self.tokens, start, end),
            actor=self._other_actor(start),
        )

    def _other_actor(self, start: int) -> str:
        for index in (start - 1, start - 2):
            if index >= 0 and self.tokens[index].clause == self.tokens[start].clause:
                if self.tokens[index].word in _OTHER_ACTORS:
                    return self.tokens[index].word
                if self.tokens[index].word not in ("can", "may", "will", "must", "also", "still", "then"):
                    return ""
        return ""

    def _negated_by_list(self, number: int, spans: list[tuple[int, int, str]]) -> str:
        """`no payments, refunds or deletes`: a cue joined by list glue to a negated cue.

        `spans` is sorted and non-overlapping, so the cue before span `number` is span `number - 1`;
        walking back through the list is a loop, not recursion (a list can be very long).
        """
        while number > 0:
            start = spans[number][0]
            before_start, before_end, _ = spans[number - 1]
            if self.tokens[before_start].clause != self.tokens[start].clause:
                return ""
            between = self.tokens[before_end:start]
            if any(t.clause != self.tokens[start].clause or t.word not in _LIST_GLUE for t in between):
                return ""
            negation = _negation_before(self.tokens, before_start)
            if negation:
                return negation
            number -= 1
        return ""

    def any(self, cues: tuple[str, ...], *, allow_negated: bool = False) -> list[Match]:
        return [m for m in self.find(cues) if allow_negated or not m.negated]
