"""The Agent Skills format (what Claude Code and Codex both read) and Codex's agents/openai.yaml.

Rules from `shared/research/skill-and-ci-formats.md` §1.1-1.2 and §3.2-3.3. Checks return
`Problem`s naming the file; nothing raises.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SPEC_FIELDS = {"name", "description", "license", "compatibility", "metadata", "allowed-tools"}
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
BODY_MAX_LINES = 500
TOC_AFTER_LINES = 300
# Body features only Claude Code expands; in Codex they stay literal text.
CLAUDE_ONLY_BODY = (re.compile(r"\$ARGUMENTS|\$\{CLAUDE_[A-Z_]+\}"), re.compile(r"!`[^`]+`"))
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")

OPENAI_YAML_KEYS = {"interface", "dependencies", "policy"}
OPENAI_INTERFACE_KEYS = {"display_name", "short_description", "icon_small", "icon_large", "brand_color",
                         "default_prompt"}


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class Problems:
    """The problems found so far, with paths shown relative to the folder being checked."""

    def __init__(self, base: Path):
        self.base, self.problems = base, []

    def add(self, path: Path, message: str) -> None:
        try:
            shown = str(path.relative_to(self.base))
        except ValueError:
            shown = str(path)
        self.problems.append(Problem(shown, message))


def split_frontmatter(text: str) -> tuple[dict | None, str, str]:
    """(frontmatter mapping or None, body, error)."""
    if not text.startswith("---\n"):
        return None, text, "does not start with a '---' frontmatter line"
    end = text.find("\n---\n", 4)
    if end < 0:
        return None, text, "frontmatter is not closed by a '---' line"
    try:
        data = yaml.safe_load(text[4:end])
    except yaml.YAMLError as error:
        return None, text, f"frontmatter is not valid YAML: {error}"
    if not isinstance(data, dict):
        return None, text, "frontmatter is not a mapping"
    return data, text[end + 5:], ""


def load_json(path: Path, out: Problems) -> Any:
    if not path.is_file():
        out.add(path, "missing")
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        out.add(path, f"not valid JSON: {error}")
        return None


def folders(parent: Path) -> list[Path]:
    return sorted(p for p in parent.iterdir() if p.is_dir()) if parent.is_dir() else []


def relative_path(value: Any, base: Path, path: Path, what: str, out: Problems, must_exist: bool = True) -> None:
    if not isinstance(value, str) or not value.startswith("./"):
        out.add(path, f"{what} must be a relative path starting with './' (got {value!r})")
    elif ".." in Path(value).parts:
        out.add(path, f"{what} must stay inside the plugin ({value!r})")
    elif must_exist and not (base / value).exists():
        out.add(path, f"{what} {value!r} does not exist")


def check_skill(folder: Path, out: Problems, expected_name: str | None = None) -> None:
    """A skill folder: SKILL.md frontmatter and body, its links, and agents/openai.yaml if present."""
    skill_md = folder / "SKILL.md"
    if not skill_md.is_file():
        out.add(skill_md, "missing")
        return
    meta, body, error = split_frontmatter(skill_md.read_text(encoding="utf-8"))
    if meta is None:
        out.add(skill_md, error)
        return
    for key in sorted(set(meta) - SPEC_FIELDS):
        out.add(skill_md, f"frontmatter key {key!r} is not one of the six Agent Skills fields")
    name = meta.get("name")
    wanted = expected_name or folder.name
    if not isinstance(name, str) or not 1 <= len(name) <= 64 or not KEBAB.match(name):
        out.add(skill_md, f"name {name!r}: 1-64 lowercase letters, digits and single hyphens")
    elif name != wanted:
        out.add(skill_md, f"name {name!r} must equal its folder name {wanted!r}")
    elif "anthropic" in name or "claude" in name:
        out.add(skill_md, "name must not contain 'anthropic' or 'claude'")
    description = meta.get("description")
    if not isinstance(description, str) or not 1 <= len(description.strip()) <= 1024:
        out.add(skill_md, "description must be 1-1024 characters")
    elif "<" in description or ">" in description:
        out.add(skill_md, "description must not contain '<' or '>'")
    for key in ("license", "allowed-tools"):
        if key in meta and not isinstance(meta[key], str):
            out.add(skill_md, f"{key} must be a string")
    if "compatibility" in meta and not (isinstance(meta["compatibility"], str) and 1 <= len(meta["compatibility"]) <= 500):
        out.add(skill_md, "compatibility must be 1-500 characters")
    metadata = meta.get("metadata", {})
    if not isinstance(metadata, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()):
        out.add(skill_md, "metadata must map strings to strings (quote numbers)")
    lines = body.strip("\n").count("\n") + 1
    if lines >= BODY_MAX_LINES:
        out.add(skill_md, f"body has {lines} lines; keep it under {BODY_MAX_LINES}")
    for pattern in CLAUDE_ONLY_BODY:
        for match in pattern.finditer(body):
            out.add(skill_md, f"{match.group(0)!r} is expanded by Claude Code only; Codex shows it literally")
    _check_links(skill_md, body, folder, out, one_level=True)
    for reference in sorted((folder / "references").glob("*.md")):
        text = reference.read_text(encoding="utf-8")
        _check_links(reference, text, reference.parent, out, one_level=False)
        if text.count("\n") > TOC_AFTER_LINES and "](#" not in text:
            out.add(reference, f"over {TOC_AFTER_LINES} lines with no table of contents (in-page links)")
    if (folder / "agents" / "openai.yaml").exists():
        check_openai_yaml(folder / "agents" / "openai.yaml", meta.get("name", folder.name), out)


def _check_links(path: Path, text: str, folder: Path, out: Problems, one_level: bool) -> None:
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # links inside code are examples, not links
    for target in LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue
        relative = target.split("#", 1)[0]
        parts = Path(relative).parts
        if Path(relative).is_absolute() or ".." in parts:
            out.add(path, f"link {target!r} must be relative and stay inside the skill")
        elif one_level and len(parts) > 2:
            out.add(path, f"link {target!r} is more than one level deep")
        elif not (folder / relative).exists():
            out.add(path, f"link {target!r} points to a missing file")


def check_openai_yaml(path: Path, skill_name: str, out: Problems) -> None:
    """Codex `agents/openai.yaml`: interface, dependencies, policy."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        out.add(path, f"not valid YAML: {error}")
        return
    if not isinstance(data, dict):
        out.add(path, "must be a mapping")
        return
    for key in sorted(set(data) - OPENAI_YAML_KEYS):
        out.add(path, f"unknown top-level key {key!r}")
    interface = data.get("interface") or {}
    if not isinstance(interface, dict):
        out.add(path, "interface must be a mapping")
        interface = {}
    for key in sorted(set(interface) - OPENAI_INTERFACE_KEYS):
        out.add(path, f"unknown interface key {key!r}")
    display = interface.get("display_name")
    if not isinstance(display, str) or not 1 <= len(display) <= 64:
        out.add(path, "interface.display_name must be 1-64 characters")
    short = interface.get("short_description")
    if not isinstance(short, str) or not 25 <= len(short) <= 64:
        out.add(path, "interface.short_description should be 25-64 characters")
    prompt = interface.get("default_prompt")
    if not isinstance(prompt, str) or f"${skill_name}" not in prompt:
        out.add(path, f"interface.default_prompt must mention the skill as ${skill_name}")
    for key in ("icon_small", "icon_large"):
        if key in interface:
            value = str(interface[key])
            if not value.startswith(("assets/", "./assets/")) or ".." in value or not (path.parent.parent / value).exists():
                out.add(path, f"interface.{key} must be an existing file under the skill's assets/")
    if "brand_color" in interface and not re.fullmatch(r"#[0-9A-Fa-f]{6}", str(interface["brand_color"])):
        out.add(path, "interface.brand_color must be #RRGGBB")
    policy = data.get("policy") or {}
    if not isinstance(policy, dict) or not isinstance(policy.get("allow_implicit_invocation"), bool):
        out.add(path, "policy.allow_implicit_invocation must be true or false")
