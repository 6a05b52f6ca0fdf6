"""``keras-faq-compat check PATH...``: the legacy Keras 2 / TF1 APIs a file uses.

Reads ``.py`` files and ``.ipynb`` notebooks (or folders of them), parses each
with `ast` (nothing is executed), and reports every legacy API use with its
line, whether this compat layer covers it, and the Keras 3 / TensorFlow 2
replacement. What counts as legacy, and whether it is covered, comes from
`keras_faq_compat.cli.legacy_apis`, resolved when the report is made.

Files that do not parse are reported, not fatal. Notebook cells starting with
an IPython cell magic (``%%bash``) are skipped; line magics and shell escapes
(``%matplotlib inline``, ``!pip install ...``) are read as ``pass``.

Exit status: 0; 1 with ``--strict`` when a use is not covered or a file could
not be read; 2 when a PATH does not exist or is not a ``.py``/``.ipynb`` file.
"""

import ast
import dataclasses
import json
import os
import re
import sys

__all__ = [
    "add_arguments",
    "main",
    "Finding",
    "FileReport",
    "check_source",
    "check_file",
    "collect_paths",
    "notebook_code_cells",
]

_SUFFIXES = (".py", ".ipynb")
_SKIP_DIRS = ("__pycache__", "node_modules", "site-packages")
# Cell magics whose body is still Python.
_PYTHON_CELL_MAGICS = ("time", "timeit", "capture", "prun")
_MAGIC_LINE = re.compile(r"^(\s*)(?:[%!]|[\w.]+\s*=\s*[%!]|[\w.]+\?\??\s*$|\?)")
_ENV_MAGIC = re.compile(r"^(\s*)%env\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s*=\s*|\s+)(.*)$")


@dataclasses.dataclass
class Finding:
    """One use of a legacy API.

    Args:
        line: 1-based line (within the cell for a notebook).
        col: 0-based column.
        api: the legacy API as reported (a row of the legacy API table, or the
            qualified name used).
        kind: the row's kind (``module``, ``name``, ``tf1``, ``method``, ...).
        covered: whether this compat layer provides it now.
        replacement: the Keras 3 / TensorFlow 2 way (may be ``""``).
        difference: a behaviour difference that remains (may be ``""``).
        reason: why it is not covered (``""`` when covered).
        cell: the notebook cell number (1-based, counting every cell), or None.
    """

    line: int
    col: int
    api: str
    kind: str
    covered: bool
    replacement: str
    difference: str = ""
    reason: str = ""
    cell: int = None


@dataclasses.dataclass
class FileReport:
    """The findings for one file, and the parts that could not be read."""

    path: str
    findings: list = dataclasses.field(default_factory=list)
    errors: list = dataclasses.field(default_factory=list)

    def to_dict(self):
        return {
            "path": self.path,
            "findings": [dataclasses.asdict(f) for f in self.findings],
            "errors": self.errors,
        }


def _canonical(module):
    """Spell names of the drop-in package as the legacy ``keras`` they stand for."""
    if module == "keras_faq_compat" or module.startswith("keras_faq_compat."):
        return "keras" + module[len("keras_faq_compat"):]
    return module


def _legacy_root(module):
    return _canonical(module).partition(".")[0] in ("keras", "tensorflow", "theano")


class _Visitor(ast.NodeVisitor):
    """Collects legacy API uses in one module's syntax tree."""

    def __init__(self, apis):
        self.apis = apis
        self.aliases = {}  # local name -> qualified legacy name
        self.findings = []
        self._seen = set()
        self._packages = set()
        self._methods = apis.method_apis()
        self._keywords = apis.keyword_apis()

    def _add(self, node, verdict):
        if verdict is None:
            return
        key = (node.lineno, verdict.api)
        if key in self._seen:
            return
        self._seen.add(key)
        self.findings.append(Finding(
            line=node.lineno, col=node.col_offset, api=verdict.api, kind=verdict.kind,
            covered=verdict.covered, replacement=verdict.replacement,
            difference=verdict.difference, reason=verdict.reason,
        ))

    def _add_entry(self, node, entry, subject=""):
        covered, reason = self.apis.is_covered(entry, subject)
        self._add(node, self.apis.Verdict(entry.api, entry.kind, covered, entry.replacement,
                                          entry.difference, reason))

    def _package_import(self, node, module):
        """Report ``import keras`` / ``import theano`` once, at the file's first such import."""
        top = module.partition(".")[0]
        if top in ("keras", "theano") and top not in self._packages:
            self._packages.add(top)
            self._add(node, self.apis.check_qualified(top, is_module=True))

    # Imports bind names to qualified legacy names.
    def visit_Import(self, node):
        for alias in node.names:
            module = _canonical(alias.name)
            if not _legacy_root(module):
                continue
            if alias.asname:
                self.aliases[alias.asname] = module
            else:
                top = module.partition(".")[0]
                self.aliases[alias.name.partition(".")[0]] = top
            if alias.name.partition(".")[0] == "keras_faq_compat":
                continue  # the drop-in import itself is the modern way in
            self._package_import(node, module)
            if "." in module:
                self._add(node, self.apis.check_qualified(module, is_module=True))

    def visit_ImportFrom(self, node):
        if node.level or not node.module:
            return
        module = _canonical(node.module)
        if not _legacy_root(module):
            return
        if node.module.partition(".")[0] != "keras_faq_compat":
            self._package_import(node, module)
        if node.module.partition(".")[0] != "keras_faq_compat" and "." in module \
                and self.apis.is_listed(module):
            # ``from keras.engine.topology import Layer``: a legacy module the
            # table lists is reported besides the names imported from it.
            self._add(node, self.apis.check_qualified(module, is_module=True))
        for alias in node.names:
            if alias.name == "*":
                self._add(node, self.apis.check_qualified(module, is_module=True))
                continue
            qualified = f"{module}.{alias.name}"
            self.aliases[alias.asname or alias.name] = qualified
            self._add(node, self.apis.check_qualified(qualified))

    def _qualified(self, node):
        """The qualified legacy name of a ``Name``/``Attribute`` chain, or None."""
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name) or node.id not in self.aliases:
            return None
        return ".".join([self.aliases[node.id]] + parts[::-1])

    def visit_Attribute(self, node):
        qualified = self._qualified(node)
        if qualified is not None:
            self._add(node, self.apis.check_qualified(qualified))
        base = node
        while isinstance(base, ast.Attribute):
            base = base.value
        self.visit(base)

    def visit_Call(self, node):
        func = node.func
        callee = self._qualified(func) if isinstance(func, (ast.Name, ast.Attribute)) else None
        method = func.attr if isinstance(func, ast.Attribute) else None
        if callee is None and method in self._methods:
            self._add_entry(node, self._methods[method])
        keywords = {k.arg for k in node.keywords if k.arg}
        for entry in self._keywords:
            if entry.keyword not in keywords:
                continue
            if entry.kind == "method_keyword":
                if callee is None and method in entry.match:
                    self._add_entry(node, entry)
            elif callee is not None and any(
                    callee == m or (m.endswith(".") and callee.startswith(m)) for m in entry.match):
                self._add_entry(node, entry, callee)
        self.generic_visit(node)


def _apis():
    from keras_faq_compat.cli import legacy_apis

    return legacy_apis


def check_source(source, filename="<source>"):
    """The legacy API uses in Python `source`.

    Args:
        source: Python source text.
        filename: used in error messages; default ``"<source>"``.

    Returns:
        A list of `Finding`, in line order.

    Raises:
        SyntaxError: when `source` does not parse.
    """
    tree = ast.parse(source, filename=filename)
    visitor = _Visitor(_apis())
    visitor.visit(tree)
    return sorted(visitor.findings, key=lambda f: (f.line, f.col, f.api))


def _neutralise_magics(lines, for_run=False):
    """IPython line magics and shell escapes -> ``pass`` (line numbers kept).

    With `for_run`, ``%env NAME=VALUE`` becomes the ``os.environ`` assignment
    it stands for, since the code after it may depend on it.
    """
    out = []
    for line in lines:
        match = _MAGIC_LINE.match(line)
        if match is None:
            out.append(line)
            continue
        env = _ENV_MAGIC.match(line) if for_run else None
        if env is not None:
            name, value = env.group(2), env.group(3).strip()
            out.append(f"{env.group(1)}__import__('os').environ[{name!r}] = {value!r}")
        else:
            out.append(f"{match.group(1)}pass")
    return out


def _writefile(lines):
    """A ``%%writefile [-a] NAME`` cell as the Python that writes the file."""
    args = lines[0].split()[1:]
    mode = "a" if args[:1] in (["-a"], ["--append"]) else "w"
    name = args[-1] if args and args[-1] not in ("-a", "--append") else ""
    if not name:
        return None
    body = "\n".join(lines[1:]) + "\n"
    return f"with open({name!r}, {mode!r}) as __f:\n    __f.write({body!r})\n"


def notebook_code_cells(path, for_run=False):
    """The code cells of notebook `path`, ready to parse or run.

    Args:
        path: a ``.ipynb`` file (nbformat 4).
        for_run: False (default): the code to read (``check``); True: the code
            to run, where a ``%%writefile NAME`` cell writes its file and
            ``%env NAME=VALUE`` sets the variable, as in IPython.

    Returns:
        A list of ``(cell_number, source)`` (cell numbers are 1-based and count
        every cell, as a notebook shows them). A cell starting with a cell
        magic is left out unless its body is Python (``%%time``,
        ``%%capture``); other line magics and ``!`` shell lines become ``pass``.

    Raises:
        ValueError: naming `path`, when it is not a readable notebook.
    """
    try:
        with open(path, encoding="utf-8") as f:
            nb = json.load(f)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"{path}: not a readable notebook ({e})") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        raise ValueError(f"{path}: not a notebook (no 'cells' list; nbformat 4 expected)")
    result = []
    for number, cell in enumerate(cells, 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        lines = source.splitlines()
        if lines and lines[0].lstrip().startswith("%%"):
            magic = lines[0].lstrip()[2:].split()[0] if lines[0].strip() != "%%" else ""
            if for_run and magic == "writefile":
                code = _writefile(lines)
                if code is not None:
                    result.append((number, code))
                continue
            if magic not in _PYTHON_CELL_MAGICS:
                continue
            lines[0] = "pass"
        result.append((number, "\n".join(_neutralise_magics(lines, for_run)) + "\n"))
    return result


def _syntax_error(e, cell=None):
    return {"line": e.lineno, "cell": cell, "message": f"SyntaxError: {e.msg}"}


def check_file(path):
    """Check one ``.py`` or ``.ipynb`` file; never raises for bad content.

    Args:
        path: the file.

    Returns:
        A `FileReport`; content that cannot be read or parsed is in ``errors``.
    """
    report = FileReport(path)
    if path.endswith(".ipynb"):
        try:
            cells = notebook_code_cells(path)
        except ValueError as e:
            report.errors.append({"line": None, "cell": None, "message": str(e)})
            return report
        for number, source in cells:
            try:
                findings = check_source(source, f"{path} [cell {number}]")
            except SyntaxError as e:
                report.errors.append(_syntax_error(e, number))
                continue
            for finding in findings:
                finding.cell = number
                report.findings.append(finding)
        return report
    try:
        with open(path, "rb") as f:
            source = f.read()
        report.findings = check_source(source, path)
    except SyntaxError as e:
        report.errors.append(_syntax_error(e))
    except (OSError, ValueError) as e:  # unreadable, or NUL bytes / bad encoding
        report.errors.append({"line": None, "cell": None, "message": f"cannot read: {e}"})
    return report


def collect_paths(paths):
    """The ``.py``/``.ipynb`` files named by `paths` (folders searched recursively).

    Raises:
        ValueError: naming the path, when it does not exist or is a file of
            another type.
    """
    files = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
                files.extend(os.path.join(root, n) for n in sorted(names)
                             if n.endswith(_SUFFIXES) and not n.startswith("."))
        elif os.path.isfile(path):
            if not path.endswith(_SUFFIXES):
                raise ValueError(f"{path}: not a .py or .ipynb file")
            files.append(path)
        else:
            raise ValueError(f"{path}: no such file or folder")
    return files


def add_arguments(parser):
    """``PATH...``, ``--format text|json``, ``--strict``."""
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help=".py or .ipynb files, or folders searched recursively")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="report format (default: text)")
    parser.add_argument("--strict", action="store_true",
                        help="exit with status 1 when a legacy API is not covered "
                             "or a file cannot be parsed")


def _summary(reports):
    findings = [f for r in reports for f in r.findings]
    return {
        "files": len(reports),
        "findings": len(findings),
        "covered": sum(f.covered for f in findings),
        "not_covered": sum(not f.covered for f in findings),
        "errors": sum(len(r.errors) for r in reports),
    }


def _where(line, cell):
    return f"cell {cell}, line {line}" if cell is not None else f"line {line}"


def _print_text(reports, summary, out):
    for report in reports:
        if not report.findings and not report.errors:
            continue
        print(report.path, file=out)
        for error in report.errors:
            where = _where(error["line"], error["cell"]) if error["line"] is not None else "file"
            print(f"  {where}: cannot parse: {error['message']}", file=out)
        width = max((len(f.api) for f in report.findings), default=0)
        where_width = max((len(_where(f.line, f.cell)) for f in report.findings), default=0)
        for f in report.findings:
            status = "covered" if f.covered else "NOT covered"
            where = _where(f.line, f.cell)
            line = f"  {where:<{where_width}}  {f.api:<{width}}  {status:<11}"
            if f.replacement:
                line += f"  -> {f.replacement}"
            if not f.covered and f.reason:
                line += f"  ({f.reason})"
            print(line.rstrip(), file=out)
    s = summary
    print(
        f"{s['findings']} legacy API use(s) in {s['files']} file(s): {s['covered']} covered, "
        f"{s['not_covered']} not covered; {s['errors']} part(s) could not be parsed.",
        file=out,
    )


def main(args):
    """Run the check; return the exit status (see the module docstring)."""
    try:
        files = collect_paths(args.paths)
    except ValueError as e:
        print(f"keras-faq-compat check: {e}", file=sys.stderr)
        return 2
    reports = [check_file(path) for path in files]
    summary = _summary(reports)
    if args.format == "json":
        json.dump({"files": [r.to_dict() for r in reports], "summary": summary},
                  sys.stdout, indent=2)
        print()
    else:
        _print_text(reports, summary, sys.stdout)
    if args.strict and (summary["not_covered"] or summary["errors"]):
        return 1
    return 0
