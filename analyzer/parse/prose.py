"""Tokenise prose and find cue phrases in it, knowing when a phrase is negated.

Design mode reads a prompt, and the design review reads a document's sentences, with plain,
deterministic rules rather than a model: the same words always give the same reading. A cue is a short phrase (`issue* refund*`); a match is
negated when a negation word governs it ("no payments", "never deletes", "deleting is not
allowed") and marked as a topic when the agent only talks about the thing ("questions about
refunds"), which is not the same as doing it.
"""

from __future__ import annotations

import bisect
import functools

import re
from dataclasses import dataclass

# Clause boundaries: negation and topic scope never cross them.
_CLAUSE_BREAK = re.compile(r"[.;:!?\n()\[\]]+|\b(?:but|however|although|though|whereas|except|unless)\b", re.I)
_TOKEN = re.compile(r"\d+(?:[,.]\d+)+|[a-z0-9]+(?:'[a-z]+)?|[$€£]|,", re.I)

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
                           "extracts", "extracting", "for", "suggest", "suggests", "suggesting",
                           "propose", "proposes", "proposing", "draft", "drafts", "drafting",
                           "recommend", "recommends", "recommending", "classify", "classifies", "classifying",
                           "categorise", "categorises", "categorize", "categorizes", "summarise",
                           "summarises", "summarize", "summarizes", "track", "tracks", "tracking"})
_TOPIC_AFTER = frozenset({"policy", "policies", "status", "statuses", "history", "question",
                          "questions", "faq", "faqs", "rules", "terms", "options", "process",
                          "guide", "guides", "docs", "documentation", "article", "articles",
                          "category", "categories", "type", "types", "request", "requests"})
# Nouns a cue may modify ("the purchase order") or take as its object ("update orders").
_TOPIC_AFTER_UNLESS_VERB = frozenset({"order", "orders", "agent",
                          "agents", "address", "addresses", "number", "numbers", "id", "ids",
                          "date", "dates", "team", "teams", "amount", "amounts", "limit", "limits",
                          "threshold", "thresholds", "total", "totals", "record", "details",
                          "data", "method", "methods", "provider", "providers", "window"})
# Before a cue, these make the next word a verb ("it can update orders"), so a noun after the
# cue is its object rather than the noun the cue modifies ("the purchase order").
_VERB_CONTEXT = frozenset({"can", "may", "will", "must", "should", "would", "could", "to", "it",
                           "agent", "bot", "assistant", "they", "then", "and", "also", "we", "i",
                           "automatically", "always", "only", "never", "directly", "itself"})
# The cue is what the agent reads, or the key it reads by, not something it does:
# "looks up orders by email", "reads customer emails", "summarises incoming messages".
_READ_BEFORE = frozenset({"by", "via", "read", "reads", "reading", "scan", "scans", "scanning",
                          "search", "searches", "searching", "fetch", "fetches", "fetching",
                          "monitor", "monitors", "monitoring", "watch", "watches", "watching",
                          "parse", "parses", "parsing", "ingest", "ingests", "ingesting",
                          "incoming", "inbound", "received", "receives", "receive", "inbox",
                          "from", "lookup", "lookups", "triage", "triages"})
# Words that end the object of a verb phrase: "refund up to $50 automatically, and ...".
_OBJECT_END = frozenset({",", "and", "then", "or", "but", "which", "that", "who", "when", "if", "before",
                         "after", "while", "so", "because", "until", "unless", "once", "whose"})
# "sends them to customers by email": the channel of a send, not a lookup key.
_SEND_VERBS = ("send", "deliver", "notif", "reply", "replie", "respond", "forward", "post", "mail",
               "email", "message", "contact", "remind", "alert", "tell", "inform")
# Words that end the phrase a read verb governs: "reads the ticket and emails the customer".
_PHRASE_BREAK = frozenset({"and", "then", ",", "to", "or", "before", "after", "while", "when"})
# Someone other than the agent does it: "engineers run every command themselves".
_OTHER_ACTORS = frozenset({"engineers", "users", "humans", "people", "staff", "we", "they", "i",
                           "customers", "operators", "admins", "administrators", "developers",
                           "employees", "managers", "reviewers", "agents'", "humans'", "you",
                           "human", "person", "clerk", "reviewer", "manager", "team"})
# Words that may sit between an actor and its verb: "engineers can also run".
_ACTOR_GLUE = frozenset({"can", "may", "will", "must", "also", "still", "then", "and", "or", "always",
                         "usually", "themselves", "manually", "later"})
_NEGATION_WINDOW = 4
_MAX_LIST_COMMAS = 3
# After a comma these start a new statement, not the next item of a negated list.
_STATEMENT_START = frozenset({"it", "we", "they", "the", "this", "that", "which", "who", "but", "so",
                              "and", "i", "you", "he", "she", "its", "our", "their", "then"})
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
    read: bool = False  # the thing read or the key read by ("reads emails", "by email")

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


def clause_at(text: str, offset: int) -> str:
    """The clause of `text` that holds character `offset` (a binary search over the clause breaks)."""
    starts, ends = _clause_breaks(text)
    index = bisect.bisect_right(starts, offset)
    start = ends[index - 1] if index else 0
    return text[start:starts[index]] if index < len(starts) else text[start:]


@functools.lru_cache(maxsize=8)
def _clause_breaks(text: str) -> tuple[list[int], list[int]]:
    pieces = list(_CLAUSE_BREAK.finditer(text))
    return [piece.start() for piece in pieces], [piece.end() for piece in pieces]


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
    """A negation word up to four words back in the same clause. A comma ends the scope unless
    it separates items of one list ("never logs in, fills forms or posts anything"): each item
    gets its own four words, and an item that starts a new statement ("no login, it deletes")
    ends the list."""
    clause = tokens[start].clause
    words = 0
    commas = 0
    for index in range(start - 1, -1, -1):
        token = tokens[index]
        if token.clause != clause:
            return ""
        if token.word == ",":
            after = tokens[index + 1].word if index + 1 < len(tokens) else ""
            commas += 1
            if after in _STATEMENT_START or commas > _MAX_LIST_COMMAS:
                return ""
            words = 0
            continue
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
    before: list[str] = []
    for token in reversed(tokens[max(0, start - _TOPIC_WINDOW):start]):
        if token.clause != clause or token.word in _PHRASE_BREAK:
            break
        before.insert(0, token.word)
    after = tokens[end].word if end < len(tokens) and tokens[end].clause == clause else ""
    if any(word in _TOPIC_BEFORE for word in before):
        return True
    # "the purchase order", "payment status": the cue modifies a noun; "can update orders" does not.
    if after in _TOPIC_AFTER:
        return True
    return after in _TOPIC_AFTER_UNLESS_VERB and not (before and before[-1] in _VERB_CONTEXT)


def _is_read(tokens: list[Token], start: int) -> bool:
    """Governed by a read verb (or "by"/"via") earlier in the same phrase."""
    clause = tokens[start].clause
    for index in range(start - 1, max(-1, start - _TOPIC_WINDOW - 1), -1):
        token = tokens[index]
        if token.clause != clause or token.word in _PHRASE_BREAK:
            return False
        if token.word in ("by", "via"):
            return not _sent_before(tokens, index)
        if token.word in _READ_BEFORE:
            return True
        if token.word == "up" and index and tokens[index - 1].word.startswith("look"):
            return True
    return False


def _sent_before(tokens: list[Token], index: int) -> bool:
    clause = tokens[index].clause
    for earlier in range(index - 1, max(-1, index - 7), -1):
        if tokens[earlier].clause != clause:
            return False
        if tokens[earlier].word.startswith(_SEND_VERBS):
            return True
    return False


class Text:
    """A tokenised description that answers "where does this cue occur, and how?"."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self._positions: dict[str, list[int]] = {}  # word -> token indices, for cue look-up
        for index, token in enumerate(self.tokens):
            self._positions.setdefault(token.word, []).append(index)
        # A match's first and last token by character offset, so the look-ups around a match stay O(1).
        self._by_start = {token.start: index for index, token in reversed(list(enumerate(self.tokens)))}
        self._by_end = {token.end: index for index, token in reversed(list(enumerate(self.tokens)))}

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
            read=_is_read(self.tokens, start),
        )

    def _other_actor(self, start: int) -> str:
        """The person doing it when that is not the agent: "engineers run ...", "our staff
        write and send every reply", "a human then reviews and sends it"."""
        clause = self.tokens[start].clause
        for index in range(start - 1, max(-1, start - 6), -1):
            token = self.tokens[index]
            if token.clause != clause:
                return ""
            if token.word in _OTHER_ACTORS:
                return token.word
            coordinated = index + 1 < start and self.tokens[index + 1].word in ("and", "or")
            if token.word not in _ACTOR_GLUE and not coordinated:
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

    def words_before(self, match: Match, count: int = 3) -> list[str]:
        """Up to `count` words before `match` in its phrase (a comma, "and", "then"... end it)."""
        index = self._by_start[match.start]
        clause = self.tokens[index].clause
        words: list[str] = []
        for token in reversed(self.tokens[max(0, index - count):index]):
            if token.clause != clause or token.word in _PHRASE_BREAK:
                break
            words.insert(0, token.word)
        return words

    def words_after(self, match: Match, count: int = 3) -> list[str]:
        """Up to `count` words after `match` in its clause (stopping at a comma)."""
        index = self._by_end[match.end]
        clause = self.tokens[index].clause
        words: list[str] = []
        for token in self.tokens[index + 1:index + 1 + count]:
            if token.clause != clause or token.word == ",":
                break
            words.append(token.word)
        return words

    def with_object(self, match: Match, count: int = 6) -> str:
        """The match and the words it governs, as the user wrote them: "refund up to $50
        automatically", "look up the order by the customer's email"."""
        index = self._by_end[match.end]
        clause = self.tokens[index].clause
        end = match.end
        for token in self.tokens[index + 1:index + 1 + count]:
            if token.clause != clause or token.word in _OBJECT_END:
                break
            end = token.end
        return " ".join(self.text[match.start:end].split())

    def any(self, cues: tuple[str, ...], *, allow_negated: bool = False) -> list[Match]:
        return [m for m in self.find(cues) if allow_negated or not m.negated]
