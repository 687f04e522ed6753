"""The code's shape, read with `ast` (no database, no Django): small modules, short
functions, no import cycles, and no imports hidden inside functions.

Covers the product packages only; migrations, tests/ and bench/ are not product code.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("accounts", "ai", "calendars", "coaching", "config", "insights", "planning")
# accounts is the base app: the apps built on it plug in through accounts.extensions.
BUILT_ON_ACCOUNTS = ("ai", "calendars", "coaching", "insights", "planning")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

# Function-level imports of product modules that are there on purpose:
# (file, function, imported module) -> why it cannot be a module-level import.
_READY = "Django imports apps.py before any model exists; what imports models is wired in ready()."
FUNCTION_IMPORT_ALLOWED = {
    ("accounts/apps.py", "AccountsConfig.ready", "accounts.signals"): _READY,
    ("calendars/apps.py", "CalendarsConfig.ready", "accounts.extensions"): _READY,
    ("calendars/apps.py", "CalendarsConfig.ready", "calendars.services.before_generation"): _READY,
    ("calendars/apps.py", "CalendarsConfig.ready", "calendars.services.export"): _READY,
    ("calendars/apps.py", "CalendarsConfig.ready", "calendars.services.sync_request"): _READY,
    ("calendars/apps.py", "CalendarsConfig.ready", "planning.extensions"): _READY,
    ("coaching/apps.py", "CoachingConfig.ready", "accounts.extensions"): _READY,
    ("coaching/apps.py", "CoachingConfig.ready", "coaching.serializers"): _READY,
    ("coaching/apps.py", "CoachingConfig.ready", "coaching.services"): _READY,
    ("planning/apps.py", "PlanningConfig.ready", "accounts.extensions"): _READY,
    ("planning/apps.py", "PlanningConfig.ready", "planning.services.zone_move_report"): _READY,
}


@dataclass(frozen=True)
class Module:
    name: str  # dotted: "planning.services.generation"; a package is named by its __init__
    path: Path

    @property
    def relative(self) -> str:
        return self.path.relative_to(ROOT).as_posix()

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"


@cache
def _modules() -> dict[str, Module]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = Module(".".join(parts), path)
    return found


@cache
def _tree(module: Module) -> ast.Module:
    return ast.parse(module.path.read_text(encoding="utf-8"), filename=str(module.path))


def _in_package(package: str) -> list[Module]:
    return [module for module in _modules().values() if module.name.split(".")[0] == package]


def _functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Every function and method, with its qualified name ("Class.method", "outer.inner")."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield f"{prefix}{node.name}", node
            yield from _functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}{node.name}.")
        else:
            yield from _functions(node, prefix)


def _is_type_checking(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_time_imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Imports that run when the module is imported: not in a function, not for type checkers."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        elif _is_type_checking(node):
            yield from _import_time_imports(ast.Module(body=node.orelse, type_ignores=[]))
        else:
            yield from _import_time_imports(node)


def _function_imports(
    tree: ast.AST, function: str = "", prefix: str = ""
) -> Iterator[tuple[str, ast.Import | ast.ImportFrom]]:
    """Imports inside functions, each with its innermost function's qualified name."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _function_imports(node, f"{prefix}{node.name}", f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _function_imports(node, function, f"{prefix}{node.name}.")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            if function:
                yield function, node
        else:
            yield from _function_imports(node, function, prefix)


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.name.split(".") if module.is_package else module.name.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _named(module: Module, node: ast.Import | ast.ImportFrom) -> list[str]:
    """What an import statement names: `from a.b import c` names a.b.c when c is a module."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    source = _absolute(module, node)
    return [f"{source}.{alias.name}" if f"{source}.{alias.name}" in _modules() else source for alias in node.names]


def _imported(module: Module, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The product modules an import statement loads.

    `import a.b.c` loads a, a.b and a.b.c; `from a.b import c` loads a, a.b and, when c is a
    module, a.b.c. A package the importer sits in is left out of the implicit ones: Python
    has begun importing it before the importer could run, so it is no edge of the importer's.
    """
    own = {*_ancestors(module.name), module.name}
    targets: set[str] = set()
    for name in _named(module, node):
        targets.add(name)
        targets |= {package for package in _ancestors(name) if package not in own}
    return {name for name in targets if name in _modules() and name != module.name}


def _import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, module in _modules().items():
        graph[name] = set()
        for node in _import_time_imports(_tree(module)):
            graph[name] |= _imported(module, node)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component (Tarjan), each as a path a -> ... -> a."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_in(graph, set(component)) for component in sorted(components)]


def _cycle_in(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """The shortest way from the component's first module back to itself."""
    start = min(component)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node] & component):
                if target == start:
                    return [*paths[node], start]
                if target not in paths:
                    paths[target] = [*paths[node], target]
                    following.append(target)
        frontier = following
    raise AssertionError(f"no cycle through {start}")


def _edges(module_name: str, statement: str) -> set[str]:
    return _imported(_modules()[module_name], ast.parse(statement).body[0])


def test_the_import_graph_counts_the_packages_an_import_loads():
    assert _edges("accounts.models", "import planning.services.generation") == {
        "planning",
        "planning.services",
        "planning.services.generation",
    }
    assert _edges("accounts.models", "from coaching import services") == {"coaching", "coaching.services"}
    assert _edges("accounts.models", "from coaching.services import coaching_cache_forget") == {
        "coaching",
        "coaching.services",
    }
    # A sibling import does not count the package both sit in; a name from it does.
    assert _edges("coaching.services.advice", "from coaching.services.allowance import x") == {
        "coaching.services.allowance"
    }
    assert _edges("coaching.services.advice", "from coaching.services import x") == {"coaching.services"}
    assert _edges("coaching.services.advice", "from .persona import x") == {"coaching.services.persona"}


def test_the_cycle_check_reports_the_cycle_it_finds():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_is_over_400_lines(package):
    too_long = []
    for module in _in_package(package):
        lines = len(module.path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            too_long.append(f"{module.relative}: {lines} lines")
    assert not too_long, f"Modules over {MAX_MODULE_LINES} lines (split by concept):\n" + "\n".join(too_long)


@pytest.mark.parametrize("package", PACKAGES)
def test_no_function_is_over_60_lines(package):
    too_long = []
    for module in _in_package(package):
        for name, node in _functions(_tree(module)):
            # From the def line to the body's last line; decorators do not count.
            lines = node.end_lineno - node.lineno + 1
            if lines > MAX_FUNCTION_LINES:
                too_long.append(f"{module.relative}:{node.lineno} {name}(): {lines} lines")
    assert not too_long, f"Functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(too_long)


def test_no_import_cycle_between_modules():
    cycles = _cycles(_import_graph())
    assert not cycles, "Import cycles (module-level imports):\n" + "\n".join(" -> ".join(c) for c in cycles)


@pytest.mark.parametrize("package", PACKAGES)
def test_no_function_level_import_of_product_code(package):
    hidden = []
    for module in _in_package(package):
        for function, node in _function_imports(_tree(module)):
            for source in dict.fromkeys(_named(module, node)):
                key = (module.relative, function, source)
                if source.split(".")[0] in PACKAGES and key not in FUNCTION_IMPORT_ALLOWED:
                    hidden.append(f"{module.relative}:{node.lineno} {function}() imports {source}")
    assert not hidden, (
        "Function-level imports of product modules (import at module level, or break the cycle they hide; "
        "a deliberate one goes in FUNCTION_IMPORT_ALLOWED with its reason):\n" + "\n".join(hidden)
    )


def test_the_allow_list_names_only_imports_that_exist():
    found = {
        (module.relative, function, source)
        for module in _modules().values()
        for function, node in _function_imports(_tree(module))
        for source in _named(module, node)
    }
    assert set(FUNCTION_IMPORT_ALLOWED) <= found, set(FUNCTION_IMPORT_ALLOWED) - found


def test_accounts_imports_nothing_from_the_apps_built_on_it():
    reaching_up = [
        f"{module.relative}:{node.lineno} imports {name}"
        for module in _in_package("accounts")
        for node in ast.walk(_tree(module))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in _named(module, node)
        if name.split(".")[0] in BUILT_ON_ACCOUNTS
    ]
    assert not reaching_up, "accounts reaches up (register through accounts.extensions):\n" + "\n".join(reaching_up)
