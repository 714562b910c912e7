"""Who may import whom inside ``pipeline/`` (README: Architecture), read from the source.

Function-level imports count: a cycle hidden inside a function is still a
cycle for the next person.  A package's discovery of its own submodules
(``pipeline.facts`` imports each fact module by name) is not an import edge.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

#: the modules ``load``, ``evaluate``, ``diff``, ``show`` and ``schema`` run on: nothing of spaCy's side may come in
SPACY_FREE = (
    "pipeline.records", "pipeline.errors", "pipeline.io", "pipeline.db", "pipeline.evaluate", "pipeline.gate",
    "pipeline.diff", "pipeline.schema", "pipeline.review", "pipeline.explain", "pipeline.collector",
)  # fmt: skip
SPACY_SIDE = ("pipeline.facts", "pipeline.nlp", "pipeline.extract", "pipeline.batch", "pipeline.engines")


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the pipeline modules it imports anywhere in its source."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*anchor, *([node.module] if node.module else [])])
                for alias in node.names:
                    targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
        graph[name] = {t for t in targets if t in modules and t != name and t != "pipeline"}
    return graph


def _reaches(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for nxt in graph[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_graph_is_read():
    graph = import_graph()
    assert "pipeline.errors" in graph["pipeline.records"] or graph["pipeline.records"] == set()
    assert "pipeline.engines" in graph["pipeline.batch"]


def test_no_module_imports_itself_back():
    graph = import_graph()
    cycles = sorted(name for name in graph if name in _reaches(graph, name))
    assert cycles == []


@pytest.mark.parametrize("module", SPACY_FREE)
def test_the_record_side_never_reaches_spacys_side(module):
    reached = _reaches(import_graph(), module)
    assert not [m for m in reached if m.startswith(SPACY_SIDE)]


def test_errors_and_records_are_the_bottom():
    graph = import_graph()
    assert graph["pipeline.errors"] == set()
    assert graph["pipeline.records"] <= {"pipeline.errors"}


def test_batch_and_dask_share_the_engines_not_each_other():
    graph = import_graph()
    assert "pipeline.distributed" not in graph["pipeline.batch"]
    assert not {"pipeline.batch", "pipeline.engines"} & graph["pipeline.distributed"]
