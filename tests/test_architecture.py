"""The house as the README draws it: apps depend one way, and inside the agenda every
module imports only from its own layer or below (models <- rules <- read side <-
services <- pages: a service may read, a reader never writes); no two modules import
each other in a circle; no module outgrows its room. Read from the code's own import
statements, so that the picture cannot drift."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["infra", "partners", "teams", "agenda", "portal", "netwerkagenda"]

# Inside the agenda, by module path prefix (the longest prefix decides), lowest first.
AGENDA_LAYERS = [
    (
        "models",
        [
            "agenda.models",
            "agenda.texts",
            "agenda.errors",
            "agenda.review.machine",
            "agenda.governance.machine",
            "agenda.demo_content",
            "agenda.apps",
            # the packages' own modules hold only their description
            "agenda",
            "agenda.coediting",
            "agenda.governance",
            "agenda.review",
            "agenda.tracking",
        ],
    ),
    ("rules", ["agenda.permissions", "agenda.governance.answer_rules", "agenda.tracking.rules"]),
    (
        "read side",
        [
            "agenda.selectors",
            "agenda.review.selectors",
            "agenda.governance.selectors",
            "agenda.tracking.selectors",
            "agenda.search",
            "agenda.exports",
        ],
    ),
    (
        "services",
        [
            "agenda.services",
            "agenda.review.services",
            "agenda.governance.services",
            "agenda.governance.compiling",
            "agenda.governance.invitations",
            "agenda.coediting.services",
            "agenda.tracking.services",
            "agenda.tracking.imports",
            "agenda.tracking.carry_over",
            "agenda.tracking.reports",
            "agenda.coediting.document",
            "agenda.coediting.yhtml",
            "agenda.pdf",
            "agenda.notifications",
            "agenda.reminders",
        ],
    ),
    (
        "pages",
        [
            "agenda.views",
            "agenda.forms",
            "agenda.review.pages",
            "agenda.urls",
            "agenda.coediting.consumer",
            "agenda.management",
            "agenda.admin",
        ],
    ),
]
# Packages whose own module holds only a description: the module alone is placed.
PACKAGES = ("agenda", "agenda.coediting", "agenda.governance", "agenda.review", "agenda.tracking")
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project's modules that ``name`` imports (``from x import y`` counts as
    ``x.y`` when that is a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _app(module: str) -> int:
    return APPS.index(module.split(".")[0])


def _layer(module: str) -> int | None:
    best = None
    for index, (_name, prefixes) in enumerate(AGENDA_LAYERS):
        for prefix in prefixes:
            package = prefix in PACKAGES
            matches = module == prefix or (not package and module.startswith(prefix + "."))
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    return best and best[1]


def test_apps_depend_one_way():
    upward = sorted(
        f"{importer} -> {imported}"
        for importer, imported_set in GRAPH.items()
        for imported in imported_set
        if _app(imported) > _app(importer)
    )
    assert not upward, "imports from a lower app up: " + "; ".join(upward)


def test_every_agenda_module_has_a_layer():
    assert not [m for m in MODULES if m.startswith("agenda.") and _layer(m) is None]


def test_agenda_layers_import_only_their_own_or_lower():
    upward = sorted(
        f"{importer} ({AGENDA_LAYERS[_layer(importer)][0]}) -> {imported} "
        f"({AGENDA_LAYERS[_layer(imported)][0]})"
        for importer, imported_set in GRAPH.items()
        if importer.startswith("agenda.")
        for imported in imported_set
        if imported.startswith("agenda.") and _layer(imported) > _layer(importer)
    )
    assert not upward, "imports from a lower layer up: " + "; ".join(upward)


def test_no_circles():
    """Tarjan's strongly connected components over the import graph: every one is a
    single module."""
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in GRAPH[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in GRAPH:
        if node not in index:
            visit(node)
    assert not circles, f"modules that import each other in a circle: {circles}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_outgrows_its_room(module):
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines: split it by concept"
