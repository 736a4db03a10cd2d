"""Dependencies point down, and no two files import each other (issue 13).

The layers are the import-linter contract in pyproject.toml (``make check`` runs ``lint-imports``); this test reads
the same contract and checks it again from the source, with every import at any depth (inside functions, under
``TYPE_CHECKING``) and ``from package import name`` resolved to the submodule when ``name`` is one, and adds what
import-linter does not check: no cycle between files.
"""

import ast
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Edge:
    importer: str
    imported: str
    line: int

    def __str__(self):
        return f"{self.importer} -> {self.imported} (l.{self.line})"


def _contract():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [c["layers"] for c in config["contracts"] if c["type"] == "layers"]
    return config["root_packages"], layers


def _modules(packages, root=ROOT):
    """{dotted name: path} of every first-party module, migrations included."""
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _base(module, path, node):
    """The absolute module an ``ImportFrom`` names, relative ones resolved against ``module``."""
    if not node.level:
        return node.module
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    package = package[: len(package) - node.level + 1]
    return ".".join(package + ([node.module] if node.module else []))


def _nearest(name, modules):
    """The first-party module ``name`` loads: itself, else its longest prefix that is a module; None if foreign."""
    parts = name.split(".")
    while parts:
        if ".".join(parts) in modules:
            return ".".join(parts)
        parts.pop()
    return None


def _edges(modules):
    edges = []
    for module, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _base(module, path, node)
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
            else:
                continue
            for target in targets:
                imported = _nearest(target, modules)
                if imported is not None and imported != module:
                    edges.append(Edge(module, imported, node.lineno))
    return edges


def _cycles(edges):
    """The strongly connected components of more than one file (Tarjan's algorithm, iterative)."""
    graph = defaultdict(set)
    for edge in edges:
        graph[edge.importer].add(edge.imported)
    index, low, stack, on_stack, components = {}, {}, [], set(), []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
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
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(component)
    return components


PACKAGES, LAYERS = _contract()
MODULES = _modules(PACKAGES)
EDGES = _edges(MODULES)


def test_the_contract_names_every_first_party_package():
    on_disk = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests"}
    assert set(PACKAGES) == on_disk
    assert set(LAYERS) == set(PACKAGES)


def test_the_scan_sees_imports_at_any_depth_relative_ones_and_submodules_of_from_imports(tmp_path):
    # If the scan missed these, the two tests below would pass on anything.
    files = {
        "pkg/__init__.py": "from . import a\n",
        "pkg/a.py": "def f():\n    from pkg import b, not_a_module\n",
        "pkg/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pkg.c.d\n",
        "pkg/c/__init__.py": "",
        "pkg/c/d.py": "from .. import a\nfrom ..c import e\n",
        "pkg/c/e.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    modules = _modules(["pkg"], root=tmp_path)
    edges = {(edge.importer, edge.imported) for edge in _edges(modules)}
    assert edges == {
        ("pkg", "pkg.a"),
        ("pkg.a", "pkg.b"),
        ("pkg.a", "pkg"),
        ("pkg.b", "pkg.c.d"),
        ("pkg.c.d", "pkg.a"),
        ("pkg.c.d", "pkg.c.e"),
    }
    assert _cycles(_edges(modules)) == [{"pkg", "pkg.a", "pkg.b", "pkg.c.d"}]
    assert ("config.urls", "competition.decision.urls") in {(edge.importer, edge.imported) for edge in EDGES}
    assert len(MODULES) > 150


def test_no_import_cycle_between_files():
    cycles = _cycles(EDGES)
    report = []
    for component in cycles:
        report.append("cycle: " + ", ".join(sorted(component)))
        report += [
            f"    {edge}"
            for edge in sorted(EDGES, key=str)
            if edge.importer in component and edge.imported in component
        ]
    assert not cycles, "Files that import each other (imports inside functions count):\n" + "\n".join(report)


def test_apps_import_only_the_layers_below_them():
    rank = {package: position for position, package in enumerate(LAYERS)}  # 0 is the top
    upward = sorted(
        {
            str(edge)
            for edge in EDGES
            if rank[edge.importer.split(".")[0]] > rank[edge.imported.split(".")[0]]
        }
    )
    assert not upward, (
        "Imports that point up the layers " + " > ".join(LAYERS) + " (invert them with a signal or a registry):\n    "
        + "\n    ".join(upward)
    )
