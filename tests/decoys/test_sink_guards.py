"""Per-tool guards before a sink, Fixit-style: checking an argument's shape, or handling a failed lookup, is
not a decision about whether the call may go ahead; a refusal raised by a policy is.

- Decoy: a send tool that validates its recipient (`isdigit`, a directory lookup in `try/except Exception`)
  and then sends: HA106 stays, at the send.
- Control: the same tool asking a recipient policy that raises its own `RecipientBlocked`: not reported.
"""

from __future__ import annotations

from tests.decoys.test_project_crossfile import audit, findings

TOOL = '''
    import smtplib

    from agents import function_tool

    from outreach.directory import lookup_address
    {policy_import}

    @function_tool
    def send_update(recipient: str, body: str) -> str:
        """Email a status update to a colleague (an address or a staff number)."""
        if not body:
            return "nothing to send"
        if recipient.lstrip("+").isdigit():
            try:
                recipient = lookup_address(int(recipient))
            except Exception as error:
                return f"unknown staff number: {error}"
        {policy}
        with smtplib.SMTP("smtp.example.com", 587) as server:
            server.sendmail("bot@example.com", [recipient], body)
        return "sent"
'''

MAIN = '''
    import asyncio

    from agents import Agent, ModelSettings, Runner

    from outreach.tools import send_update

    agent = Agent(name="Outreach", instructions="Send the updates you are asked to send.", tools=[send_update],
                  model_settings=ModelSettings(max_tokens=800))

    if __name__ == "__main__":
        print(asyncio.run(Runner.run(agent, "tell 1042 the build is green", max_turns=5)).final_output)
'''

DIRECTORY = '''
    STAFF = {1042: "ana@example.com"}


    def lookup_address(number: int) -> str:
        return STAFF[number]
'''

POLICY = '''
    class RecipientBlocked(Exception):
        pass


    ALLOWED_DOMAINS = {"example.com"}


    def vet_recipient(address: str) -> None:
        if address.rsplit("@", 1)[-1] not in ALLOWED_DOMAINS:
            raise RecipientBlocked(address)
'''


def _project(policy: str = "", policy_import: str = "") -> dict[str, str]:
    return {"outreach/__init__.py": "", "outreach/main.py": MAIN, "outreach/directory.py": DIRECTORY,
            "outreach/policy.py": POLICY,
            "outreach/tools.py": TOOL.replace("{policy_import}", policy_import).replace("{policy}", policy)}


def test_argument_checks_and_a_failed_lookup_are_not_a_gate(tmp_path):
    report = audit(tmp_path, _project())
    # the SMTP session (line 19) and the send (line 20) are both messaging sinks
    assert findings(report, "HA106") == [("outreach/tools.py", 19), ("outreach/tools.py", 20)]


def test_a_policy_that_refuses_with_its_own_exception_is_a_gate(tmp_path):
    report = audit(tmp_path, _project(
        policy='''try:
            vet_recipient(recipient)
        except RecipientBlocked:
            return "recipient not allowed"''',
        policy_import="from outreach.policy import RecipientBlocked, vet_recipient"))
    assert findings(report, "HA106") == []


# --- HA102 on framework models: the agent's or chat model's configuration is the line to change ---------

def test_agent_without_model_settings_has_no_output_cap(tmp_path):
    """Control: the Agents SDK agent is configured with no `ModelSettings(max_tokens=...)`."""
    report = audit(tmp_path, {"outreach/__init__.py": "", "outreach/directory.py": DIRECTORY,
                              "outreach/policy.py": POLICY, "outreach/tools.py": TOOL.replace("{policy_import}", "")
                              .replace("{policy}", ""),
                              "outreach/main.py": MAIN.replace(",\n                  model_settings=ModelSettings(max_tokens=800)", "")})
    assert findings(report, "HA102") == [("outreach/main.py", 7)]


def test_settings_held_in_a_constant_are_a_cap(tmp_path):
    """Decoy: the cap lives in a module constant the agent is given."""
    main = MAIN.replace("model_settings=ModelSettings(max_tokens=800)", "model_settings=SETTINGS").replace(
        "agent = Agent(", "SETTINGS = ModelSettings(max_tokens=800)\n    agent = Agent(")
    report = audit(tmp_path, {**_project(), "outreach/main.py": main})
    assert findings(report, "HA102") == []
