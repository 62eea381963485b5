"""A release's identity, set once, and every file that repeats it.

The version lives in `analyzer/__init__.py` (hatch reads it from there); the repository URL is
`Repository` in `[project.urls]` of `pyproject.toml`. Manifests, the skill's install fallbacks,
README snippets, the action's and the hook's examples and the schema's `$id` repeat them: each
such place is a `Stamp` below, rewritten by `harness-audit skill build` and checked by
`harness-audit skill check` (and the packaging tests), so a release changes two lines by hand.

Tags are `v<version>` (`v1.2.3`); the action is also tagged with its major version (`v1`).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PACKAGE = "harness-audit"


@dataclass(frozen=True)
class Identity:
    version: str
    repository: str  # https://github.com/owner/name

    @property
    def tag(self) -> str:
        return f"v{self.version}"

    @property
    def major_tag(self) -> str:
        return f"v{self.version.split('.')[0]}"

    @property
    def slug(self) -> str:
        """`owner/name`, as `uses:` names an action."""
        return "/".join(self.repository.rstrip("/").split("/")[-2:])

    @property
    def install_source(self) -> str:
        """What pip, pipx and uvx install from before (and after) a PyPI upload: the repository."""
        return f"git+{self.repository}"


# The repository as the package knows it at run time (SARIF's informationUri, rule help links):
# stamped from [project.urls] by `harness-audit skill build`, so an installed or vendored copy
# never needs pyproject.toml or package metadata to name it.
REPOSITORY = "https://github.com/harness-audit/harness-audit"


def identity(root: Path) -> Identity:
    """The identity of the checkout at `root`: analyzer/__init__.py and pyproject.toml, as written there."""
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    version = re.search(r'^__version__ = "([^"]+)"', (root / "analyzer" / "__init__.py").read_text(encoding="utf-8"),
                        re.MULTILINE)
    if version is None:
        raise ValueError(f"{root / 'analyzer' / '__init__.py'}: no __version__ = \"...\" line")
    repository = pyproject.get("project", {}).get("urls", {}).get("Repository")
    if not repository:
        raise ValueError(f"{root / 'pyproject.toml'}: [project.urls] has no Repository")
    return Identity(version=version.group(1), repository=repository.rstrip("/"))


@dataclass(frozen=True)
class Stamp:
    """In `path`, group 1 of every match of `pattern` must read `value(identity)`."""

    path: str
    pattern: str
    value: str  # an Identity attribute

    def apply(self, text: str, ident: Identity) -> str:
        wanted = getattr(ident, self.value)
        return re.sub(self.pattern, lambda m: m.group(0)[:m.start(1) - m.start(0)] + wanted
                      + m.group(0)[m.end(1) - m.start(0):], text, flags=re.MULTILINE)


_URL = r"(https://github\.com/[\w.-]+/[\w.-]+?)"
STAMPS: tuple[Stamp, ...] = (
    Stamp("analyzer/release.py", r'^REPOSITORY = "([^"]+)"$', "repository"),
    Stamp("claude/.claude-plugin/plugin.json", r'"version": "([^"]+)"', "version"),
    Stamp("claude/.claude-plugin/plugin.json", r'"(?:homepage|repository)": "([^"]+)"', "repository"),
    Stamp("codex/.codex-plugin/plugin.json", r'^  "version": "([^"]+)"', "version"),
    Stamp("codex/.codex-plugin/plugin.json", r'"(?:homepage|repository)": "([^"]+)"', "repository"),
    Stamp(".claude-plugin/marketplace.json", r'"version": "([^"]+)"', "version"),
    Stamp("SKILL.md", r'^  version: "([^"]+)"', "version"),
    Stamp("SKILL.md", r"--from (git\+\S+?) harness-audit", "install_source"),
    Stamp("SKILL.md", r"install (?:--user )?(git\+\S+?)`", "install_source"),
    Stamp("README.md", r'pip install "(git\+[^"]+)"', "install_source"),
    Stamp("README.md", r"--from (git\+\S+?) harness-audit", "install_source"),
    Stamp("README.md", r"marketplace add ([\w.-]+/[\w.-]+)", "slug"),
    Stamp("README.md", r"^  - repo: " + _URL + r"$", "repository"),
    Stamp("README.md", r"^    rev: (v[\w.]+)$", "tag"),
    Stamp("README.md", r"uses: ([\w.-]+/[\w.-]+)@v\d+ +# the action\.yml", "slug"),
    Stamp("README.md", r"uses: [\w.-]+/[\w.-]+@(v\d+) +# the action\.yml", "major_tag"),
    Stamp("README.md", r"`version: ([\w.]+)` / `latest` from PyPI", "version"),
    Stamp("action.yml", r"from PyPI \(e\.g\. ([\w.]+), or `latest`\)", "version"),
    Stamp(".pre-commit-hooks.yaml", r"^#     - repo: " + _URL + r"$", "repository"),
    Stamp(".pre-commit-hooks.yaml", r"^#       rev: (v[\w.]+)$", "tag"),
    Stamp("action.yml", r"^#   - uses: ([\w.-]+/[\w.-]+)@v\d+$", "slug"),
    Stamp("action.yml", r"^#   - uses: [\w.-]+/[\w.-]+@(v\d+)$", "major_tag"),
    Stamp("analyzer/schemas/report.schema.json", r'"\$id": "' + _URL + r'/', "repository"),
)


def stamped_files(root: Path) -> dict[Path, str]:
    """Every file that repeats the version or the repository URL, with the text it must hold.

    Empty outside a full checkout (a copy of the skill alone, an installed package): nothing to stamp from.
    """
    if not (root / "pyproject.toml").is_file():
        return {}
    ident = identity(root)
    texts: dict[Path, str] = {}
    for stamp in STAMPS:
        path = root / stamp.path
        text = texts.get(path, path.read_text(encoding="utf-8") if path.is_file() else None)
        if text is None:
            continue
        texts[path] = stamp.apply(text, ident)
    return texts


def unmatched_stamps(root: Path) -> list[str]:
    """Stamps whose pattern matches nothing (the file was edited so the place moved): `path: pattern`."""
    if not (root / "pyproject.toml").is_file():
        return []
    return [f"{s.path}: nothing matches {s.pattern}" for s in STAMPS
            if (root / s.path).is_file() and not re.search(s.pattern, (root / s.path).read_text(encoding="utf-8"),
                                                            flags=re.MULTILINE)]
