"""The layers, top to bottom: cli > kiosk > game > story / report > text > scenario > model > base.

No module imports a layer above its own, not even inside a function, and
the model never imports pygame. Read from the source's AST, so a lazy import
inside a function counts as much as one at the top of a file.
"""

from __future__ import annotations

import ast
from pathlib import Path

SIM = Path(__file__).resolve().parents[1] / "sim"
RANK = {"cli": 7, "kiosk": 6, "game": 5, "story": 4, "report": 4, "text": 3, "scenario": 2}
RANK["model"] = 1
RANK["base"] = 0
#: Modules by the layer they belong to (everything else: the folder or file name).
LAYER_OF = {
    "__main__": "cli",
    "worksheet": "cli",  # the teacher's kit runs the students' commands in process
    "setup_code": "scenario",
    "spreadsheet": "report",  # a run's CSV and its side file: the game saves them too
    "sweep_table": "report",  # a sweep's rows and average rows, printed by the CLI
    "paths": "base",
    "datafile": "base",
    "errors": "base",
    "notices": "base",
    "detector_text": "base",  # words for a detector's counts: plain data, no imports
    "__init__": "base",  # sim/__init__.py: the version
    "": "base",  # `from sim import __version__`
}
#: Import loops still to break, each a set of modules that import one another.
#: The model's detectors name `Model` in annotations while the model builds
#: them (sim/model is being reworked elsewhere: a Protocol there ends it). The
#: test fails when a loop goes, so the list only shrinks.
KNOWN_LOOPS = [
    {"sim.model.detectors", "sim.model.detectors.faces", "sim.model.model"},
]


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "sim":
        return None
    name = parts[1] if len(parts) > 1 else ""
    return LAYER_OF.get(name, name)


def _module_of(path: Path) -> str:
    parts = path.relative_to(SIM.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(dotted: str) -> bool:
    """True when `dotted` (sim.game.scenes.story) names a module or package of sim."""
    path = SIM.parent.joinpath(*dotted.split("."))
    return dotted.startswith("sim.") and (path.is_dir() or path.with_suffix(".py").is_file())


def _imports(path: Path) -> list[tuple[int, str]]:
    module = ".".join(path.relative_to(SIM.parent).with_suffix("").parts)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    if path.name == "__init__.py":
        package = package[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.append((node.lineno, target))
            # `from sim import cli` imports the module sim.cli (`__version__` is no module)
            modules = [f"{target}.{a.name}" for a in node.names]
            out += [(node.lineno, name) for name in modules if _is_module(name)]
    return out


def test_no_module_imports_a_layer_above_its_own() -> None:
    found = []
    for path in sorted(SIM.rglob("*.py")):
        rel = path.relative_to(SIM.parent).as_posix()
        me = _layer(".".join(path.relative_to(SIM.parent).with_suffix("").parts))
        assert me in RANK, f"{rel}: which layer is {me!r}? add it to LAYER_OF"
        for line, target in _imports(path):
            them = _layer(target)
            if them is None or them == me:
                continue
            assert them in RANK, f"{rel}:{line} imports {target}: which layer is {them!r}?"
            if RANK[them] >= RANK[me] and them != me:
                found.append(f"{rel}:{line} ({me}) imports {target} ({them})")
    assert found == [], "\n".join(found)


def test_the_model_never_imports_pygame_or_anything_above_it() -> None:
    for path in (SIM / "model").rglob("*.py"):
        for line, target in _imports(path):
            assert not target.startswith("pygame"), f"{path}:{line}"
            assert _layer(target) in (None, "model", "base"), f"{path}:{line} {target}"


def _import_graph() -> dict[str, set[str]]:
    """Module -> the sim modules it imports anywhere (top, function, TYPE_CHECKING).

    `import sim.a.b` counts as importing sim.a.b, not its packages: every
    submodule runs its package's __init__, which is no loop of the code's making.
    """
    modules = {_module_of(p): p for p in SIM.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = set()
        for _line, target in _imports(path):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target not in (name, "sim"):
                deps.add(target)
        graph[name] = deps
    return graph


def _loops(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    loops.append(component)
    return loops


def test_loops_are_found() -> None:
    """The loop finder itself: a ring of three and a pair, not the chain beside them."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"e"}, "e": {"d", "a"}, "f": {"a"}}
    assert sorted(map(sorted, _loops(graph))) == [["a", "b", "c"], ["d", "e"]]


def test_there_is_no_import_loop() -> None:
    """No two modules import each other, even only for annotations or inside a function."""
    loops = _loops(_import_graph())
    new = [sorted(loop) for loop in loops if loop not in KNOWN_LOOPS]
    assert new == [], new
    gone = [sorted(loop) for loop in KNOWN_LOOPS if loop not in loops]
    assert gone == [], f"broken, take off KNOWN_LOOPS: {gone}"
