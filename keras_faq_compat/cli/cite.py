"""``keras-faq-compat cite``: the BibTeX entry the Keras FAQ asks papers to cite."""

__all__ = ["BIBTEX", "add_arguments", "main"]

BIBTEX = r"""@misc{chollet2015keras,
  title={Keras},
  author={Chollet, Fran\c{c}ois and others},
  year={2015},
  publisher={GitHub},
  howpublished={\url{https://github.com/keras-team/keras}},
}"""


def add_arguments(parser):
    """No options."""


def main(args):
    """Print the entry; exit status 0."""
    print(BIBTEX)
    return 0
