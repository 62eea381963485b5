"""LlamaIndex agents (`llama_index`). Checked against llama_index 0.14."""

from analyzer.frameworks.model import AGENT_FRAMEWORK, Framework, LimitOption, RoleConstructor, TeamConstruct

FRAMEWORK = Framework(
    id="llamaindex",
    title="LlamaIndex",
    kind=AGENT_FRAMEWORK,
    packages=("llama_index",),
    signal_names=("FunctionAgent", "ReActAgent", "AgentWorkflow", "FunctionTool", "OpenAIAgent", "AgentRunner",
                  "QueryEngineTool", "VectorStoreIndex", "CodeActAgent"),
    roles=(RoleConstructor("FunctionAgent", ("system_prompt", "description")),
           RoleConstructor("ReActAgent", ("system_prompt", "description")),
           RoleConstructor("CodeActAgent", ("system_prompt", "description"), runs_code=True)),
    tool_classes=("FunctionTool", "AsyncBaseTool"),
    tool_wrappers=("FunctionTool.from_defaults", "FunctionTool"),
    turn_limits=(LimitOption(("ReActAgent", "FunctionAgent", "CodeActAgent", "AgentWorkflow", "ReActAgent.from_tools",
                              "OpenAIAgent.from_tools", "AgentRunner", "FunctionCallingAgent.from_tools", ".run"),
                             ("max_iterations",)),),
    code_executors={"CodeActAgent": "code-exec"},
    teams=(TeamConstruct("AgentWorkflow", "llama_index"),),
    example='''
from llama_index.core.agent.workflow import AgentWorkflow, CodeActAgent, FunctionAgent
from llama_index.core.tools import FunctionTool


def lookup_policy(topic: str) -> str:
    """Look up the travel policy on a topic."""
    return f"policy for {topic}"


async def answer(llm, executor, question: str):
    policy = FunctionAgent(name="policy", description="Answers policy questions", llm=llm,
                           system_prompt="Quote the policy.", tools=[FunctionTool.from_defaults(lookup_policy)])
    calculator = CodeActAgent(name="calculator", description="Computes allowances", llm=llm,
                              code_execute_fn=executor.execute, system_prompt="Compute with Python.")
    workflow = AgentWorkflow(agents=[policy, calculator], root_agent="policy")
    return await workflow.run(user_msg=question, max_iterations=8)
''',
)
