"""Google Agent Development Kit (`google.adk`)."""

from analyzer.frameworks.model import AGENT_FRAMEWORK, Framework, RoleConstructor, TeamConstruct

FRAMEWORK = Framework(
    id="google-adk",
    title="Google ADK",
    kind=AGENT_FRAMEWORK,
    packages=("google.adk",),
    roles=(RoleConstructor("Agent", ("instruction", "description")),
           RoleConstructor("LlmAgent", ("instruction", "description"))),
    teams=(TeamConstruct("SequentialAgent", "google.adk"), TeamConstruct("ParallelAgent", "google.adk")),
    example='''
from google.adk.agents import LlmAgent, SequentialAgent

drafter = LlmAgent(name="drafter", model="gemini-2.5-flash", instruction="Draft the reply.")
checker = LlmAgent(name="checker", model="gemini-2.5-flash", instruction="Check the draft against policy.")
pipeline = SequentialAgent(name="reply", sub_agents=[drafter, checker])
''',
)
