"""Which primitives a document addresses, where, and how firmly.

Firmness of one sentence, strongest first:
- `mechanism`: it states how the thing works — two mechanism words ("every tool call is
  checked before dispatch") or one beside a code identifier ("calls `PermissionGate.check`");
- `mention`: it names the thing without saying how;
- `aspiration`: it is planned, wished for, hedged or unfinished (TODO, "we plan to", "we will",
  "should", "might", or any sentence under a Roadmap / Future work heading).

A sentence that says the thing is not there ("there is no budget", "we do not persist
sessions") claims nothing. Negation is read per clause with the prose reader, so "no UI; every
call passes the gate" still claims the gate. Side effects are read the same way, and a risk word
that only names a thing ("finds the purchase order", "the payments agent") or what the agent
reads ("looks up orders by email") is not a side effect.
"""

from __future__ import annotations

import re

from analyzer.facts.doc_model import Claim, DocLine, DocRisk
from analyzer.facts.vocabulary import Phrases, Vocabulary
from analyzer.parse.markdown import MarkdownDoc, Section
from analyzer.parse.prose import Text, clause_at

# A code span that names code: dotted names, calls, snake_case or CamelCase identifiers.
_IDENTIFIER = re.compile(
    r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?:\(.*\))?$|^[A-Za-z_]\w*\(.*\)$|^[a-z]+(?:_[a-z0-9]+)+$"
    r"|^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+$|^[\w./-]+\.(?:py|ts|js|go|rs|toml|json|ya?ml)(?::\d+)?$"
)
MAX_TEXT = 200
MAX_RISKS_PER_KIND = 3


def shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1].rstrip() + "…"


def negated(text: str, vocab: Vocabulary) -> bool:
    """Does the sentence say the thing is absent ("there is no gate")? A double negative
    ("nothing runs without approval") is an affirmation."""
    return vocab.negation.search(text) is not None and vocab.double_negation.search(text) is None


def _cue(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def occurrences(text: str, phrases: Phrases, vocab: Vocabulary, *, actions: bool = False) -> list[str]:
    """The phrases of `phrases` that `text` states: not negated in their clause, and, for
    `actions`, not a noun that names a thing, a topic, someone else's act or what is read."""
    if not phrases.search(text):
        return []
    found = Text(text).find(tuple(dict.fromkeys(_cue(p) for p in phrases.items)))
    stated = [m for m in found if not m.negated and not negated(clause_at(text, m.start), vocab)]
    if actions:
        stated = [m for m in stated if not (m.topic or m.actor or m.read)]
    return [m.phrase for m in stated]


def firmness(text: str, section: Section, spans: tuple[str, ...], vocab: Vocabulary) -> str:
    if planned(section, vocab) or vocab.aspiration.search(text):
        return "aspiration"
    cues = {c.lower() for c in vocab.mechanism.find_all(text)}
    names_code = any(_IDENTIFIER.match(span.strip()) and span in text for span in spans)
    if len(cues) >= 2 or (cues and names_code):
        return "mechanism"
    return "mention"


def skipped(section: Section, vocab: Vocabulary) -> bool:
    """Sections that say what the design will not do (Non-goals, Out of scope)."""
    return any(vocab.skip_headings.search(h) for h in section.headings)


def document_claims(doc: MarkdownDoc, vocab: Vocabulary) -> list[Claim]:
    claims: list[Claim] = []
    for section in doc.sections:
        if skipped(section, vocab) or not section.heading:
            continue
        level = "aspiration" if planned(section, vocab) else "mention"
        for primitive, phrases in vocab.primitives.items():
            term = phrases.search(section.heading)
            if term:
                claims.append(Claim(primitive, doc.path, section.line, level, section.heading,
                                    shorten(section.heading), term))
    for section, block in doc.blocks():
        if block.is_code or skipped(section, vocab):
            continue
        for sentence in block.sentences():
            level = None
            for primitive, phrases in vocab.primitives.items():
                term = phrases.search(sentence.text)
                if not term:
                    continue
                stated = occurrences(sentence.text, phrases, vocab)
                if vocab.aspiration.search(sentence.text) or planned(section, vocab):
                    term = stated[0] if stated else term  # "not yet persisted" is planned
                elif not stated:
                    continue  # "there is no budget" is not a claim of one
                else:
                    term = stated[0]
                level = level or firmness(sentence.text, section, block.code_spans, vocab)
                claims.append(Claim(primitive, doc.path, sentence.line, level, section.heading,
                                    shorten(sentence.text), term))
    return sorted(set(claims))


def document_risks(doc: MarkdownDoc, vocab: Vocabulary) -> list[DocRisk]:
    """Side effects the document says the agent has (sentences that do not deny them)."""
    risks: list[DocRisk] = []
    per_kind: dict[str, int] = {}
    for section, block in doc.blocks():
        if block.is_code or skipped(section, vocab):
            continue
        for sentence in block.sentences():
            if vocab.risk_negation.search(sentence.text):
                continue
            for kind, phrases in vocab.risks.items():
                term = next(iter(occurrences(sentence.text, phrases, vocab, actions=True)), None)
                if term and per_kind.get(kind, 0) < MAX_RISKS_PER_KIND:
                    per_kind[kind] = per_kind.get(kind, 0) + 1
                    risks.append(DocRisk(kind, doc.path, sentence.line, section.heading, shorten(sentence.text), term))
    return risks


def planned(section: Section, vocab: Vocabulary) -> bool:
    """Sections about later work (Roadmap, Future work)."""
    return any(vocab.aspiration_headings.search(h) for h in section.headings)


def first_line(doc: MarkdownDoc, phrases, vocab: Vocabulary, include_planned: bool = True) -> DocLine | None:
    """The first prose line (or heading) where one of `phrases` appears, not denied."""
    candidates: list[tuple[int, str]] = []

    def wanted(section: Section) -> bool:
        return not skipped(section, vocab) and (include_planned or not planned(section, vocab))

    def stated(text: str) -> bool:
        return include_planned or not vocab.aspiration.search(text)

    for section in doc.sections:
        if section.heading and wanted(section):
            candidates.append((section.line, section.heading))
    for section, block in doc.blocks():
        if block.is_code or not wanted(section):
            continue
        candidates += [(s.line, s.text) for s in block.sentences()]
    for line, text in sorted(candidates):
        term = next(iter(occurrences(text, phrases, vocab)), None)
        if term and stated(text):
            return DocLine(line, shorten(text), term)
    return None
