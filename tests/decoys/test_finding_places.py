"""Where line-level findings sit: on the line to change. Each case is a small project in a real
framework's idiom, audited whole; a decoy must not be reported (or not there), a disguised control must.

- HA109 sits on the model call that is handed the growing history (where the trim goes), not on the append.
- HA113 sits where the agents are put together (a manager's `managed_agents=`, a `Crew(...)`), not on the
  first role defined; CrewAI `@CrewBase` agents configured from YAML (`Agent(config=...)`) are roles.
- A code agent running model-written Python in this process is HA105 (model output executed), not a shell
  tool; a code agent given a container or remote executor is not reported.
"""

from __future__ import annotations

from tests.decoys.test_project_crossfile import audit, findings, status


def test_history_growth_is_reported_on_the_call_that_sends_it(tmp_path):
    report = audit(tmp_path, {"assistant/core.py": '''
        import json
        from openai import OpenAI

        from assistant.tools import TOOL_SPECS, run_tool

        client = OpenAI()


        def summarize_title(text):
            return client.chat.completions.create(model="gpt-4o-mini", max_tokens=20,
                                                  messages=[{"role": "user", "content": text}])


        def run_agent(messages):
            while True:
                title = summarize_title(messages[0]["content"])
                response = client.chat.completions.create(
                    model="gpt-4o",
                    max_tokens=2000,
                    tools=TOOL_SPECS,
                    messages=messages,
                )
                message = response.choices[0].message
                if not message.tool_calls:
                    return message.content
                messages.append(message)
                for call in message.tool_calls:
                    output = run_tool(call.function.name, json.loads(call.function.arguments))
                    messages.append({"role": "tool", "tool_call_id": call.id, "content": output})
        ''', "assistant/__init__.py": "", "assistant/tools.py": '''
        TOOL_SPECS = [{"type": "function", "function": {"name": "clock", "description": "Time", "parameters": {}}}]


        def run_tool(name, args):
            return "12:00"
        '''})
    # not the append (line 25), not the title call (line 15) that is given one message's text
    assert findings(report, "HA109") == [("assistant/core.py", 16)]


def test_history_rebuilt_each_turn_is_not_reported(tmp_path):
    """Decoy: the loop appends to a list it builds fresh for each question, under a turn cap."""
    report = audit(tmp_path, {"ask.py": '''
        from openai import OpenAI

        client = OpenAI()


        def ask(question):
            messages = [{"role": "user", "content": question}]
            for _ in range(4):
                reply = client.chat.completions.create(model="gpt-4o", max_tokens=500, messages=messages)
                messages.append(reply.choices[0].message)
                if not reply.choices[0].message.tool_calls:
                    return reply.choices[0].message.content
        '''})
    assert findings(report, "HA109") == []


SMOL_TOOLS = '''
    import subprocess

    from smolagents import tool


    @tool
    def run_simulation(config_path: str) -> str:
        """Run the simulation described by a config file.

        Args:
            config_path: path to the config file.
        """
        return subprocess.run(["simulate", "-c", config_path], capture_output=True, text=True).stdout


    @tool
    def fetch_structure(code: str) -> str:
        """Download a structure by its code.

        Args:
            code: the structure's four-letter code.
        """
        return code.lower()
'''


def _smol_manager(executor: str) -> str:
    return f'''
    from smolagents import CodeAgent, LiteLLMModel, ToolCallingAgent

    from lab.tools import fetch_structure, run_simulation


    class Lab:
        def __init__(self, model_id):
            self.model = LiteLLMModel(model_id=model_id)
            runner = ToolCallingAgent(name="runner", description="Runs simulations.", tools=[run_simulation],
                                      model=self.model, max_steps=4)
            fetcher = ToolCallingAgent(name="fetcher", description="Downloads structures.", tools=[fetch_structure],
                                       model=self.model, max_steps=4)
            self.manager = CodeAgent(
                tools=[],
                model=self.model,
                managed_agents=[runner, fetcher],{executor}
            )

        def run(self, task):
            return self.manager.run(task)


    if __name__ == "__main__":
        print(Lab("gpt-4o").run("simulate 1abc"))
    '''


def test_code_agent_running_model_code_locally_is_ha105_where_the_agents_meet(tmp_path):
    report = audit(tmp_path, {"lab/__init__.py": "", "lab/tools.py": SMOL_TOOLS, "lab/main.py": _smol_manager("")})
    assert findings(report, "HA105") == [("lab/main.py", 13)]
    assert findings(report, "HA103") == []  # a fixed program with its argv is not a shell the model drives
    # the manager that composes the agents, not the first role (line 9)
    assert findings(report, "HA113") == [("lab/main.py", 13)]


def test_code_agent_with_a_container_executor_is_not_ha105(tmp_path):
    """Decoy: `executor_type="docker"` runs the generated code outside this process."""
    report = audit(tmp_path, {"lab/__init__.py": "", "lab/tools.py": SMOL_TOOLS,
                              "lab/main.py": _smol_manager('\n            executor_type="docker",')})
    assert findings(report, "HA105") == []


CREW = '''
    from typing import List

    from crewai import Agent, Crew, Process, Task
    from crewai.agents.agent_builder.base_agent import BaseAgent
    from crewai.project import CrewBase, agent, crew, task

    from newsletter.tools.mailer import send_newsletter


    @CrewBase
    class NewsletterCrew:
        agents: List[BaseAgent]
        tasks: List[Task]

        @agent
        def researcher(self) -> Agent:
            return Agent(config=self.agents_config["researcher"], tools=[send_newsletter])

        @agent
        def editor(self) -> Agent:
            return Agent(config=self.agents_config["editor"])

        @task
        def research_task(self) -> Task:
            return Task(config=self.tasks_config["research_task"])

        @task
        def edit_task(self) -> Task:
            return Task(config=self.tasks_config["edit_task"])

        @crew
        def crew(self) -> Crew:
            return Crew(
                agents=self.agents,
                tasks=self.tasks,
                process=Process.sequential,
            )
'''

MAILER = '''
    import smtplib

    from crewai.tools import tool


    @tool("send_newsletter")
    def send_newsletter(to: str, html: str) -> str:
        """Send the newsletter to one address."""
        with smtplib.SMTP("smtp.example.com", 587) as server:
            server.sendmail("news@example.com", to, html)
        return "sent"
'''


def test_crewbase_agents_from_yaml_are_roles_and_the_crew_is_where_they_meet(tmp_path):
    report = audit(tmp_path, {"newsletter/__init__.py": "", "newsletter/crew.py": CREW,
                              "newsletter/tools/__init__.py": "", "newsletter/tools/mailer.py": MAILER,
                              "newsletter/main.py": '''
        from newsletter.crew import NewsletterCrew

        if __name__ == "__main__":
            NewsletterCrew().crew().kickoff(inputs={"topic": "energy"})
        '''})
    assert findings(report, "HA113") == [("newsletter/crew.py", 33)]
    assert status(report, "P12") != "absent"


def test_a_crew_of_one_yaml_agent_is_not_multi_agent(tmp_path):
    """Decoy: one `@agent` role collected by `Crew(agents=self.agents)` is a single agent."""
    single = CREW.replace('''        @agent
        def editor(self) -> Agent:
            return Agent(config=self.agents_config["editor"])

''', "")
    report = audit(tmp_path, {"newsletter/__init__.py": "", "newsletter/crew.py": single,
                              "newsletter/tools/__init__.py": "", "newsletter/tools/mailer.py": MAILER})
    assert findings(report, "HA113") == []


def test_framework_run_without_a_handler_is_ha114_and_a_handled_one_is_not(tmp_path):
    """Control: the planner's `Runner.run` has nothing around it. Decoy: the search run sits in a `try` whose
    handler skips the item, and the writer run's only caller handles its failure."""
    report = audit(tmp_path, {"research/__init__.py": "", "research/manager.py": '''
        from agents import Agent, ModelSettings, Runner

        SETTINGS = ModelSettings(max_tokens=1000)
        planner = Agent(name="Planner", instructions="Plan searches.", model_settings=SETTINGS)
        searcher = Agent(name="Searcher", instructions="Search.", model_settings=SETTINGS)
        writer = Agent(name="Writer", instructions="Write.", model_settings=SETTINGS)


        async def plan(query):
            result = await Runner.run(planner, f"Query: {query}", max_turns=3)
            return result.final_output


        async def search(term):
            try:
                return (await Runner.run(searcher, term, max_turns=3)).final_output
            except Exception:
                return None


        async def write(notes):
            return (await Runner.run(writer, notes, max_turns=3)).final_output


        async def research(query):
            terms = await plan(query)
            notes = [await search(t) for t in terms]
            try:
                return await write(notes)
            except Exception as error:
                return f"report failed: {error}"
        '''})
    assert findings(report, "HA114") == [("research/manager.py", 10)]


GRAPH = '''
    from typing import Annotated, TypedDict

    from langchain_core.messages import BaseMessage
    from langgraph.checkpoint.sqlite import SqliteSaver
    from langgraph.graph import END, START, StateGraph
    from langgraph.graph.message import add_messages

    from bot.nodes import agent_node


    class State(TypedDict):
        messages: Annotated[list[BaseMessage], add_messages]


    def build(saver: SqliteSaver):
        graph = StateGraph(State)
        graph.add_node("agent", agent_node)
        graph.add_edge(START, "agent")
        graph.add_edge("agent", END)
        return graph.compile(checkpointer=saver)
'''

NODE = '''
    from langchain_core.messages import SystemMessage
    from langchain_openai import ChatOpenAI
    {trim_import}

    llm = ChatOpenAI(model="gpt-4o-mini", max_tokens=800)


    def agent_node(state):
        history = state["messages"]{trim}
        prompt = [SystemMessage(content="You are a concise assistant.")]
        prompt.extend(history)
        reply = llm.invoke(prompt)
        return {{"messages": [reply]}}
'''


def test_graph_node_sending_the_reducer_history_is_ha109_at_the_model_call(tmp_path):
    """Control: the state's reducer appends each reply; the node sends the whole history every turn."""
    report = audit(tmp_path, {"bot/__init__.py": "", "bot/graph.py": GRAPH,
                              "bot/nodes.py": NODE.format(trim_import="", trim="")})
    assert findings(report, "HA109") == [("bot/nodes.py", 12)]


def test_graph_node_trimming_the_history_first_is_not_ha109(tmp_path):
    """Decoy: the node keeps the last turns that fit a token budget before sending."""
    report = audit(tmp_path, {"bot/__init__.py": "", "bot/graph.py": GRAPH, "bot/nodes.py": NODE.format(
        trim_import="from langchain_core.messages import trim_messages",
        trim='\n        history = trim_messages(history, max_tokens=3000, token_counter=llm, strategy="last")')})
    assert findings(report, "HA109") == []
