# FAQ: How can I obtain the output of an intermediate layer? (a sub-model)
import numpy as np
from keras.models import Sequential
from keras.layers import Dense
data = np.random.rand(16, 8)
# --- FAQ snippet ---
from keras.models import Model

model = Sequential([Dense(16, input_dim=8, name='my_layer'), Dense(4)])  # create the original model

layer_name = 'my_layer'
intermediate_layer_model = Model(inputs=model.input,
                                 outputs=model.get_layer(layer_name).output)
intermediate_output = intermediate_layer_model.predict(data)
