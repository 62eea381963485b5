"""The shape of one framework entry: every idiom of an agent framework or model client the checks
recognise, as data. One module per framework in this package builds one `Framework`."""

from __future__ import annotations

from dataclasses import dataclass, field

AGENT_FRAMEWORK = "agent-framework"  # builds and runs agents (its own loop, tools, limits)
MODEL_CLIENT = "model-client"  # a raw model API: the project writes the loop
TOOL_LIBRARY = "tool-library"  # gives agents tools or a sandbox; builds no agent


@dataclass(frozen=True)
class LimitOption:
    """A call that takes a turn or token limit the project chooses: `Runner.run(agent, x, max_turns=10)`.

    `tails` end the call's resolved dotted name (`Runner.run`); a tail written `.run` is a method on an
    object that cannot be resolved (`agent.run(...)`), accepted in a file importing the packages. No
    keywords (token limits only): the call itself is the limit (`TokenUsageTermination(...)`)."""

    tails: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    positional: int | None = None  # the limit may also be passed at this position
    packages: tuple[str, ...] = ()  # default: the framework's packages


@dataclass(frozen=True)
class RoleConstructor:
    """A constructor that defines one agent role, with the keywords that give the role its own prompt."""

    leaf: str
    prompt_keywords: tuple[str, ...]
    runs_code: bool = False  # the role runs model-written code: its tool list is no capability boundary


@dataclass(frozen=True)
class TeamConstruct:
    """A call that splits work among agents (group chat, swarm, supervisor, handoff)."""

    leaf: str
    package: str  # the package the call resolves to (`langgraph_supervisor` for `create_supervisor`)
    members: str = ""  # the argument (keyword, or first positional) that lists the member agents
    min_members: int = 0  # multi-agent only with at least this many members listed (0: always)


@dataclass(frozen=True)
class Framework:
    """Everything the checks know about one framework. Empty fields: the framework has no such idiom
    (or the checks do not read it yet)."""

    id: str  # framework id used in the rubric's `frameworks:` keys and the report's `frameworks`
    title: str
    kind: str  # AGENT_FRAMEWORK | MODEL_CLIENT | TOOL_LIBRARY
    packages: tuple[str, ...]  # import roots (`from agents import ...`)
    example: str  # a short, realistic program in the framework's idiom; tests/test_frameworks.py reads it
    companions: tuple[str, ...] = ()  # packages shipped beside it (`crewai_tools`, `langgraph_supervisor`)
    signal_names: tuple[str, ...] = ()  # imported names whose use shows an agent is built (`framework:<id>`)
    report_as: str = ""  # the framework id of the `framework:` signal, when it is not `id`
    roles: tuple[RoleConstructor, ...] = ()  # agent constructors
    run_calls: tuple[str, ...] = ()  # calls that run a whole agent (tails, see LimitOption)
    tool_decorators: tuple[str, ...] = ()  # decorator leaves that make a function a tool
    tool_classes: tuple[str, ...] = ()  # base classes whose subclasses are tools
    tool_wrappers: tuple[str, ...] = ()  # calls that make a function a tool (`FunctionTool.from_defaults(fn)`)
    tool_server_keywords: tuple[str, ...] = ()  # keywords receiving tool servers rather than tools
    turn_limits: tuple[LimitOption, ...] = ()  # max_turns / max_iter / max_steps ...
    token_limits: tuple[LimitOption, ...] = ()  # token or cost budgets
    recursion_limit: bool = False  # a `recursion_limit` in the run config caps graph steps
    limit_errors: tuple[str, ...] = ()  # exceptions raised when a limit is hit
    limit_markers: tuple[str, ...] = ()  # result subtypes / handler keys naming a hit limit
    permission_hooks: tuple[str, ...] = ()  # keywords, calls and decorators that gate a tool call
    guardrails: tuple[str, ...] = ()  # decorators of functions that screen content for an agent (not tool gates)
    options_classes: tuple[str, ...] = ()  # the option object that configures a session (`ClaudeAgentOptions`)
    tool_options: tuple[str, ...] = ()  # options of `options_classes` that choose the tool set
    sessions: tuple[str, ...] = ()  # durable session / checkpointer classes and decorators
    memory_sessions: tuple[str, ...] = ()  # in-memory ones (lost when the process ends)
    resume_options: tuple[str, ...] = ()  # options of `options_classes` that resume a saved session
    code_executors: dict[str, str] = field(default_factory=dict)  # leaf -> exposure kind (shell, code-exec)
    teams: tuple[TeamConstruct, ...] = ()  # handoff / sub-agent / group constructs
    subagent_keywords: tuple[str, ...] = ()  # keywords handing an agent other agents (`handoffs=`)
    enforces_role_tools: bool = False  # each agent gets only the tools in its own list
    model_call_suffixes: tuple[str, ...] = ()  # model clients: call-name tails of a model call
    chat_model_classes: tuple[str, ...] = ()  # classes whose invoke/stream calls are model calls

    @property
    def signal_id(self) -> str:
        return self.report_as or self.id

    @property
    def all_packages(self) -> tuple[str, ...]:
        return self.packages + self.companions

    def owns(self, dotted: str) -> bool:
        """Does a resolved dotted name (`crewai.Agent`) come from one of the framework's packages?"""
        return any(dotted == p or dotted.startswith(p + ".") for p in self.all_packages)
