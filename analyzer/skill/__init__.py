"""The agent skill: SKILL.md, its reference files rendered from the rubric, the Claude Code and
Codex packaging around it, and the checks that keep all of them true.

The skill's text has one source, the repository root (`SKILL.md`, `references/`, `agents/`).
`references/` is generated from the rubric (`harness-audit skill build`); the copies inside
`claude/` and `codex/` are generated from the root; tests fail when either is stale.
"""

SKILL_NAME = "harness-audit"
