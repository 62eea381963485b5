"""Literal secrets written into files an agent reads or a team commits (configs, CLAUDE.md).

Two signs, both from the vocabulary: a value that starts like a known credential format
(`ghp_`, `sk-ant-`, `AKIA`...), or a literal value under a key named like a secret
(`GITHUB_TOKEN`, `Authorization`). References (`${VAR}`, `$VAR`) and placeholders are not
secrets. What is reported never contains the secret itself, only its first characters.
"""

from __future__ import annotations

import re

from analyzer.facts.vocabulary import Vocabulary

_TOKEN = re.compile(r"[A-Za-z0-9_\-./]{16,}")
_REFERENCE = re.compile(r"^\$\{[^}]+\}$|^\$[A-Z_][A-Z0-9_]*$|^\$\{\{.*\}\}$|^env:|^op://|^vault:")
_KEY_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def mask(value: str) -> str:
    """The first few characters and the length: enough to find it, not enough to use it."""
    shown = value[:4] if len(value) > 8 else value[:2]
    return f"{shown}… ({len(value)} characters)"


def is_placeholder(value: str, vocab: Vocabulary) -> bool:
    lowered = value.lower()
    if _REFERENCE.match(value.strip()) or "${" in value or "$(" in value:
        return True
    if any(p in lowered for p in vocab.placeholders):
        return True
    core = re.sub(r"[^A-Za-z0-9]", "", value)
    return len(set(core.lower())) < 5  # xxxxxxxx, 00000000, aaaa-bbbb


def known_format(value: str, vocab: Vocabulary) -> str | None:
    """The credential prefix `value` starts with, when it looks like a real credential."""
    token = value.strip()
    for prefix in vocab.secret_prefixes:
        if token.startswith(prefix) and len(token) >= len(prefix) + 12:
            rest = token[len(prefix):]
            if any(ch.isdigit() for ch in rest) and any(ch.isalpha() for ch in rest) \
                    and not is_placeholder(token, vocab):
                return prefix
    return None


def secret_key(key: str, vocab: Vocabulary) -> bool:
    """Is `key` (GITHUB_TOKEN, apiKey, x-api-key, Authorization) the name of a secret?"""
    words = [w.lower() for w in _KEY_WORDS.findall(key)]
    joined = "_".join(words)
    for name in vocab.secret_keys:
        normal = re.sub(r"[^a-z0-9]+", "_", name)
        if ("_" in normal and normal in joined) or normal in words:
            return True
    return False


def literal_secret(key: str, value: object, vocab: Vocabulary) -> str | None:
    """A masked description when `value` (under `key`) is a secret written in plain text."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.lower().startswith(("bearer ", "token ", "basic ")):
        text = text.split(None, 1)[1].strip() if len(text.split(None, 1)) > 1 else ""
    if not text or is_placeholder(text, vocab):
        return None
    prefix = known_format(text, vocab)
    if prefix:
        return mask(text)
    if secret_key(key, vocab) and len(text) >= 8 and not re.search(r"[/\s]", text) \
            and not re.fullmatch(r"true|false|\d+", text, re.I):
        return mask(text)
    return None


def secrets_in_text(text: str, vocab: Vocabulary) -> list[str]:
    """Masked descriptions of credential-shaped tokens anywhere in free text."""
    found = []
    for match in _TOKEN.finditer(text):
        token = match.group(0).strip("./")
        if known_format(token, vocab):
            found.append(mask(token))
    return found
