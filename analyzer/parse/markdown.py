"""One parsed Markdown file: sections under their headings, each holding its blocks with lines.

Structure comes from markdown-it-py's token stream (never from patterns over the raw text):
a heading opens a section; paragraphs, list items, table rows and block quotes become prose
blocks; fenced and indented code become code blocks. Raw HTML (comments included) is left out.
Lines are 1-based, as an editor shows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Sentence ends: . ! ? or ; followed by space and a capital, a digit, a quote or markup.
# Applied to the plain text of one block, never to raw Markdown.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9\"'`(\[*_])")


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int


@dataclass(frozen=True)
class Block:
    """A paragraph, list item, table row, block quote paragraph or code block."""

    kind: str  # paragraph | list_item | table_row | quote | code | heading
    text: str  # plain text: inline markup dropped, code spans kept; soft breaks are "\n"
    line: int  # first line (for code: first line of the code itself)
    end_line: int
    code_spans: tuple[str, ...] = ()
    info: str = ""  # a code fence's info string ("bash", "python")

    @property
    def is_code(self) -> bool:
        return self.kind == "code"

    def sentences(self) -> list[Sentence]:
        """The block's sentences, each with the line it starts on (prose blocks only)."""
        if self.is_code:
            return []
        found, start = [], 0
        for match in _SENTENCE_END.finditer(self.text):
            found.append((start, self.text[start:match.start()]))
            start = match.end()
        found.append((start, self.text[start:]))
        return [Sentence(" ".join(text.split()), self.line + self.text.count("\n", 0, offset))
                for offset, text in found if text.strip()]

    def code_lines(self) -> list[tuple[int, str]]:
        """(line, text) for each non-blank line of a code block."""
        if not self.is_code:
            return []
        return [(self.line + i, text) for i, text in enumerate(self.text.split("\n")) if text.strip()]


@dataclass
class Section:
    heading: str  # "" for the text before the first heading
    level: int  # 1..6, 0 before the first heading
    line: int
    end_line: int
    trail: tuple[str, ...] = ()  # headings of the enclosing sections, outermost first
    blocks: list[Block] = field(default_factory=list)

    @property
    def headings(self) -> tuple[str, ...]:
        """This section's heading and every enclosing one."""
        return self.trail + ((self.heading,) if self.heading else ())


@dataclass
class MarkdownDoc:
    path: str
    sections: list[Section]
    size_bytes: int
    line_count: int

    def blocks(self) -> Iterator[tuple[Section, Block]]:
        for section in self.sections:
            for block in section.blocks:
                yield section, block



def line_at_byte(text: str, offset: int) -> int:
    """The line holding byte `offset` of `text` encoded as UTF-8 (where a byte limit cuts a file)."""
    return text.encode("utf-8")[:offset].count(b"\n") + 1


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def parse_markdown(text: str, path: str) -> MarkdownDoc:
    tokens = _parser().parse(text)
    line_count = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    sections: list[Section] = [Section("", 0, 1, line_count)]
    stack: list[tuple[int, str]] = []  # (level, heading) of open sections
    containers: list[str] = []  # list_item / blockquote nesting
    row: list[Token] = []
    row_map: list[int] | None = None
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "heading_open":
            level = int(token.tag[1:])
            inline = tokens[index + 1]
            heading, _ = _inline_text(inline)
            start = token.map[0] + 1 if token.map else 1
            sections[-1].end_line = max(sections[-1].line, start - 1)
            while stack and stack[-1][0] >= level:
                stack.pop()
            sections.append(Section(" ".join(heading.split()), level, start, line_count,
                                    trail=tuple(h for _, h in stack)))
            stack.append((level, " ".join(heading.split())))
            index += 3
            continue
        if kind in ("list_item_open", "blockquote_open"):
            containers.append(kind[:-5])
        elif kind in ("list_item_close", "blockquote_close"):
            if containers:
                containers.pop()
        elif kind == "tr_open":
            row, row_map = [], token.map
        elif kind == "tr_close":
            cells = [_inline_text(t) for t in row]
            text_cells = [" ".join(c[0].split()) for c in cells]
            spans = tuple(s for c in cells for s in c[1])
            line = row_map[0] + 1 if row_map else 1
            sections[-1].blocks.append(Block("table_row", " | ".join(text_cells), line, line, spans))
            row, row_map = [], None
        elif kind == "inline" and row_map is not None:
            row.append(token)
        elif kind == "inline" and token.map:
            block_kind = "paragraph"
            if containers:
                block_kind = "list_item" if containers[-1] == "list_item" else "quote"
            plain, spans = _inline_text(token)
            sections[-1].blocks.append(Block(block_kind, plain, token.map[0] + 1, token.map[1], spans))
        elif kind in ("fence", "code_block") and token.map:
            first = token.map[0] + (2 if kind == "fence" else 1)
            content = token.content[:-1] if token.content.endswith("\n") else token.content
            sections[-1].blocks.append(Block("code", content, first, token.map[1],
                                             info=(token.info or "").strip().split(" ")[0]))
        index += 1
    return MarkdownDoc(path, sections, len(text.encode("utf-8")), line_count)


def _inline_text(token: Token) -> tuple[str, tuple[str, ...]]:
    """Plain text of an inline token (markup dropped, code spans kept) and its code spans."""
    parts: list[str] = []
    spans: list[str] = []
    for child in token.children or ():
        if child.type == "text":
            parts.append(child.content)
        elif child.type == "code_inline":
            parts.append(child.content)
            spans.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts), tuple(spans)
