# FAQ: How can I run Keras on GPU? (method 1: Theano flags)
# env: THEANO_FLAGS=device=gpu,floatX=float32
# The FAQ's command is `THEANO_FLAGS=device=gpu,floatX=float32 python my_keras_script.py`;
# this file is my_keras_script.py, run with that environment.
import numpy as np
# --- FAQ snippet ---
from keras.models import Sequential
from keras.layers import Dense
from keras import backend as K

model = Sequential()
model.add(Dense(4, input_dim=8, activation='relu'))
model.add(Dense(1))
model.compile(optimizer='sgd', loss='mse')
model.fit(np.random.rand(32, 8), np.random.rand(32, 1), epochs=1, verbose=0)
print('floatx:', K.floatx())
assert K.floatx() == 'float32'
