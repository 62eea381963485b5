"""Inline suppressions: `# harness-audit: ignore[HA101, P5] reason`.

Two halves, like bandit's `# nosec`, both in the core rather than in any check:

- `find_suppressions` runs once per file at parse time (from `analyzer/facts/extract.py`) and
  stores the directives on `FileFacts.suppressions`: Python comments (read with `tokenize`,
  so a string that merely contains the words is not a directive), `#` comments in TOML and
  other config files, and `<!-- harness-audit: ignore[...] reason -->` in Markdown.
- after judging, `analyzer/finding_filter.py` (the one place that rules on a finding, with the
  policy and the baseline) applies them. A directive covers findings on its own line, and on
  the next line when it stands alone on its line. An id matches a finding's rule or its
  primitive (`ignore[P2]` also hides HA103 on that line). Suppressed findings stay in the
  report with `suppressed=True` and their reason; they do not fail the run.

A directive without a reason still suppresses, but is reported as HA001; one naming no known
rule or primitive suppresses nothing and is reported as HA002. Both notices are built from the
rubric (`rubrics/rules-tool.yaml`) and cannot themselves be suppressed inline.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import Collection, Mapping, Sequence

from analyzer.facts.model import Suppression
from analyzer.finding_factory import FindingFactory
from analyzer.domain import Finding
from analyzer.rubric import Rubric

NO_REASON_RULE = "HA001"
INVALID_RULE = "HA002"

# `harness-audit: ignore` at the start of a comment (after `#`), then optional `[ids]` and a reason.
_DIRECTIVE = re.compile(r"(?:^|#)\s*harness-audit\s*:\s*ignore\b(?P<rest>.*)$", re.IGNORECASE)
_HTML_DIRECTIVE = re.compile(r"<!--\s*harness-audit\s*:\s*ignore\b(?P<rest>.*?)-->", re.IGNORECASE | re.DOTALL)
_BRACKETS = re.compile(r"^\s*\[(?P<ids>[^\]]*)\](?P<reason>.*)$", re.DOTALL)
_ANY_DIRECTIVE = re.compile(r"\s*#\s*harness-audit\s*:\s*ignore\b.*$", re.IGNORECASE)
# Every directive contains this: a file without it has none, and is not tokenized a second time.
_MENTION = re.compile(r"harness-audit\s*:\s*ignore\b", re.IGNORECASE)


def find_suppressions(text: str, kind: str, path: str) -> list[Suppression]:
    """Every suppression directive in one file's text, in line order."""
    if not _MENTION.search(text):
        return []
    if kind == "python":
        return _python(text, path)
    if kind == "markdown":
        return _markdown(text, path)
    return _hash_comments(text, path)


def strip_directive(snippet: str) -> str:
    """A source line without a trailing suppression comment, so suppressing keeps a finding's id."""
    return _ANY_DIRECTIVE.sub("", snippet)


def _parse(rest: str, path: str, line: int, text: str, standalone: bool) -> Suppression:
    match = _BRACKETS.match(rest)
    if not match:
        return Suppression(path, line, (), "", _normal(text), standalone)
    ids = tuple(part.strip().upper() for part in re.split(r"[,\s]+", match["ids"]) if part.strip())
    reason = match["reason"]
    if not text.lstrip().startswith("<!--"):
        reason = reason.split("#", 1)[0]  # a second comment after the reason (`# noqa`) is not part of it
    reason = " ".join(reason.split()).lstrip(":-–— ").strip()
    return Suppression(path, line, ids, reason, _normal(text), standalone)


def _normal(text: str) -> str:
    return " ".join(text.split())


def _python(text: str, path: str) -> list[Suppression]:
    found = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.COMMENT:
                continue
            match = _DIRECTIVE.search(token.string)
            if match:
                standalone = token.line.strip().startswith("#")
                found.append(_parse(match["rest"], path, token.start[0], token.string, standalone))
    except (tokenize.TokenError, SyntaxError):
        return _hash_comments(text, path)  # unparsable file: fall back to reading comment-looking lines
    return found


def _hash_comments(text: str, path: str) -> list[Suppression]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        index = line.find("#")
        if index < 0:
            continue
        match = _DIRECTIVE.search(line[index:])
        if match:
            found.append(_parse(match["rest"], path, number, line[index:], not line[:index].strip()))
    return found


def _markdown(text: str, path: str) -> list[Suppression]:
    """Each `<!-- harness-audit: ignore... -->`, in one pass: linear even with thousands unclosed."""
    found = []
    position, line, counted_to = 0, 1, 0
    while True:
        start = text.find("<!--", position)
        if start < 0:
            break
        end = text.find("-->", start + 4)
        if end < 0:
            break  # no comment closes after this point: nothing further is a directive
        position = end + 3
        match = _HTML_DIRECTIVE.fullmatch(text, start, position)
        if not match:
            continue
        line += text.count("\n", counted_to, start)
        counted_to = start
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", position)
        around = text[line_start:start] + text[position:(None if line_end < 0 else line_end)]
        found.append(_parse(match["rest"], path, line, match.group(0), not around.strip()))
    return found


def is_directive_notice(finding: Finding) -> bool:
    """HA001/HA002 are about directives themselves; no directive can hide them."""
    return finding.rule in (NO_REASON_RULE, INVALID_RULE)


def directive_notices(by_path: Mapping[str, Sequence[Suppression]], known: Collection[str], rubric: Rubric) -> list[Finding]:
    """HA002 for a directive naming no known id, HA001 for one that suppresses without a reason."""
    # Identity from the rule, the file and the directive's text: stable when lines shift.
    factory = FindingFactory(rubric)
    for path in sorted(by_path):
        for directive in sorted(by_path[path]):
            unknown = [i for i in directive.ids if i not in known]
            if not directive.ids:
                _notice(factory, INVALID_RULE, directive, "no rule ids in brackets")
            elif unknown:
                _notice(factory, INVALID_RULE, directive, f"unknown: {', '.join(unknown)}")
            if directive.ids and len(unknown) < len(directive.ids) and not directive.reason:
                _notice(factory, NO_REASON_RULE, directive, f"ignore[{', '.join(directive.ids)}]")
    return factory.findings()  # a stripped-down rubric without the tool notices gives none


def _notice(factory: FindingFactory, rule_id: str, directive: Suppression, detail: str) -> None:
    # The directive is parsed, not guessed: high confidence.
    factory.rule(rule_id, directive.path, directive.line, detail, directive.text, confidence="high")
