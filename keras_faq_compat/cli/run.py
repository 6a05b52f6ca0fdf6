"""``keras-faq-compat run SCRIPT [ARGS...]`` / ``run -m MODULE [ARGS...]``.

Runs legacy Keras 2 code unchanged under the activation. The script sees the
``sys.argv``, ``__name__ == "__main__"``, ``__file__``, ``sys.path[0]`` and
exit status it would see under ``python SCRIPT``; an uncaught exception prints
a traceback that starts at the script's own lines, and exits with status 1.
Each legacy API used prints one `LegacyAPIWarning` naming its replacement.

As under Keras 2, ``keras.json``, ``$KERAS_HOME`` and ``$KERAS_BACKEND`` are
read when the script first uses ``keras``, so a script may set them up before
``import keras``; the NumPy names of the Keras 2 era (``np.float``, ...) are
restored unless ``KERAS_FAQ_COMPAT_NUMPY_ALIASES=0`` (see `numpy_aliases`).
"""

import argparse
import os
import runpy
import sys
import traceback
import warnings

__all__ = ["add_arguments", "parse", "main"]


def add_arguments(parser):
    """``-m MODULE`` or ``SCRIPT``, then the program's own arguments."""
    parser.add_argument("-m", dest="module", metavar="MODULE", help="run a module as a script")
    parser.add_argument("script", nargs="?", help="the legacy script to run")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the script")


def parse(argv):
    """Split ``run``'s arguments: everything after SCRIPT / -m MODULE is the program's."""
    usage = "usage: keras-faq-compat run [-m MODULE | SCRIPT] [ARGS...]"
    if not argv or argv[0] in ("-h", "--help"):
        print(usage, file=sys.stdout if argv else sys.stderr)
        raise SystemExit(0 if argv else 2)
    if argv[0] == "-m":
        if len(argv) < 2:
            print(f"{usage}\nkeras-faq-compat run: -m needs a module name", file=sys.stderr)
            raise SystemExit(2)
        return argparse.Namespace(module=argv[1], script=None, args=argv[2:])
    if argv[0].startswith("-m") and len(argv[0]) > 2:
        return argparse.Namespace(module=argv[0][2:], script=None, args=argv[1:])
    return argparse.Namespace(module=None, script=argv[0], args=argv[1:])


def _print_traceback(exc, first_file):
    """Print `exc` as Python would, leaving out this runner's own frames."""
    tb = exc.__traceback__
    skipped = tb
    while skipped is not None and os.path.abspath(skipped.tb_frame.f_code.co_filename) != first_file:
        skipped = skipped.tb_next
    traceback.print_exception(type(exc), exc, skipped if skipped is not None else tb)


def main(args):
    """Run the script or module; return its exit status."""
    from keras_faq_compat.deprecation import LegacyAPIWarning

    # Legacy code is what this command is for: show each hint once, including
    # those given while real Keras is imported (a Theano keras.json).
    warnings.filterwarnings("default", category=LegacyAPIWarning)

    if args.module is None:
        script = args.script
        if not os.path.isfile(script):
            print(f"keras-faq-compat run: can't open file {script!r}: "
                  "[Errno 2] No such file or directory", file=sys.stderr)
            return 2
        first_file = os.path.abspath(script)
        sys.path[0] = os.path.dirname(first_file)
        sys.argv = [script] + list(args.args)
    else:
        sys.path[0] = os.getcwd()
        sys.argv = [args.module] + list(args.args)
        first_file = None

    try:
        from keras_faq_compat.activation import install

        install()
    except (ValueError, OSError) as e:  # TF_CONFIG, keras.json: refused before the script starts
        print(f"keras-faq-compat run: {e}", file=sys.stderr)
        return 2
    try:
        if args.module is None:
            runpy.run_path(script, run_name="__main__")
        else:
            import importlib.util

            spec = importlib.util.find_spec(args.module)
            if spec is None:
                print(f"keras-faq-compat run: No module named {args.module}", file=sys.stderr)
                return 1
            first_file = os.path.abspath(spec.origin) if spec.origin else None
            runpy.run_module(args.module, run_name="__main__", alter_sys=True)
    except SystemExit:
        raise
    except KeyboardInterrupt as e:
        _print_traceback(e, first_file)
        return 130
    except BaseException as e:  # noqa: BLE001 - reported as Python would
        _print_traceback(e, first_file)
        return 1
    finally:
        sys.stdout.flush()
    return 0
