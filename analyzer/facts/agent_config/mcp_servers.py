"""MCP server entries: `.mcp.json` (`mcpServers`) and Codex's `[mcp_servers.*]` tables.

A server launched by a package runner with no version (`npx -y some-server`) runs whatever
the registry serves that day, with the agent's tools and credentials (HA220). A secret written
into `env`, `headers` or `args` is committed with the file (HA221); `${VAR}` references are not.
"""

from __future__ import annotations

import posixpath
import shlex
from urllib.parse import parse_qsl, urlsplit

from analyzer.facts.agent_config.base import (
    ConfigCheck,
    ConfigWriter,
    as_dict,
    as_list,
)
from analyzer.facts.check import Example, config_check
from analyzer.facts.secrets import literal_secret
from analyzer.parse.config import ConfigDoc

UNPINNED_RULE = "HA220"
SECRET_RULE = "HA221"

# Runner flags that take a value (so the value is not the package).
_NPX_VALUE_FLAGS = {"-p", "--package", "--registry", "-c", "--call", "--cache", "--userconfig"}
_UVX_VALUE_FLAGS = {"--with", "--python", "-p", "--index", "--index-url", "--extra-index-url", "--from",
                    "--with-requirements", "--constraint", "-c"}
_DOCKER_VALUE_FLAGS = {"-e", "--env", "-v", "--volume", "--name", "-p", "--publish", "--network", "--mount",
                       "-w", "--workdir", "-u", "--user", "--entrypoint", "--env-file", "--platform", "-l",
                       "--label", "--add-host", "--pull"}
_VERSION_RANGES = ("^", "~", ">", "<", "*", "x")
_FLOATING_TAGS = {"", "latest", "next", "canary", "beta", "alpha", "edge", "main", "master"}


def _argv(server: dict) -> list[str]:
    command = server.get("command")
    if not isinstance(command, str) or not command.strip():
        return []
    try:
        argv = shlex.split(command)
    except ValueError:
        argv = command.split()
    return argv + [str(a) for a in as_list(server.get("args"))]


def _first_operand(args: list[str], value_flags: set[str]) -> tuple[int, str] | None:
    skip = False
    for index, arg in enumerate(args):
        if skip:
            skip = False
            continue
        if arg.startswith("-"):
            skip = arg in value_flags
            continue
        return index, arg
    return None


def _flag_value(args: list[str], *flags: str) -> tuple[int, str] | None:
    for index, arg in enumerate(args):
        for flag in flags:
            if arg == flag and index + 1 < len(args):
                return index + 1, args[index + 1]
            if arg.startswith(flag + "="):
                return index, arg.split("=", 1)[1]
    return None


def _npm_pinned(spec: str) -> bool:
    name = spec[1:] if spec.startswith("@") else spec
    version = name.partition("@")[2]
    return bool(version) and version.lower() not in _FLOATING_TAGS and not version.startswith(_VERSION_RANGES)


def _python_pinned(spec: str) -> bool:
    if "==" in spec:
        return True
    version = spec.partition("@")[2]
    return bool(version) and version.lower() not in _FLOATING_TAGS and "/" not in version


def _docker_pinned(image: str) -> bool:
    if "@sha256:" in image:
        return True
    last = image.rsplit("/", 1)[-1]
    tag = last.partition(":")[2]
    return bool(tag) and tag.lower() not in _FLOATING_TAGS


def _local(spec: str) -> bool:
    return spec.startswith((".", "/", "~", "file:", "git+", "git:", "http:", "https:", "github:")) or spec.endswith(
        (".js", ".mjs", ".py", ".tgz", ".whl"))


def unpinned_package(server: dict) -> tuple[int, str, str] | None:
    """(argv index, launcher, spec) when the server runs a registry package with no version.
    The index counts from the first item of `args` when the command is a bare launcher."""
    argv = _argv(server)
    if not argv:
        return None
    launcher = posixpath.basename(argv[0])
    rest = argv[1:]
    if launcher in ("pnpm", "yarn", "bun") and rest[:1] == ["dlx"] or launcher == "pipx" and rest[:1] == ["run"]:
        rest = rest[1:]
    elif launcher == "docker" and rest[:1] == ["run"]:
        rest = rest[1:]
    elif launcher not in ("npx", "bunx", "uvx"):
        return None
    offset = len(argv) - len(rest)
    if launcher in ("npx", "bunx", "pnpm", "yarn", "bun"):
        found = _flag_value(rest, "-p", "--package") or _first_operand(rest, _NPX_VALUE_FLAGS)
        pinned = _npm_pinned
    elif launcher in ("uvx", "pipx"):
        found = _flag_value(rest, "--from", "--spec") or _first_operand(rest, _UVX_VALUE_FLAGS)
        pinned = _python_pinned
    else:
        found = _first_operand(rest, _DOCKER_VALUE_FLAGS)
        pinned = _docker_pinned
    if not found:
        return None
    index, spec = found
    if _local(spec) or pinned(spec):
        return None
    return index + offset, launcher, spec


def server_secrets(server: dict, vocab) -> list[tuple[tuple, str]]:
    """(key path inside the server entry, masked description) for each literal secret."""
    found: list[tuple[tuple, str]] = []
    for table in ("env", "headers", "http_headers"):
        for key, value in as_dict(server.get(table)).items():
            masked = literal_secret(str(key), value, vocab)
            if masked:
                found.append(((table, key), f"{table}.{key} = {masked}"))
    for key in ("bearer_token", "token", "api_key", "apiKey"):
        masked = literal_secret(key, server.get(key), vocab)
        if masked:
            found.append(((key,), f"{key} = {masked}"))
    args = [str(a) for a in as_list(server.get("args"))]
    for index, arg in enumerate(args):
        flag, _, value = arg.partition("=")
        if value and flag.startswith("-"):
            masked = literal_secret(flag.lstrip("-"), value, vocab)
        elif index and args[index - 1].startswith("-") and "=" not in args[index - 1]:
            masked = literal_secret(args[index - 1].lstrip("-"), arg, vocab)
        else:
            masked = literal_secret("", arg, vocab)
        if masked:
            found.append((("args", index), f"args[{index}] = {masked}"))
    url = server.get("url")
    if isinstance(url, str):
        for key, value in parse_qsl(urlsplit(url).query):
            masked = literal_secret(key, value, vocab)
            if masked:
                found.append((("url",), f"url ?{key}= {masked}"))
    return found


def check_server(name: str, server: dict, base: tuple, out: ConfigWriter) -> None:
    """Both MCP rules for one server entry at key path `base`."""
    unpinned = unpinned_package(server)
    if unpinned:
        index, launcher, spec = unpinned
        command_words = len(_argv({"command": server.get("command")}))
        keys = base + (("args", index - command_words) if index >= command_words else ("command",))
        out.hit(UNPINNED_RULE, keys, f"server `{name}` runs `{launcher} {spec}` with no version")
    for keys, detail in server_secrets(server, out.vocab):
        out.hit(SECRET_RULE, base + keys, f"server `{name}`: {detail}", secret=True)


@config_check
class McpJsonServers(ConfigCheck):
    """Every server in `.mcp.json`: pinned packages, no literal secrets."""

    id = "mcp.servers"
    applies_to = ("mcp",)
    emits = (UNPINNED_RULE, SECRET_RULE)
    POSITIVE = (
        Example('{"mcpServers": {"fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "."]}}}',
                expect=UNPINNED_RULE, path=".mcp.json",
                line=1, message="server `fs` runs `npx @modelcontextprotocol/server-filesystem` with no version"),
        Example('{"mcpServers": {"gh": {"command": "npx", "args": ["-y", "github-mcp@latest"]}}}',
                expect=UNPINNED_RULE, path=".mcp.json"),
        Example('{"mcpServers": {"git": {"command": "uvx", "args": ["mcp-server-git"]}}}',
                expect=UNPINNED_RULE, path=".mcp.json"),
        Example('{"mcpServers": {"gh": {"command": "npx", "args": ["-y", "@acme/gh-mcp@1.4.2"], '
                '"env": {"GITHUB_TOKEN": "ghp_4f9KxQ2mZr8Lw1Nc7Vb3Ty6Hp0Js5Da9EeUu"}}}}',
                expect=SECRET_RULE, path=".mcp.json"),
        Example('{"mcpServers": {"api": {"type": "http", "url": "https://mcp.example.com/mcp", '
                '"headers": {"Authorization": "Bearer 9f8e7d6c5b4a39281706f5e4"}}}}',
                expect=SECRET_RULE, path=".mcp.json"),
    )
    NEGATIVE = (
        Example('{"mcpServers": {"fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "."]}}}',
                path=".mcp.json"),
        Example('{"mcpServers": {"git": {"command": "uvx", "args": ["mcp-server-git==2025.7.1"]}}}',
                path=".mcp.json"),
        Example('{"mcpServers": {"gh": {"command": "docker", "args": ["run", "-i", "--rm", "-e", "GITHUB_TOKEN", '
                '"ghcr.io/github/github-mcp-server:v0.13.0"], "env": {"GITHUB_TOKEN": "${GITHUB_TOKEN}"}}}}',
                path=".mcp.json"),
        Example('{"mcpServers": {"local": {"command": "python3", "args": ["tools/mcp_server.py"]}}}',
                path=".mcp.json"),
    )

    def run(self, doc: ConfigDoc, out: ConfigWriter) -> None:
        data = as_dict(doc.data)
        key = "mcpServers" if "mcpServers" in data else "servers"
        for name, server in as_dict(data.get(key)).items():
            check_server(str(name), as_dict(server), (key, name), out)
        out.signal("config:mcp")

