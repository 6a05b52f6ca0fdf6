# FAQ: Where is the Keras configuration file stored?
import json
import os
# --- FAQ snippet ---
# $HOME/.keras/keras.json (or $KERAS_HOME/keras.json) holds:
# {
#     "image_data_format": "channels_last",
#     "epsilon": 1e-07,
#     "floatx": "float32",
#     "backend": "tensorflow"
# }
from keras import backend as K
print(K.image_data_format(), K.epsilon(), K.floatx(), K.backend())
