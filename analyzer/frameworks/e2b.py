"""E2B sandboxes (`e2b`, `e2b_code_interpreter`): run an agent's code in a cloud sandbox."""

from analyzer.frameworks.model import TOOL_LIBRARY, Framework

FRAMEWORK = Framework(
    id="e2b",
    title="E2B",
    kind=TOOL_LIBRARY,
    packages=("e2b", "e2b_code_interpreter"),
    code_executors={"AsyncSandbox": "code-exec", "CodeInterpreter": "code-exec"},
    example='''
from e2b_code_interpreter import AsyncSandbox


async def run_code(code: str) -> str:
    sandbox = await AsyncSandbox.create()
    execution = await sandbox.run_code(code)
    return execution.text
''',
)
