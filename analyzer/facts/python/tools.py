"""Shared look-ups for tools: which functions are tools, where the model's tool call is dispatched,
and which functions of the file reach which nodes.

Not a check. The P1, P2, P9, P11, P12 and exposure checks build on these so that "is this a
tool" and "is this the dispatch path" are decided in one place. Everything is memoised on the
module (`module.memo`) because several checks ask the same questions of one file.

The look-ups live in smaller modules, one job each; this module re-exports them:

- `tool_syntax`: call and decorator names, tool-list arguments, list elements, assigned values;
- `tool_dispatch`: where a tool chosen by the model is run (`dispatches`, `dispatcher_functions`);
- `tool_defs`: which functions and classes are tools, tool dicts, JSON-schema tool specs;
- `tool_reach`: which functions (and tools) of the file reach a node.
"""

from __future__ import annotations

from analyzer.facts.python.tool_defs import (
    ToolFunction, imported_tool_names, spec_dicts, spec_names, tool_decorator, tool_dicts, tool_functions,
    tool_names_declared,
)
from analyzer.facts.python.tool_dispatch import Dispatch, dispatcher_functions, dispatches
from analyzer.facts.python.tool_reach import callers_of, functions_reaching, tool_names_reaching
from analyzer.facts.python.tool_syntax import (
    TOOL_LIST_KEYWORDS, TOOLISH_WORDS, assigned_values, call_name, class_attr, decorator_name,
    fstring_prefix, is_toolish, list_elements, tool_list_values,
)

__all__ = [
    "TOOL_LIST_KEYWORDS", "TOOLISH_WORDS", "Dispatch", "ToolFunction", "assigned_values", "call_name",
    "callers_of", "class_attr", "decorator_name", "dispatcher_functions", "dispatches", "fstring_prefix",
    "functions_reaching", "imported_tool_names", "is_toolish", "list_elements", "spec_dicts", "spec_names",
    "tool_decorator", "tool_dicts", "tool_functions", "tool_list_values", "tool_names_declared", "tool_names_reaching",
]
