"""E2B sandboxes (`e2b`, `e2b_code_interpreter`): run an agent's code in a cloud sandbox."""

from analyzer.frameworks.model import TOOL_LIBRARY, Framework

FRAMEWORK = Framework(
    id="e2b",
    title="E2B",
    kind=TOOL_LIBRARY,
    packages=("e2b", "e2b_code_interpreter"),
    code_executors={"AsyncSandbox": "code-exec", "CodeInterpreter": "code-exec"},
    example='''
from e2b_code_interpreter import CodeInterpreter


def run_code(code: str) -> str:
    with CodeInterpreter() as sandbox:
        execution = sandbox.notebook.exec_cell(code)
    return execution.text
''',
)
