"""Claude Code and Codex plugins and marketplaces.

Rules from `shared/research/skill-and-ci-formats.md` §2 (Claude Code: plugin.json,
marketplace.json, commands, subagents, hooks) and §3.6 (Codex: plugin.json, marketplace.json).
"""

from __future__ import annotations

import re
from pathlib import Path

from analyzer.skill.skill_format import (
    KEBAB,
    Problems,
    check_skill,
    folders,
    load_json,
    relative_path,
    split_frontmatter,
)

CLAUDE_PLUGIN_KEYS = {
    "$schema", "name", "displayName", "version", "description", "author", "homepage", "repository",
    "license", "keywords", "metadata", "defaultEnabled", "skills", "commands", "agents", "workflows",
    "outputStyles", "hooks", "mcpServers", "lspServers", "experimental", "userConfig", "channels",
    "dependencies",
}
CLAUDE_MARKETPLACE_KEYS = {"$schema", "name", "owner", "plugins", "description", "version", "metadata",
                           "allowCrossMarketplaceDependenciesOn", "renames"}
CLAUDE_RESERVED_MARKETPLACES = {"claude-plugins-official", "anthropic-agent-skills", "agent-skills",
                                "claude-code-marketplace", "claude-code-plugins", "anthropic-marketplace",
                                "anthropic-plugins"}
CLAUDE_AGENT_KEYS = {"name", "description", "tools", "disallowedTools", "model", "permissionMode", "maxTurns",
                     "skills", "mcpServers", "hooks", "memory", "background", "effort", "isolation", "color",
                     "initialPrompt"}
CLAUDE_AGENT_IGNORED_IN_PLUGINS = {"hooks", "mcpServers", "permissionMode"}
CLAUDE_COMMAND_KEYS = {"description", "when_to_use", "argument-hint", "arguments", "allowed-tools",
                       "disallowed-tools", "model", "effort", "disable-model-invocation", "user-invocable",
                       "context", "agent", "background", "hooks", "shell", "metadata", "license", "compatibility"}
CLAUDE_HOOK_TYPES = {"command", "http", "mcp_tool", "prompt", "agent"}
CODEX_PLUGIN_KEYS = {"name", "version", "description", "author", "homepage", "repository", "license",
                     "keywords", "skills", "hooks", "mcpServers", "apps", "interface"}
CODEX_INTERFACE_KEYS = {"displayName", "shortDescription", "longDescription", "developerName", "category",
                        "capabilities", "websiteURL", "privacyPolicyURL", "termsOfServiceURL", "defaultPrompt",
                        "brandColor", "composerIcon", "logo", "darkLogo", "screenshots"}
CODEX_INSTALLATION = {"NOT_AVAILABLE", "AVAILABLE", "INSTALLED_BY_DEFAULT"}
CODEX_AUTHENTICATION = {"ON_INSTALL", "ON_USE"}


def check_claude_plugin(plugin: Path, out: Problems) -> dict | None:
    manifest_path = plugin / ".claude-plugin" / "plugin.json"
    manifest = load_json(manifest_path, out)
    if not isinstance(manifest, dict):
        return None
    extra = sorted(p.name for p in (plugin / ".claude-plugin").iterdir() if p.name != "plugin.json")
    if extra:
        out.add(manifest_path.parent, f"only plugin.json belongs in .claude-plugin/ (found {', '.join(extra)})")
    _check_identity(manifest, manifest_path, CLAUDE_PLUGIN_KEYS, out)
    if not isinstance(manifest.get("author"), dict) or not manifest["author"].get("name"):
        out.add(manifest_path, "author.name is missing")
    for key in ("skills", "commands", "agents", "hooks", "outputStyles", "mcpServers", "lspServers"):
        values = manifest.get(key)
        for value in values if isinstance(values, list) else ([values] if isinstance(values, str) else []):
            relative_path(value, plugin, manifest_path, key, out)
    for skill in folders(plugin / "skills"):
        check_skill(skill, out)
    for command in sorted((plugin / "commands").glob("*.md")):
        _check_claude_markdown(command, out, needs_name=False)
    for agent in sorted((plugin / "agents").glob("*")):
        if agent.suffix != ".md":
            out.add(agent, "only .md subagent files belong in a Claude plugin's agents/")
        else:
            _check_claude_markdown(agent, out, needs_name=True)
    hooks = plugin / "hooks" / "hooks.json"
    if hooks.exists():
        check_claude_hooks(hooks, plugin, out)
    return manifest


def _check_claude_markdown(path: Path, out: Problems, needs_name: bool) -> None:
    meta, body, error = split_frontmatter(path.read_text(encoding="utf-8"))
    if meta is None:
        out.add(path, error)
        return
    if not isinstance(meta.get("description"), str) or not meta["description"].strip():
        out.add(path, "description is missing")
    for key in sorted(set(meta) - (CLAUDE_AGENT_KEYS if needs_name else CLAUDE_COMMAND_KEYS)):
        out.add(path, f"unknown frontmatter key {key!r}")
    if needs_name:
        for key in sorted(set(meta) & CLAUDE_AGENT_IGNORED_IN_PLUGINS):
            out.add(path, f"{key!r} is ignored in a plugin's subagent; use the plugin's hooks/ or settings")
        name = meta.get("name")
        if not isinstance(name, str) or not KEBAB.match(name):
            out.add(path, "name must be lowercase letters, digits and hyphens")
        elif name != path.stem:
            out.add(path, f"name {name!r} should match the file name {path.stem!r}")
        if "tools" in meta and not isinstance(meta["tools"], (str, list)):
            out.add(path, "tools must be a comma-separated string or a list")
    if not body.strip():
        out.add(path, "body (the prompt) is empty")


def check_claude_hooks(path: Path, plugin: Path, out: Problems) -> None:
    data = load_json(path, out)
    if data is None:
        return
    events = data.get("hooks") if isinstance(data, dict) else None
    if not isinstance(events, dict):
        out.add(path, "must hold a 'hooks' mapping of event names")
        return
    for event, groups in events.items():
        for group in groups if isinstance(groups, list) else [None]:
            handlers = group.get("hooks") if isinstance(group, dict) else None
            if not isinstance(handlers, list) or not handlers:
                out.add(path, f"{event}: each entry needs a non-empty 'hooks' list")
                continue
            for handler in handlers:
                kind = handler.get("type") if isinstance(handler, dict) else None
                if kind not in CLAUDE_HOOK_TYPES:
                    out.add(path, f"{event}: hook type {kind!r} is not one of {sorted(CLAUDE_HOOK_TYPES)}")
                for script in re.findall(r"\$\{CLAUDE_PLUGIN_ROOT\}/(\S+)", str(handler.get("command", ""))):
                    if not (plugin / script.strip("\"'")).is_file():
                        out.add(path, f"{event}: {script} does not exist in the plugin")


def check_claude_marketplace(root: Path, out: Problems) -> None:
    path = root / ".claude-plugin" / "marketplace.json"
    data = load_json(path, out)
    if not isinstance(data, dict):
        return
    for key in sorted(set(data) - CLAUDE_MARKETPLACE_KEYS):
        out.add(path, f"unknown key {key!r}")
    name = data.get("name")
    if not isinstance(name, str) or not KEBAB.match(name) or name in CLAUDE_RESERVED_MARKETPLACES:
        out.add(path, f"name {name!r} must be kebab-case and not reserved")
    if not isinstance(data.get("owner"), dict) or not data["owner"].get("name"):
        out.add(path, "owner.name is missing")
    plugins = data.get("plugins")
    if not isinstance(plugins, list) or not plugins:
        out.add(path, "plugins must be a non-empty list")
        return
    for entry in plugins:
        source = entry.get("source") if isinstance(entry, dict) else None
        if not isinstance(source, str):
            out.add(path, f"plugin entry {entry!r}: source must be a './path' in this repository")
            continue
        relative_path(source, root, path, "source", out)
        manifest = check_claude_plugin(root / source, out) if (root / source).is_dir() else None
        if manifest:
            for key in ("name", "version"):
                if key in entry and entry[key] != manifest.get(key):
                    out.add(path, f"plugin {key} {entry[key]!r} differs from {source}/.claude-plugin/plugin.json")


def check_codex_plugin(plugin: Path, out: Problems) -> dict | None:
    manifest_path = plugin / ".codex-plugin" / "plugin.json"
    manifest = load_json(manifest_path, out)
    if not isinstance(manifest, dict):
        return None
    _check_identity(manifest, manifest_path, CODEX_PLUGIN_KEYS, out)
    for key in ("skills", "hooks", "mcpServers", "apps"):
        if key in manifest:
            relative_path(manifest[key], plugin, manifest_path, key, out)
    interface = manifest.get("interface", {})
    if not isinstance(interface, dict):
        out.add(manifest_path, "interface must be an object")
        interface = {}
    for key in sorted(set(interface) - CODEX_INTERFACE_KEYS):
        out.add(manifest_path, f"unknown interface key {key!r}")
    prompts = interface.get("defaultPrompt", [])
    if not isinstance(prompts, list) or len(prompts) > 3 or any(not isinstance(p, str) or len(p) > 128 for p in prompts):
        out.add(manifest_path, "interface.defaultPrompt: at most 3 strings of at most 128 characters")
    skills_dir = plugin / str(manifest.get("skills", "./skills/"))
    for skill in folders(skills_dir):
        check_skill(skill, out)
    return manifest


def check_codex_marketplace(root: Path, out: Problems) -> None:
    path = root / ".agents" / "plugins" / "marketplace.json"
    data = load_json(path, out)
    if not isinstance(data, dict):
        return
    if not isinstance(data.get("name"), str) or not KEBAB.match(data["name"]):
        out.add(path, "name must be kebab-case")
    if not isinstance(data.get("interface"), dict) or not data["interface"].get("displayName"):
        out.add(path, "interface.displayName is missing")
    plugins = data.get("plugins")
    if not isinstance(plugins, list) or not plugins:
        out.add(path, "plugins must be a non-empty list")
        return
    for entry in plugins:
        if not isinstance(entry, dict):
            out.add(path, "each plugin entry must be an object")
            continue
        source = entry.get("source")
        if not isinstance(source, dict) or source.get("source") != "local":
            out.add(path, f"plugin {entry.get('name')!r}: source must be {{'source': 'local', 'path': './...'}}")
            continue
        relative_path(source.get("path"), root, path, "source.path", out)
        policy = entry.get("policy", {})
        if policy.get("installation") not in CODEX_INSTALLATION:
            out.add(path, f"policy.installation must be one of {sorted(CODEX_INSTALLATION)}")
        if policy.get("authentication") not in CODEX_AUTHENTICATION:
            out.add(path, f"policy.authentication must be one of {sorted(CODEX_AUTHENTICATION)}")
        if not entry.get("category"):
            out.add(path, f"plugin {entry.get('name')!r}: category is missing")
        plugin = root / str(source.get("path"))
        manifest = check_codex_plugin(plugin, out) if plugin.is_dir() else None
        if manifest and entry.get("name") != manifest.get("name"):
            out.add(path, f"plugin name {entry.get('name')!r} differs from its .codex-plugin/plugin.json")


def _check_identity(manifest: dict, manifest_path, allowed_keys, out) -> None:
    """What both clients ask of a plugin manifest: known keys, a kebab-case name, version, description."""
    for key in sorted(set(manifest) - allowed_keys):
        out.add(manifest_path, f"unknown key {key!r}")
    if not isinstance(manifest.get("name"), str) or not KEBAB.match(manifest["name"]):
        out.add(manifest_path, "name must be kebab-case")
    for key in ("version", "description"):
        if not isinstance(manifest.get(key), str) or not manifest[key]:
            out.add(manifest_path, f"{key} must be a non-empty string")
