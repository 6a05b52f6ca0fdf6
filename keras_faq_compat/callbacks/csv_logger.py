"""``keras.callbacks.CSVLogger`` with the columns Keras 2.2 wrote.

Legacy API: ``CSVLogger(filename, separator=',', append=False)``; columns
``epoch`` then the logged names in sorted order, spelled as Keras 2.2 logged
them (``acc``, ``val_acc``, ``lr``).

Keras 3 replacement: ``keras.callbacks.CSVLogger``; its columns use the
names given in ``compile`` (``accuracy``) and, when no validation ran, it
adds a ``val_`` column of ``NA`` for every training column.

Here each value appears once under its Keras 2.2 name even when the logs
carry both spellings, and no column is invented.
"""

import collections
import csv

import numpy as np

from keras_faq_compat._real import keras as _keras
from keras_faq_compat.callbacks import logs as _logs
from keras_faq_compat.callbacks.callback import Callback

__all__ = ["CSVLogger"]


def _cell(value):
    if isinstance(value, str):
        return value
    if isinstance(value, collections.abc.Iterable) and not (isinstance(value, np.ndarray) and value.ndim == 0):
        return f'"[{", ".join(map(str, value))}]"'
    return value


class CSVLogger(_keras.callbacks.CSVLogger, Callback):
    """Streams each epoch's logs to a CSV file.

    Args:
        filename: the CSV file, e.g. ``'run/log.csv'``.
        separator: the field separator; default ``','``.
        append: append to an existing file (no second header); default False.
    """

    def on_epoch_end(self, epoch, logs=None):
        row = {}
        for key, value in (logs or {}).items():
            name = _logs.keras2_name(key)
            # A name logged under its Keras 2 spelling wins over the alias.
            if name == key or name not in row:
                row[name] = value
        if self.keys is None:
            self.keys = sorted(row)
        if not self.writer:

            class Dialect(csv.excel):
                delimiter = self.sep

            self.writer = csv.DictWriter(self.csv_file, fieldnames=["epoch"] + self.keys, dialect=Dialect)
            if self.append_header:
                self.writer.writeheader()
        cells = collections.OrderedDict(epoch=epoch)
        cells.update((key, _cell(row.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(cells)
        self.csv_file.flush()
