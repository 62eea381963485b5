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

from analyzer.facts.check import Example, markdown_check
from analyzer.facts.doc_model import DocLine
from analyzer.facts.docs.base import DocWriter, MarkdownCheck
from analyzer.facts.docs.claims import shorten
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


@markdown_check
class UnsafeInstruction(MarkdownCheck):
    """An instruction file telling the agent to use a flag or command that skips a safety check
    (`--no-verify`, `--dangerously-skip-permissions`, ...), outside a section or sentence that
    forbids it."""

    id = "doc.unsafe-instruction"
    emits = (UNSAFE_INSTRUCTION_RULE,)
    applies_to = ("instructions",)
    POSITIVE = (
        Example("# Workflow\n\nIf the hook is slow, commit with `git commit --no-verify`.\n",
                line=3, message="`--no-verify`"),
        Example("# Run\n\n```bash\nclaude --dangerously-skip-permissions -p \"fix the build\"\n```\n", path="AGENTS.md"),
    )
    NEGATIVE = (
        "# Never\n\n- Use `--no-verify`.\n",
        "# Workflow\n\nNever commit with `git commit --no-verify`.\n",
        Example("# Workflow\n\nIf the hook is slow, commit with `git commit --no-verify`.\n", path="docs/design.md"),
    )

    def run(self, doc: MarkdownDoc, out: DocWriter) -> None:
        vocab = out.vocab
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
                    out.hit(UNSAFE_INSTRUCTION_RULE, line, f"`{term}`", section.heading, shorten(text))


@markdown_check
class SecretInDocument(MarkdownCheck):
    """A credential-shaped token anywhere in a Markdown file, prose or code; shown masked."""

    id = "doc.secret"
    emits = (SECRET_IN_DOCUMENT_RULE,)
    applies_to = ("instructions", "design")
    POSITIVE = (
        Example("# Setup\n\nexport GITHUB_TOKEN=ghp_4f9KxQ2mZr8Lw1Nc7Vb3Ty6Hp0Js5Da9EeUu\n", path="docs/setup.md",
                line=3, message="ghp_… (40 characters)"),
    )
    NEGATIVE = (
        Example("# Setup\n\nexport GITHUB_TOKEN=<your token>\nexport OPENAI_API_KEY=sk-...\n", path="docs/setup.md"),
    )

    def run(self, doc: MarkdownDoc, out: DocWriter) -> None:
        for number, line in enumerate(out.text.splitlines(), start=1):
            for masked in secrets_in_text(line, out.vocab):
                out.hit(SECRET_IN_DOCUMENT_RULE, number, masked, "", masked)
