"""The ``keras-faq-compat`` command (also ``python -m keras_faq_compat``).

Subcommands, each in its own module exposing ``add_arguments(parser)`` and
``main(args) -> exit status``:

* ``run SCRIPT [ARGS...]`` / ``run -m MODULE [ARGS...]``: run legacy code unchanged;
* ``faq``: run the bundled FAQ examples and print a table;
* ``doctor``: versions, devices, config file, legacy APIs available;
* ``cite``: the FAQ's BibTeX entry;
* ``check PATH...``: a static report of the legacy APIs a file or folder uses;
* ``convert OLD NEW.keras``: write a Keras 2 file as a native Keras 3 file.
"""

import argparse
import importlib
import sys

__all__ = ["main", "SUBCOMMANDS"]

# name -> (module, one-line help)
SUBCOMMANDS = {
    "run": ("keras_faq_compat.cli.run", "run a legacy Keras 2 script or module unchanged"),
    "faq": ("keras_faq_compat.cli.faq", "run the bundled Keras FAQ examples and print a table"),
    "doctor": ("keras_faq_compat.cli.doctor", "print versions, devices, config file and legacy APIs"),
    "cite": ("keras_faq_compat.cli.cite", "print the BibTeX entry of Keras (FAQ: how to cite)"),
    "check": ("keras_faq_compat.cli.check", "report the legacy Keras 2 / TF1 APIs a file uses"),
    "convert": ("keras_faq_compat.cli.convert", "convert a Keras 2 .h5/.json/.yaml to a .keras file"),
}


def _parser():
    parser = argparse.ArgumentParser(
        prog="keras-faq-compat",
        description="Run legacy Keras 2 code unchanged on Keras 3.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as e:
            if e.name != module_name:
                raise
            continue
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command)
        command.set_defaults(_main=module.main)
    return parser


def main(argv=None):
    """Entry point of the command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["run"]:
        # Everything after the script (or -m MODULE) belongs to the script,
        # including options that look like ours.
        from keras_faq_compat.cli import run

        return run.main(run.parse(argv[1:]))
    args = _parser().parse_args(argv)
    return args._main(args)
