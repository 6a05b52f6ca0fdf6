"""The package's module import graph: no cycle, layers kept, no import inside a function that dodges one.

The graph is read from the source (AST), not from a running interpreter: an edge
``A -> B`` is a top-level import in ``A`` of the package's module ``B`` (a class body
and an ``if``/``try`` at module level count as top level; a ``def`` or ``lambda``
body does not). ``from pkg import name`` is an edge to ``pkg`` and, when ``name``
is a module of the package, to ``pkg.name``; a package's own ancestors are not
edges (Python imports them first anyway).

An import of the package inside a function is fine when moving it to the top
would make no cycle (checked with every such import moved at once), or when its
line carries one of the fixed reasons `REASONS` (``# lazy: import cost``).
Imports of names served by the table (``_lazy.surface``) are not in the graph:
they resolve when the name is used.
"""

import ast
import os
import re
import subprocess
import sys
import textwrap

import pytest

import keras_faq_compat

ROOT = os.path.dirname(os.path.abspath(keras_faq_compat.__file__))
PACKAGE = "keras_faq_compat"

# The reasons an import of the package may stay inside a function, as ``# lazy: <reason>``:
# another package that may be absent; a module too slow to import for every caller (a command
# line, a rarely used path); what only the activation needs; a module that must be importable
# before Keras is (`keras_faq_compat._real` imports it to decide how Keras is imported).
REASONS = (
    r"optional dependency [\w.-]+",
    r"import cost",
    r"only under activation",
    r"loaded before keras",
)
_REASON = re.compile(r"#.*\blazy: (?:" + "|".join(REASONS) + r")\s*(?:#|$)")
_ANY_LAZY = re.compile(r"#.*\blazy:")


def package_sources(root=ROOT, package=PACKAGE):
    """``{module name: (source text, is a package)}`` for every ``.py`` file below `root`."""
    sources = {}
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            parts = [package] + os.path.relpath(path, root)[: -len(".py")].split(os.sep)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            with open(path, encoding="utf-8") as f:
                sources[".".join(parts)] = (f.read(), is_package)
    return sources


class _Imports(ast.NodeVisitor):
    def __init__(self):
        self.depth = 0
        self.found = []  # (line, in a function, node)

    def _function(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def _import(self, node):
        self.found.append((node.lineno, self.depth > 0, node))

    visit_Import = visit_ImportFrom = _import


def _imported_modules(module, is_package, node, modules, package):
    """The package's modules that import statement `node` in `module` imports."""
    if isinstance(node, ast.Import):
        named = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            parts = module.split(".") if is_package else module.split(".")[:-1]
            parts = parts[: len(parts) - node.level + 1]
            base = ".".join(parts + ([base] if base else []))
        named = [base] + [f"{base}.{alias.name}" for alias in node.names]
    found = set()
    for name in named:
        if name != package and not name.startswith(package + "."):
            continue
        parts = name.split(".")
        # The module and the packages above it, which Python imports first.
        found.update(m for m in (".".join(parts[:i]) for i in range(1, len(parts) + 1)) if m in modules)
    ancestors = {".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 2)}
    return found - ancestors


def scan(sources, package=PACKAGE):
    """Read `sources` (as `package_sources` gives them).

    Returns:
        ``(graph, function_imports)``: the top-level graph ``{module: set of modules}`` and a
        list of ``(module, line number, line text, imported modules)`` for every import of the
        package inside a function.
    """
    graph, function_imports = {}, []
    for module, (text, is_package) in sources.items():
        visitor = _Imports()
        visitor.visit(ast.parse(text, filename=module))
        lines = text.splitlines()
        graph[module] = set()
        for line, in_function, node in visitor.found:
            targets = _imported_modules(module, is_package, node, sources, package)
            if not targets:
                continue
            if in_function:
                function_imports.append((module, line, lines[line - 1], targets))
            else:
                graph[module] |= targets
    return graph, function_imports


def cycles(graph):
    """The strongly connected parts of `graph` with more than one module (each one or more cycles)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            part = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                part.append(member)
                if member == node:
                    break
            if len(part) > 1 or node in graph.get(node, ()):
                found.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _reaches(graph, start, goal):
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return False


def cycle_dodges(graph, function_imports):
    """The imports inside functions that would close a cycle at the top and give no fixed reason.

    Every such import without a reason is moved to the top at once, so two that are harmless
    alone but close a cycle together are both reported. A ``# lazy:`` comment whose reason is
    not one of `REASONS` is reported too.

    Returns:
        ``(module, line number, line text, why)`` tuples.
    """
    moved = {module: set(targets) for module, targets in graph.items()}
    unexplained = []
    for module, line, text, targets in function_imports:
        if _REASON.search(text):
            continue
        if _ANY_LAZY.search(text):
            unexplained.append((module, line, text.strip(), "unknown reason (use one of REASONS)"))
            continue
        moved.setdefault(module, set()).update(targets)
        unexplained.append((module, line, text.strip(), targets))
    found = []
    for module, line, text, targets in unexplained:
        if isinstance(targets, str):
            found.append((module, line, text, targets))
            continue
        closing = sorted(t for t in targets if _reaches(moved, t, module))
        if closing:
            found.append((module, line, text, f"at the top it would close a cycle through {', '.join(closing)}"))
    return found


_GRAPH, _FUNCTION_IMPORTS = scan(package_sources())


def test_the_package_import_graph_has_no_cycle():
    assert len(_GRAPH) > 100  # the whole package was read
    assert cycles(_GRAPH) == []


def test_distribute_sits_below_engine():
    upward = sorted(
        (module, target)
        for module, targets in _GRAPH.items()
        if module.startswith(f"{PACKAGE}.distribute")
        for target in targets
        if target.startswith(f"{PACKAGE}.engine") or target == f"{PACKAGE}.models"
    )
    assert upward == []
    assert not [i for i in _FUNCTION_IMPORTS if i[0].startswith(f"{PACKAGE}.distribute")]
    # ... while the model classes use it.
    assert f"{PACKAGE}.distribute.multi_worker" in _GRAPH[f"{PACKAGE}.engine.training"]


def test_class_identity_imports_no_model_class():
    reached = {f"{PACKAGE}.saving.class_identity"}
    todo = list(reached)
    while todo:
        for target in _GRAPH[todo.pop()]:
            if target not in reached:
                reached.add(target)
                todo.append(target)
    assert not [m for m in reached if m.startswith(f"{PACKAGE}.engine") or m == f"{PACKAGE}.models"]
    assert not [i for i in _FUNCTION_IMPORTS if i[0] == f"{PACKAGE}.saving.class_identity"]


def test_no_import_inside_a_function_only_dodges_a_cycle():
    found = cycle_dodges(_GRAPH, _FUNCTION_IMPORTS)
    assert found == [], "\n".join(f"{m}:{line}: {text}  -- {why}" for m, line, text, why in found)


def _sample(**modules):
    return {
        name.replace("__", "."): (textwrap.dedent(text), name.endswith("__init"))
        for name, text in modules.items()
    }


def test_the_checker_flags_a_cycle_dodge_in_a_sample():
    sources = _sample(
        pkg__init="",
        pkg__a="from pkg import b\n",
        pkg__b="""
            def f():
                from pkg import a
            def g():
                from pkg import c
            def h():
                from pkg.a import name  # lazy: import cost
        """,
        pkg__c="import os\n",
    )
    sources = {k.replace(".init", ""): v for k, v in sources.items()}
    graph, function_imports = scan(sources, package="pkg")
    assert graph == {"pkg": set(), "pkg.a": {"pkg.b"}, "pkg.b": set(), "pkg.c": set()}
    assert cycles(graph) == []
    found = cycle_dodges(graph, function_imports)
    # `from pkg import a` would close pkg.a -> pkg.b -> pkg.a; `c` would not; the third gives a reason.
    assert [(m, line) for m, line, _, _ in found] == [("pkg.b", 3)]


def test_the_checker_flags_a_pair_that_only_cycles_together_and_unknown_reasons():
    sources = {
        "pkg": ("", True),
        "pkg.a": ("def f():\n    from pkg import b\n", False),
        "pkg.b": ("def g():\n    import pkg.a\ndef h():\n    from . import c  # lazy: it is faster\n", False),
        "pkg.c": ("from .a import f\nclass C:\n    from pkg.b import g\n", False),
    }
    graph, function_imports = scan(sources, package="pkg")
    assert graph["pkg.c"] == {"pkg.a", "pkg.b"}  # relative import, and a class body is top level
    found = cycle_dodges(graph, function_imports)
    assert sorted((m, line) for m, line, _, _ in found) == [("pkg.a", 2), ("pkg.b", 2), ("pkg.b", 4)]
    assert "unknown reason" in found[-1][3] or any("unknown reason" in f[3] for f in found)
    assert cycles({"pkg.a": {"pkg.b"}, "pkg.b": {"pkg.a"}, "pkg.c": set()}) == [["pkg.a", "pkg.b"]]


def test_tf_config_is_checked_without_tensorflow():
    code = textwrap.dedent(
        """
        import sys
        from keras_faq_compat.distribute import cluster
        try:
            cluster.parse_tf_config('{"cluster": {"worker": ["a:1", "b:2"]}, "task": {"type": "worker", "index": 2}}')
        except ValueError as e:
            print(e)
        print("tensorflow" in sys.modules, "keras" in sys.modules)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.splitlines() == [
        'TF_CONFIG["task"] names worker 2, but the cluster lists 2 worker task(s) (valid indices: 0 to 1).',
        "False False",
    ]


_LOAD = """
import sys
import numpy as np
{imports}
model = load_model(sys.argv[1])
print(type(model).__module__, type(model).__name__)
print(model.predict_classes(np.ones((2, 4)), verbose=0).shape)
"""


@pytest.fixture(scope="module")
def keras2_file(tmp_path_factory):
    from keras_faq_compat.layers import Dense
    from keras_faq_compat.models import Sequential

    path = str(tmp_path_factory.mktemp("h5") / "model.h5")
    model = Sequential([Dense(3, input_dim=4, activation="softmax")])
    model.compile("sgd", "categorical_crossentropy")
    model.save(path)
    return path


def test_a_fresh_process_loads_a_keras2_file_as_the_compat_class(tmp_path, keras2_file):
    # The model classes enter class_identity where they are defined, and the loading entry
    # points import them: loading alone gives a compat model (plain Keras 3 gives a
    # keras.Sequential, which has no predict_classes).
    script = tmp_path / "load.py"
    script.write_text(_LOAD.format(imports="from keras.models import load_model"))
    command = [sys.executable, "-m", "keras_faq_compat", "run", str(script), keras2_file]
    out = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.splitlines()[-2:] == ["keras_faq_compat.engine.sequential Sequential", "(2,)"]
