# FAQ: How can I obtain the output of an intermediate layer? (with the learning phase)
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Dropout
from keras import backend as K
model = Sequential()
model.add(Dense(16, activation='relu', input_dim=8))
model.add(Dropout(0.5))
model.add(Dense(16, activation='relu'))
model.add(Dense(4))
x = np.random.rand(16, 8)
# --- FAQ snippet ---
get_3rd_layer_output = K.function([model.layers[0].input, K.learning_phase()],
                                  [model.layers[3].output])

# output in test mode = 0
layer_output = get_3rd_layer_output([x, 0])[0]

# output in train mode = 1
layer_output = get_3rd_layer_output([x, 1])[0]
