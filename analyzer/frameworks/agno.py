"""Agno (`agno`, formerly phidata)."""

from analyzer.frameworks.model import AGENT_FRAMEWORK, Framework, RoleConstructor

FRAMEWORK = Framework(
    id="agno",
    title="Agno",
    kind=AGENT_FRAMEWORK,
    packages=("agno",),
    roles=(RoleConstructor("Agent", ("instructions", "description")),),
    example='''
from agno.agent import Agent
from agno.models.openai import OpenAIChat

agent = Agent(model=OpenAIChat(id="gpt-4o"), description="A travel planner", instructions=["Be brief."])
''',
)
