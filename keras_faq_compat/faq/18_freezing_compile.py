# FAQ: How can I "freeze" Keras layers? (the flag takes effect at compile)
import numpy as np
from keras.layers import Input, Dense
from keras.models import Model
data, labels = np.random.rand(64, 32), np.random.rand(64, 32)
# --- FAQ snippet ---
x = Input(shape=(32,))
layer = Dense(32)
layer.trainable = False
y = layer(x)

frozen_model = Model(x, y)
# in the model below, the weights of `layer` will not be updated during training
frozen_model.compile(optimizer='rmsprop', loss='mse')

layer.trainable = True
trainable_model = Model(x, y)
# with this model the weights of the layer will be updated during training
# (which will also affect the above model since it uses the same layer instance)
trainable_model.compile(optimizer='rmsprop', loss='mse')

import numpy as _np
_before = [w.copy() for w in layer.get_weights()]
frozen_model.fit(data, labels)  # this does NOT update the weights of `layer`
# --- check ---
assert all(_np.array_equal(a, b) for a, b in zip(_before, layer.get_weights())), 'frozen_model trained a frozen layer'
# --- FAQ snippet (continued) ---
trainable_model.fit(data, labels)  # this updates the weights of `layer`
# --- check ---
assert not all(_np.array_equal(a, b) for a, b in zip(_before, layer.get_weights())), 'trainable_model did not train'
