"""What one Python file contributes to the project model: a pure function of the file's bytes.

A `ModuleSummary` lists the file's imports (relative ones made absolute), its functions and
classes with the calls each makes (resolved as far as this file alone allows), the side-effect
sinks and model calls inside each function, the tools it registers, its dispatch sites and
loops, and the marks of an entry point. `analyzer/project/model.py` links the summaries of a
whole project. Nothing here is guessed from a name: a call whose target this file cannot
name is kept as unresolved (`?text`).
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from analyzer.facts.python.p02_decisions import always_allows
from analyzer.facts.python.permission_words import NOT_GATE_CALLS, leaves
from analyzer.parse.python import PythonModule, find_all, module_name
from analyzer.project.resolve import Resolver, resolver_for

# Decorators that only change how a function is bound; every other decorator registers it
# somewhere (a route, a CLI command, a tool, a hook), so the framework calls it.
_PLAIN_DECORATORS = {"staticmethod", "classmethod", "property", "abstractmethod", "abc.abstractmethod",
                     "functools.wraps", "functools.cache", "functools.lru_cache", "functools.cached_property",
                     "cached_property", "lru_cache", "cache", "wraps", "dataclass", "dataclasses.dataclass",
                     "override", "typing.override", "typing_extensions.override", "overload", "typing.overload",
                     "pytest.fixture", "contextlib.contextmanager", "contextlib.asynccontextmanager",
                     "contextmanager", "asynccontextmanager"}
# Calls that inspect a value without deciding anything about it; a prefix test on an argument
# (`path.startswith(ROOT)`) does decide, so it is kept out of the shared list here.
_NOT_DECISIONS = NOT_GATE_CALLS - {"startswith", "endswith"}
# Module-level calls that set a module up; any other call standing alone at module level runs a script's work.
_SETUP_CALLS = {"load_dotenv", "dotenv.load_dotenv", "nest_asyncio.apply", "print", "setattr", "set_default_openai_key",
                "set_tracing_disabled", "set_default_openai_client", "set_default_openai_api"}
_SETUP_ROOTS = {"logging", "warnings", "sys", "os", "dotenv", "nest_asyncio", "logfire", "langchain", "litellm", "typing",
                "mimetypes", "locale", "random", "np", "numpy", "torch", "matplotlib", "plt"}
_SETUP_LEAVES = {"include_router", "add_middleware", "mount", "add_node", "add_edge", "add_conditional_edges",
                 "set_entry_point", "set_finish_point", "add_api_route", "add_exception_handler", "register", "update",
                 "append", "extend", "setdefault", "basicConfig", "getLogger", "setLevel", "addHandler", "configure",
                 "instrument", "filterwarnings", "add_argument", "register_blueprint", "add_url_rule"}


@dataclass(frozen=True, order=True)
class CallSite:
    """A call (or a function handed over as a value) made by a function or by module-level code."""

    target: str  # dotted reference resolved through this file's names; "?text" when it cannot be
    line: int
    guarded: bool = False  # a decision about the function's own arguments can stop it first
    kind: str = "call"  # call | ref (a callable passed as a value: callbacks, tool lists, partial())


@dataclass(frozen=True, order=True)
class Sink:
    kind: str  # an exposure kind (shell, code-exec, file-delete, ...)
    line: int
    detail: str
    guarded: bool = False
    program: str = ""  # shell sinks: a fixed program run without a shell (`["gmx", "grompp", ...]`)


@dataclass(frozen=True)
class FunctionSummary:
    qualname: str  # Class.method, outer.inner
    line: int
    end_line: int
    params: tuple[str, ...] = ()
    decorators: tuple[str, ...] = ()  # resolved dotted names
    calls: tuple[CallSite, ...] = ()
    sinks: tuple[Sink, ...] = ()
    always_allows: bool = False  # every return is a constant "yes" and it never raises
    class_name: str = ""  # the class that holds it, for methods
    first_line: int = 0  # the first decorator's line (the `def` line when undecorated)
    required: int = 0  # arguments a caller must pass (no default; not self/cls)
    is_async: bool = False

    @property
    def registered(self) -> bool:
        """Decorated by something that registers it (a route, a command, a tool): the framework calls it."""
        return any(d not in _PLAIN_DECORATORS and d.rsplit(".", 1)[-1] not in _PLAIN_DECORATORS
                   for d in self.decorators)


@dataclass(frozen=True)
class ClassSummary:
    qualname: str
    line: int
    end_line: int
    bases: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()  # self.attr -> dotted class it is built from


@dataclass(frozen=True)
class Site:
    """A place of the agent's anatomy in this file: a model call, a loop, a dispatch, a tool."""

    line: int
    function: str  # qualname of the function holding it ("" at module level)
    detail: str = ""
    name: str = ""
    flag: bool = False  # loops: bounded


@dataclass(frozen=True)
class ModuleSummary:
    path: str
    module: str
    imports: tuple[tuple[str, str], ...] = ()
    functions: tuple[FunctionSummary, ...] = ()
    classes: tuple[ClassSummary, ...] = ()
    module_calls: tuple[CallSite, ...] = ()  # what module-level code (and the __main__ guard) calls
    module_sinks: tuple[Sink, ...] = ()
    script: bool = False  # runs work when executed: a __main__ guard or a top-level runner call
    model_calls: tuple[Site, ...] = ()
    loops: tuple[Site, ...] = ()
    dispatches: tuple[Site, ...] = ()
    tools: tuple[Site, ...] = ()


def _required_arguments(function: cst.FunctionDef, is_method: bool) -> int:
    params = function.params
    positional = [*params.posonly_params, *params.params][1 if is_method else 0:]
    return sum(1 for p in (*positional, *params.kwonly_params) if p.default is None)


def _decides(module: PythonModule, test: cst.BaseExpression, derived: set[str]) -> bool:
    """Does an `if`/`assert` test decide about the call's own arguments (not a type or existence check)?"""
    used = {n.value for n in find_all(test, cst.Name)}
    if not used & derived:
        return False
    for compare in find_all(test, cst.Comparison):
        left = {n.value for n in find_all(compare.left, cst.Name)}
        for target in compare.comparisons:
            right = {n.value for n in find_all(target.comparator, cst.Name)}
            if isinstance(target.operator, (cst.In, cst.NotIn)) and left & derived and not right & derived \
                    and not isinstance(target.comparator, cst.SimpleString):
                return True  # the call's argument checked against a policy collection (not against its own data)
            if isinstance(target.operator, (cst.Equal, cst.NotEqual)) and left & derived \
                    and isinstance(target.comparator, cst.SimpleString):
                return True
    for call in find_all(test, cst.Call):
        name = module.call_name(call)
        leaf = name.rsplit(".", 1)[-1]
        if leaf in _NOT_DECISIONS:
            continue
        if {n.value for n in find_all(call, cst.Name)} & derived:
            return True
    return False


def _derived_names(function: cst.FunctionDef) -> set[str]:
    """The function's parameters and the local names computed from them."""
    params = function.params
    names = {p.name.value for p in (*params.params, *params.kwonly_params, *params.posonly_params)}
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            names.add(star.name.value)
    names -= {"self", "cls"}
    for _ in range(2):
        for assign in find_all(function, cst.Assign, shallow=True):
            if {n.value for n in find_all(assign.value, cst.Name)} & names:
                for target in assign.targets:
                    names |= {n.value for n in find_all(target.target, cst.Name)}
    return names


def guarded(module: PythonModule, node: cst.CSTNode, function: cst.FunctionDef | None) -> bool:
    """Can a decision about the function's arguments stop `node` from running?

    An `if` that holds it (other than a branch on the tool's name, which dispatches), an earlier
    `if`/`match` case that leaves, an `assert`, or an earlier `try` whose handler leaves.
    """
    if function is None:
        return False
    memo: dict[int, set[str]] = module.memo.setdefault("summary_derived", {})  # type: ignore[assignment]
    derived = memo.get(id(function))
    if derived is None:  # no arguments, or no statement that could decide: nothing is guarded
        has_decisions = bool(find_all(function, cst.If, cst.Match, cst.Try, cst.Assert, shallow=True))
        derived = memo[id(function)] = _derived_names(function) if has_decisions else set()
    if not derived:
        return False
    line = module.line(node)
    child: cst.CSTNode = node
    for ancestor in module.ancestors(node):
        if ancestor is function:
            break
        if isinstance(ancestor, cst.If) and child is not ancestor.test and _decides(module, ancestor.test, derived) \
                and not _is_name_branch(ancestor.test):
            return True
        if isinstance(ancestor, cst.IndentedBlock):
            for statement in ancestor.body:
                if statement is child or module.line(statement) >= line:
                    break  # only statements that finish before the node can stop it
                stops = module.memo.setdefault("summary_stops", {})
                if id(statement) not in stops:  # the same earlier statements guard every later call
                    stops[id(statement)] = _stops_before(module, statement, derived)
                if stops[id(statement)]:
                    return True
        child = ancestor
    return False


def _is_name_branch(test: cst.BaseExpression) -> bool:
    return isinstance(test, cst.Comparison) and len(test.comparisons) == 1 \
        and isinstance(test.comparisons[0].operator, cst.Equal) and isinstance(test.comparisons[0].comparator, cst.SimpleString)


def _stops_before(module: PythonModule, statement: cst.CSTNode, derived: set[str]) -> bool:
    if isinstance(statement, cst.If):
        branches = [statement]
        while isinstance(branches[-1].orelse, cst.If):
            branches.append(branches[-1].orelse)
        return any(leaves(b.body) and _decides(module, b.test, derived) for b in branches)
    if isinstance(statement, cst.Match):
        subject = {n.value for n in find_all(statement.subject, cst.Name)}
        return bool(subject & derived) and any(leaves(case.body) for case in statement.cases)
    if isinstance(statement, cst.Try):
        calls = [c for c in find_all(statement.body, cst.Call)
                 if {n.value for n in find_all(c, cst.Name)} & derived]
        return bool(calls) and any(leaves(h.body) for h in statement.handlers)
    if isinstance(statement, cst.SimpleStatementLine):
        return any(isinstance(s, cst.Assert) and _decides(module, s.test, derived) for s in statement.body)
    return False


def _refs(module: PythonModule, root: cst.CSTNode, calls: list[cst.Call]) -> list[cst.BaseExpression]:
    """Names and `self.x` attributes handed over as values (not called): callbacks, tool lists, partial(fn)."""
    called = {id(c.func) for c in calls}
    found = []
    for arg in find_all(root, cst.Arg):
        if id(arg.value) not in called and isinstance(arg.value, (cst.Name, cst.Attribute)):
            found.append(arg.value)
    for element in find_all(root, cst.Element, cst.DictElement):
        value = element.value
        if isinstance(value, (cst.Name, cst.Attribute)) and id(value) not in called:
            found.append(value)
    for assign in find_all(root, cst.Assign):
        if isinstance(assign.value, (cst.Name, cst.Attribute)):
            found.append(assign.value)
    for ret in find_all(root, cst.Return):
        if isinstance(ret.value, (cst.Name, cst.Attribute)):
            found.append(ret.value)
    return found


def summarize(module: PythonModule, exposures=(), sites: dict[str, list[Site]] | None = None) -> ModuleSummary:
    """The file's summary. `exposures` are the side effects the checks found (kind, line, detail);
    `sites` the anatomy sites (model_calls, loops, dispatches, tools) the shared look-ups found."""
    own = module_name(module.path)
    resolver = resolver_for(module)
    imports = resolver.imports
    sinks_by_line: dict[int, list] = {}
    for exposure in exposures:
        sinks_by_line.setdefault(exposure.line, []).append(exposure)
    functions = []
    for function in module.functions:
        cls = module.enclosing(function, cst.ClassDef)
        if cls is not None and module.enclosing(function, cst.FunctionDef) is not None and \
                module.line(module.enclosing(function, cst.FunctionDef)) > module.line(cls):
            cls = None  # a class inside a function: methods see the class, nested functions do not
        calls = find_all(function, cst.Call, shallow=True)
        sites_ = [CallSite(resolver.dotted(c.func, function, cls), module.line(c), guarded(module, c, function))
                  for c in calls if isinstance(c.func, (cst.Name, cst.Attribute))]
        sites_ += [CallSite(resolver.dotted(r, function, cls), module.line(r), guarded(module, r, function), "ref")
                   for r in _refs(module, function.body, calls)]
        sinks = _sinks_in(module, function, sinks_by_line)
        params = tuple(p.name.value for p in function.params.params)
        decorators = tuple(_decorator_name(resolver, d, cls) for d in function.decorators)
        functions.append(FunctionSummary(
            module.qualname(function), module.line(function), module.end_line(function), params, decorators,
            tuple(sorted(set(sites_))), tuple(sorted(set(sinks))), always_allows(function),
            module.qualname(cls) if cls is not None else "",
            module.line(function.decorators[0]) if function.decorators else module.line(function),
            _required_arguments(function, cls is not None), function.asynchronous is not None))
    classes = []
    for cls in module.classes:
        bases = tuple(resolver.dotted(b.value, None, None) for b in cls.bases
                      if isinstance(b.value, (cst.Name, cst.Attribute)))
        classes.append(ClassSummary(module.qualname(cls), module.line(cls), module.end_line(cls), bases,
                                    tuple(sorted(resolver.class_attributes(cls).items()))))
    top_calls = [c for c in module.calls if module.enclosing(c, cst.FunctionDef) is None]
    module_calls = [CallSite(resolver.dotted(c.func, None, None), module.line(c)) for c in top_calls
                    if isinstance(c.func, (cst.Name, cst.Attribute)) and module.enclosing(c, cst.ClassDef) is None]
    module_calls += [CallSite(resolver.dotted(r, None, None), module.line(r), kind="ref")
                     for r in _refs(module, module.module, top_calls)
                     if module.enclosing(r, cst.FunctionDef) is None and module.enclosing(r, cst.ClassDef) is None]
    module_sinks = [Sink(e.kind, e.line, e.detail) for e in exposures
                    if not any(f.line <= e.line <= f.end_line for f in functions)]
    sites = sites or {}
    return ModuleSummary(
        path=module.path, module=own, imports=tuple(sorted(imports.items())), functions=tuple(functions),
        classes=tuple(classes), module_calls=tuple(sorted(set(module_calls))),
        module_sinks=tuple(sorted(set(module_sinks))), script=_is_script(module, resolver),
        model_calls=tuple(sites.get("model_calls", ())), loops=tuple(sites.get("loops", ())),
        dispatches=tuple(sites.get("dispatches", ())), tools=tuple(sites.get("tools", ())),
    )


def _decorator_name(resolver: Resolver, decorator: cst.Decorator, cls) -> str:
    node = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
    if not isinstance(node, (cst.Name, cst.Attribute)):
        return "?"
    text = resolver.dotted(node, None, cls)
    plain = resolver.module.code(node)
    return plain if plain in _PLAIN_DECORATORS else text.lstrip("?")


def _sinks_in(module: PythonModule, function: cst.FunctionDef, sinks_by_line: dict[int, list]) -> list[Sink]:
    found = []
    for call in find_all(function, cst.Call, shallow=True):
        for exposure in sinks_by_line.get(module.line(call), ()):
            program = fixed_program(module, call) if exposure.kind == "shell" else ""
            found.append(Sink(exposure.kind, exposure.line, exposure.detail, guarded(module, call, function), program))
    return found


# Programs that run whatever command or code they are given: running one is running a shell.
_SHELLS = {"bash", "sh", "zsh", "fish", "dash", "ksh", "csh", "tcsh", "cmd", "cmd.exe", "powershell", "pwsh", "env",
           "sudo", "su", "ssh", "xargs", "python", "python3", "node", "perl", "ruby", "docker", "kubectl", "eval", "exec"}


def fixed_program(module: PythonModule, call: cst.Call) -> str:
    """The program a subprocess call runs when it is a literal, run without a shell, and not itself a shell
    (`subprocess.run(["gmx", "grompp", ...])`); "" when the model could choose the command."""
    name = module.call_name(call)
    if not name.startswith(("subprocess.", "asyncio.create_subprocess_exec")):
        return ""
    shell = module.kwargs(call).get("shell")
    if shell is not None and not (isinstance(shell, cst.Name) and shell.value == "False"):
        return ""
    first = module.resolve(module.arg(call, 0, "args"))
    if isinstance(first, (cst.List, cst.Tuple)) and first.elements:
        first = first.elements[0].value
    elif not name.startswith("asyncio."):
        return ""
    program = first.evaluated_value if isinstance(first, cst.SimpleString) else None
    if not isinstance(program, str) or not program or program.rsplit("/", 1)[-1] in _SHELLS:
        return ""
    return program


def _is_script(module: PythonModule, resolver: Resolver) -> bool:
    """A __main__ guard, a `__main__.py`, or a runner called at module level (`asyncio.run(main())`)."""
    if module.path.endswith("__main__.py"):
        return True
    for statement in module.module.body:
        if isinstance(statement, cst.If) and "__name__" in module.code(statement.test) \
                and "__main__" in module.code(statement.test):
            return True
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                value = small.value if isinstance(small, cst.Expr) else None
                if isinstance(value, cst.Await):
                    value = value.expression
                if isinstance(value, cst.Call) and not _is_setup(module.call_name(value)):
                    return True  # `main()`, `asyncio.run(...)`, `ui.launch()`, `bot.run_polling()`
    return False


def _is_setup(name: str) -> bool:
    """Module-level calls that configure an importable module rather than run a script's work."""
    return name in _SETUP_CALLS or name.split(".")[0] in _SETUP_ROOTS or name.rsplit(".", 1)[-1] in _SETUP_LEAVES
