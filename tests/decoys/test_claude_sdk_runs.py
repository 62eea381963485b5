"""Claude Agent SDK runs, Fixit-style, as small projects: the SDK runs the agent loop, so its options are
the line to change.

- HA107: `permission_mode` chosen by a condition, one branch `bypassPermissions` (the owner's sessions).
- HA101: options with neither `max_turns` nor `max_budget_usd` (the SDK's defaults: no limit).
- HA111: the result's `total_cost_usd` / `usage` stored after each run and never compared with a limit.
"""

from __future__ import annotations

from tests.decoys.test_project_crossfile import audit, findings

SESSION = '''
    from claude_agent_sdk import ClaudeAgentOptions, ClaudeSDKClient, ResultMessage

    from assistant.usage import UsageLog


    class Session:
        def __init__(self, user_id: int, is_owner: bool, log: UsageLog):
            self.user_id, self.is_owner, self.log = user_id, is_owner, log

        def _options(self) -> ClaudeAgentOptions:
            mode = {mode}
            return ClaudeAgentOptions(
                allowed_tools=["Read", "Grep", "mcp__jobs__schedule"],
                permission_mode=mode,{limits}
            )

        async def ask(self, prompt: str) -> str:
            reply = ""
            async with ClaudeSDKClient(options=self._options()) as client:
                await client.query(prompt)
                async for message in client.receive_response():
                    if isinstance(message, ResultMessage):
                        reply = message.result or ""
                        self._record(message)
            return reply

        def _record(self, message: ResultMessage) -> None:{check}
            self.log.add(self.user_id, cost=message.total_cost_usd, tokens=dict(message.usage or {{}}))
'''

USAGE = '''
    import sqlite3


    class UsageLog:
        def __init__(self, path: str):
            self.db = sqlite3.connect(path)

        def add(self, user_id: int, cost: float, tokens: dict) -> None:
            self.db.execute("INSERT INTO usage VALUES (?, ?, ?)", (user_id, cost, sum(tokens.values())))
            self.db.commit()
'''


def _project(mode: str, limits: str = "", check: str = "") -> dict[str, str]:
    return {"assistant/__init__.py": "", "assistant/usage.py": USAGE,
            "assistant/session.py": SESSION.format(mode=mode, limits=limits, check=check)}


def test_owner_sessions_without_permissions_limits_or_budget(tmp_path):
    report = audit(tmp_path, _project('"bypassPermissions" if self.is_owner else "default"'))
    assert findings(report, "HA107") == [("assistant/session.py", 11)]
    assert findings(report, "HA101") == [("assistant/session.py", 12)]
    assert findings(report, "HA111") == [("assistant/session.py", 28)]
    bypass = next(f for f in report.findings if f.rule == "HA107")
    assert "when self.is_owner" in bypass.message


def test_checked_sessions_with_a_turn_limit_and_an_enforced_budget(tmp_path):
    """Decoys: both modes keep the checks on, the options carry max_turns, and the spend is compared with an
    allowance before the next run."""
    report = audit(tmp_path, _project(
        '"acceptEdits" if self.is_owner else "default"',
        limits="\n                max_turns=12,",
        check="\n            if message.total_cost_usd and message.total_cost_usd > 0.5:"
              "\n                raise RuntimeError('run exceeded its allowance')"))
    assert findings(report, "HA107") == []
    assert findings(report, "HA101") == []
    assert findings(report, "HA111") == []


def _pool_evidence(report):
    pool = next(v for v in report.primitives if v.id == "P9")
    return [(e.path, e.line, e.detail) for e in pool.evidence if e.component == "per-run-assembly"]


def test_the_callers_role_picks_the_sessions_tools(tmp_path):
    """Control: owners get the full tool set, everyone else a read-only one, decided per session."""
    files = _project('"default"')
    files["assistant/session.py"] = files["assistant/session.py"].replace(
        'allowed_tools=["Read", "Grep", "mcp__jobs__schedule"]',
        'allowed_tools=OWNER_TOOLS if self.is_owner else GUEST_TOOLS').replace(
        "from assistant.usage import UsageLog",
        'from assistant.usage import UsageLog\n\n    OWNER_TOOLS = ["Read", "Grep", "Bash"]\n    GUEST_TOOLS = ["Read"]')
    report = audit(tmp_path, files)
    assert _pool_evidence(report) == [
        ("assistant/session.py", 15, "allowed_tools= chosen per run by self.is_owner")]


def test_a_fallback_for_a_missing_list_is_one_fixed_pool(tmp_path):
    """Decoy: the same list every session, with a guard against None."""
    files = _project('"default"')
    files["assistant/session.py"] = files["assistant/session.py"].replace(
        'allowed_tools=["Read", "Grep", "mcp__jobs__schedule"]',
        'allowed_tools=TOOLS if TOOLS is not None else []').replace(
        "from assistant.usage import UsageLog", 'from assistant.usage import UsageLog\n\n    TOOLS = ["Read", "Grep"]')
    report = audit(tmp_path, files)
    assert _pool_evidence(report) == []
