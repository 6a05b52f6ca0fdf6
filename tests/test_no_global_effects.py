"""Saving, serializing and reporting leave Keras's registries as Keras left them (no activation)."""

import json
import subprocess
import sys


def test_save_and_to_json_register_nothing_with_keras_once_done(tmp_path):
    code = f"""
import json, warnings
warnings.simplefilter("ignore")
import numpy as np
from keras_faq_compat import models, layers
from keras_faq_compat import _internals
from keras_faq_compat._real import keras
table = _internals._resolve("keras.src.api_export:REGISTERED_OBJS_TO_NAMES", "test")
before = dict(table)
m = models.Sequential([layers.Dense(2, input_dim=3)])
m.compile("sgd", "mse")
config = json.loads(m.to_json())
m.save({str(tmp_path / "m.h5")!r})
m.save({str(tmp_path / "m.keras")!r})
plain = keras.saving.load_model({str(tmp_path / "m.keras")!r})
print(json.dumps({{"class_name": config["class_name"], "same": dict(table) == before,
                  "plain": type(plain).__name__}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    # The files name plain Keras classes (plain Keras 3 loads them) ...
    assert result["class_name"] == "Sequential" and result["plain"] == "Sequential"
    # ... and Keras's table of exported names is as it was before the first save.
    assert result["same"] is True


def test_nested_sequential_config_round_trips_and_leaves_the_registry_alone():
    code = """
import json, warnings
warnings.simplefilter("ignore")
from keras_faq_compat import models, layers, _internals
table = _internals._resolve("keras.src.api_export:REGISTERED_OBJS_TO_NAMES", "test")
before = dict(table)
inner = models.Sequential([layers.Dense(3, input_dim=2)])
outer = models.Sequential([inner, layers.Dense(1)])
config = outer.get_config()
again = models.Sequential.from_config(config)
nested = [layer for layer in again.layers if hasattr(layer, "layers")]
print(json.dumps({"type": type(again).__name__, "nested": len(nested), "same": dict(table) == before,
                  "modules": sorted({layer.get("module", "") for layer in config["layers"]})}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result["type"] == "Sequential" and result["nested"] == 1
    assert all(module.startswith("keras") and "compat" not in module for module in result["modules"]), result
    assert result["same"] is True
