"""What an agent instruction file (CLAUDE.md, AGENTS.md) tells the agent that works in the repo.

Per file: the commands it gives for verifying work (in code spans and code blocks), the things
it forbids by topic (destructive commands, pushing, secrets), the files it imports (`@path`,
Claude Code's import syntax), and line-level hits: an instruction to use an unsafe flag
(HA204) and a credential written into the text (HA205, for every Markdown file). Whether a
file lacks verification or prohibitions is decided per project, because Claude Code and Codex
also read the instruction files of parent folders and imported files.
"""

from __future__ import annotations

import posixpath
import re

from analyzer.facts.doc_model import DocLine
from analyzer.facts.docs.claims import shorten
from analyzer.facts.model import Hit
from analyzer.facts.secrets import secrets_in_text
from analyzer.facts.vocabulary import Vocabulary
from analyzer.parse.markdown import MarkdownDoc, Section

UNSAFE_INSTRUCTION_RULE = "HA204"
SECRET_IN_DOCUMENT_RULE = "HA205"

# Instruction file names, by the tool family that reads them.
INSTRUCTION_FILES = {"CLAUDE.md": "claude", "CLAUDE.local.md": "claude", "AGENTS.md": "codex",
                     "AGENTS.override.md": "codex", "GEMINI.md": "gemini"}
# `@path/to/file` imports in prose (not e-mail addresses, not mentions like @alice).
_IMPORT = re.compile(r"(?<![\w@`])@(?P<path>~?[\w.-]*[./][\w./-]*\w)")


def instruction_family(path: str) -> str:
    return INSTRUCTION_FILES.get(path.rsplit("/", 1)[-1], "")


def _prohibiting(section: Section, vocab: Vocabulary) -> bool:
    return any(vocab.prohibit_headings.search(h) for h in section.headings)


def verify_commands(doc: MarkdownDoc, vocab: Vocabulary) -> list[DocLine]:
    found: list[DocLine] = []
    for _, block in doc.blocks():
        if block.is_code:
            for line, text in block.code_lines():
                term = vocab.verify_commands.search(text)
                if term:
                    found.append(DocLine(line, shorten(text), term))
            continue
        for span in block.code_spans:
            term = vocab.verify_commands.search(span)
            if term:
                line = next((s.line for s in block.sentences() if span in s.text), block.line)
                found.append(DocLine(line, shorten(span), term))
    return sorted(set(found))


def prohibitions(doc: MarkdownDoc, vocab: Vocabulary) -> dict[str, DocLine]:
    """Topic -> first sentence forbidding something of that topic."""
    found: dict[str, DocLine] = {}
    for section, block in doc.blocks():
        if block.is_code:
            continue
        in_rules = _prohibiting(section, vocab)
        for sentence in block.sentences():
            if not (in_rules or vocab.prohibit_cues.search(sentence.text)):
                continue
            for topic, phrases in vocab.topics.items():
                term = phrases.search(sentence.text)
                if term and topic not in found:
                    found[topic] = DocLine(sentence.line, shorten(sentence.text), term)
    return found


def imports(doc: MarkdownDoc) -> list[str]:
    """Files imported with `@path`, as paths relative to the audited root."""
    folder = posixpath.dirname(doc.path)
    found: list[str] = []
    for _, block in doc.blocks():
        if block.is_code:
            continue
        text = block.text
        for span in block.code_spans:
            text = text.replace(span, " ")
        for match in _IMPORT.finditer(text):
            target = match["path"]
            if target.startswith("~"):
                continue  # the user's home folder: outside the repository
            found.append(posixpath.normpath(posixpath.join(folder, target)))
    return sorted(set(found))


def unsafe_instructions(doc: MarkdownDoc, vocab: Vocabulary) -> list[Hit]:
    """Lines that tell the agent to use a flag or command that skips a safety check."""
    hits: list[Hit] = []
    for section, block in doc.blocks():
        if _prohibiting(section, vocab):
            continue
        if block.is_code:
            lines = [(line, text) for line, text in block.code_lines()]
        else:
            lines = [(s.line, s.text) for s in block.sentences()]
        for line, text in lines:
            term = vocab.unsafe_commands.search(text)
            if term and not vocab.prohibit_cues.search(text):
                hits.append(Hit(UNSAFE_INSTRUCTION_RULE, doc.path, line, f"`{term}`", section.heading,
                                shorten(text)))
    return hits


def secrets(doc: MarkdownDoc, text: str, vocab: Vocabulary) -> list[Hit]:
    """Credential-shaped tokens anywhere in the file, prose or code."""
    hits = []
    for number, line in enumerate(text.splitlines(), start=1):
        for masked in secrets_in_text(line, vocab):
            hits.append(Hit(SECRET_IN_DOCUMENT_RULE, doc.path, number, masked, "", masked))
    return hits
