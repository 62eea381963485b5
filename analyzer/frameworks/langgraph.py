"""LangGraph (`langgraph`, with `langgraph_supervisor` and `langgraph_swarm`). Checked against langgraph 1.2."""

from analyzer.frameworks.model import AGENT_FRAMEWORK, Framework, RoleConstructor, TeamConstruct

FRAMEWORK = Framework(
    id="langgraph",
    title="LangGraph",
    kind=AGENT_FRAMEWORK,
    packages=("langgraph",),
    companions=("langgraph_supervisor", "langgraph_swarm"),
    signal_names=("StateGraph", "create_react_agent", "MessageGraph", "entrypoint", "task", "ToolNode",
                  "create_supervisor", "create_swarm"),
    roles=(RoleConstructor("create_react_agent", ("prompt", "name")),),
    run_calls=(".invoke", ".ainvoke"),
    recursion_limit=True,
    limit_errors=("GraphRecursionError",),
    permission_hooks=("interrupt", "interrupt_before"),
    sessions=("SqliteSaver", "AsyncSqliteSaver", "PostgresSaver", "AsyncPostgresSaver", "RedisSaver", "MongoDBSaver"),
    memory_sessions=("MemorySaver", "InMemorySaver"),
    teams=(TeamConstruct("create_supervisor", "langgraph_supervisor", "agents"),
           TeamConstruct("create_swarm", "langgraph_swarm", "agents"),
           TeamConstruct("create_handoff_tool", "langgraph_swarm")),
    enforces_role_tools=True,
    example='''
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.prebuilt import create_react_agent


def build(model, tools):
    with SqliteSaver.from_conn_string("checkpoints.db") as checkpointer:
        return create_react_agent(model, tools, prompt="You are a careful researcher.", name="researcher",
                                  checkpointer=checkpointer, interrupt_before=["tools"])


def ask(agent, question: str):
    return agent.invoke({"messages": [("user", question)]},
                        {"recursion_limit": 12, "configurable": {"thread_id": "t-1"}})
''',
)
