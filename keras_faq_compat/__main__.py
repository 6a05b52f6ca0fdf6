"""``python -m keras_faq_compat COMMAND ...``: see `keras_faq_compat.cli`."""

import sys

from keras_faq_compat.cli import main

if __name__ == "__main__":
    sys.exit(main())
