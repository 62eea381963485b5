"""Facts for one Markdown document: claims about primitives, described risks, instructions.

A document is an agent instruction file (CLAUDE.md, AGENTS.md: read by a coding agent working
in the repository) or a design document (docs/**, ARCHITECTURE.md, DESIGN.md, --docs). Both
get claims; instruction files also get instruction facts. Signals are namespaced (`doc:...`) so
that no document can make a project count as agent code.
"""

from __future__ import annotations

from analyzer.facts.doc_model import DocFacts
from analyzer.facts.docs.claims import document_claims, document_risks, first_line
from analyzer.facts.check import registered
from analyzer.facts.docs.base import DocWriter, MarkdownCheck
from analyzer.facts.docs.instructions import imports, instruction_family, prohibitions, verify_commands
from analyzer.facts.model import FileFacts
from analyzer.facts.vocabulary import load_vocabulary
from analyzer.parse.markdown import parse_markdown


def line_starts(text: str) -> tuple[int, ...]:
    """Byte offset (UTF-8) where each line starts."""
    offsets, total = [0], 0
    for line in text.encode("utf-8").splitlines(keepends=True):
        total += len(line)
        offsets.append(total)
    return tuple(offsets[:-1]) if len(offsets) > 1 else (0,)


def load_markdown_checks() -> list[type[MarkdownCheck]]:
    return registered("markdown")


def analyze_markdown(text: str, path: str, checks: list[type[MarkdownCheck]] | None = None) -> FileFacts:
    vocab = load_vocabulary()
    facts = FileFacts(path=path, kind="markdown")
    try:
        doc = parse_markdown(text, path)
    except (RecursionError, ValueError) as error:  # pathological nesting or broken input
        facts.skipped = f"cannot parse Markdown: {type(error).__name__}"
        return facts
    family = instruction_family(path)
    info = DocFacts(role="instructions" if family else "design", family=family,
                    size_bytes=doc.size_bytes, line_count=doc.line_count)
    facts.doc = info
    facts.claims = document_claims(doc, vocab)
    info.risks = document_risks(doc, vocab)
    info.agent = first_line(doc, vocab.agent, vocab)
    info.multi_agent = first_line(doc, vocab.multi_agent, vocab, include_planned=False)
    for kind, phrases in vocab.complexity.items():
        found = first_line(doc, phrases, vocab, include_planned=False)
        if found:
            info.complexity[kind] = found
    if family:
        info.verify = verify_commands(doc, vocab)
        info.prohibitions = prohibitions(doc, vocab)
        info.imports = imports(doc)
        info.line_starts = line_starts(text)
        facts.signals.add(f"doc:instructions:{family}")
    else:
        facts.signals.add("doc:design")
    for check in checks if checks is not None else load_markdown_checks():
        if info.role in check.applies_to:
            check().run(doc, DocWriter(doc, text, facts, check.id, vocab))
    if info.agent:
        facts.signals.add("doc:agent")
    if info.multi_agent:
        facts.signals.add("doc:multi-agent")
    return facts.sort()
