"""Markdown checks: the `Check` protocol (`analyzer/facts/check.py`) for one parsed document.

A Markdown check reads a document whose role it `applies_to` (`instructions`: CLAUDE.md,
AGENTS.md; `design`: docs/**, ARCHITECTURE.md, ...) and records line-level hits. Its POSITIVE and
NEGATIVE examples (document text, `Example`) run in `tests/test_check_examples.py` with every
other check's. Claims, risks and the other per-document facts are read by
`analyze_markdown` itself: they describe the document, they are not rule hits.
"""

from __future__ import annotations

from typing import ClassVar

from analyzer.facts.check import Check
from analyzer.facts.model import FileFacts, Hit
from analyzer.facts.vocabulary import Vocabulary
from analyzer.parse.markdown import MarkdownDoc


class DocWriter:
    """What a Markdown check uses to record hits in one document."""

    def __init__(self, doc: MarkdownDoc, text: str, facts: FileFacts, check_id: str, vocab: Vocabulary):
        self.doc, self.text, self.facts, self.check_id, self.vocab = doc, text, facts, check_id, vocab

    def hit(self, rule: str, line: int, detail: str, section: str, snippet: str) -> None:
        self.facts.hits.append(Hit(rule, self.doc.path, line, detail, section, snippet))


class MarkdownCheck(Check):
    """A check of one Markdown document: set `applies_to` (document roles); implement `run`."""

    kind = "markdown"
    default_path = "CLAUDE.md"
    applies_to: ClassVar[tuple[str, ...]]

    def run(self, doc: MarkdownDoc, out: DocWriter) -> None:
        raise NotImplementedError
