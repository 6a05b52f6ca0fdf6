"""The README's tables of Keras 2 modules and names, generated from the table of legacy names.

    python -m keras_faq_compat.cli.api_tables            # print the tables (Markdown)
    python -m keras_faq_compat.cli.api_tables --write    # rewrite them in README.md

The tables sit between the ``<!-- legacy-names:start -->`` and ``<!-- legacy-names:end -->`` markers
of README.md; ``tests/test_legacy_names.py`` fails when they are out of date.
"""

import argparse
import collections
import pathlib
import sys

from keras_faq_compat import legacy_names

START = "<!-- legacy-names:start -->"
END = "<!-- legacy-names:end -->"

__all__ = ["markdown", "replace_section", "main"]


def _served_by(target):
    if target is None:
        return "not restored"
    root = target.partition(":")[0]
    if root == "keras":
        return "Keras 3"
    if root == "tf.keras":
        return "`tf.keras` (Keras 3's port)"
    return "compat"


def markdown():
    """The tables, as Markdown text."""
    lines = []
    for release in ("2.2.4", "2.3.1"):
        rows = legacy_names.defined_names(release)
        restored = sum(1 for row in rows if row.target is not None)
        lines.append(f"- Keras {release}: {len(rows)} public names defined, {restored} restored at their Keras 2 path.")
    lines += ["", "| Keras 2 module | names | served by compat / Keras 3 / `tf.keras` | Keras 3 replacement |",
              "| --- | --- | --- | --- |"]
    by_module = collections.defaultdict(list)
    for row in legacy_names.NAMES:
        by_module[row.module].append(row)
    for module in legacy_names.MODULES:
        rows = by_module.get(module.path, [])
        kinds = collections.Counter(_served_by(row.target) for row in rows)
        served = " / ".join(str(kinds[k]) for k in ("compat", "Keras 3", "`tf.keras` (Keras 3's port)"))
        lines.append(f"| `{module.path}` | {len(rows)} | {served} | {module.replacement} |")
    lines += ["", "Not restored (using one raises an error naming the replacement):", "",
              "| Keras 2 name | use instead | why |", "| --- | --- | --- |"]
    for row in legacy_names.NAMES:
        if row.target is None:
            lines.append(f"| `{row.path}` | {row.replacement} | {row.difference} |")
    return "\n".join(lines) + "\n"


def replace_section(text, tables):
    """`text` (a README) with the part between the markers replaced by `tables`."""
    head, start, rest = text.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise ValueError(f"README.md has no {START} ... {END} section")
    return f"{head}{START}\n{tables}{END}{tail}"


def main(argv=None):
    parser = argparse.ArgumentParser(description="Generate the README's tables of Keras 2 names.")
    parser.add_argument("--write", action="store_true", help="rewrite the section in README.md")
    parser.add_argument("--readme", default=str(pathlib.Path(__file__).resolve().parents[2] / "README.md"))
    args = parser.parse_args(argv)
    tables = markdown()
    if not args.write:
        sys.stdout.write(tables)
        return 0
    path = pathlib.Path(args.readme)
    path.write_text(replace_section(path.read_text(encoding="utf-8"), tables), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
