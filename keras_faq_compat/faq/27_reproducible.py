# FAQ: How can I obtain reproducible results using Keras during development?
# env: PYTHONHASHSEED=0
# env: CUDA_VISIBLE_DEVICES=
# --- FAQ snippet ---
import numpy as np
import tensorflow as tf
import random as rn

# The below is necessary for starting Numpy generated random numbers
# in a well-defined initial state.

np.random.seed(42)

# The below is necessary for starting core Python generated random numbers
# in a well-defined state.

rn.seed(12345)

# Force TensorFlow to use single thread.
# Multiple threads are a potential source of non-reproducible results.
# For further details, see: https://stackoverflow.com/questions/42022950/

session_conf = tf.ConfigProto(intra_op_parallelism_threads=1,
                              inter_op_parallelism_threads=1)

from keras import backend as K

# The below tf.set_random_seed() will make random number generation
# in the TensorFlow backend have a well-defined initial state.
# For further details, see: https://www.tensorflow.org/api_docs/python/tf/set_random_seed

tf.set_random_seed(1234)

sess = tf.Session(graph=tf.get_default_graph(), config=session_conf)
K.set_session(sess)

# Rest of code follows ...
from keras.models import Sequential
from keras.layers import Dense, Dropout
model = Sequential()
model.add(Dense(16, activation='relu', input_dim=8))
model.add(Dropout(0.5))
model.add(Dense(1))
model.compile(optimizer='adam', loss='mse')
model.fit(np.random.rand(256, 8), np.random.rand(256, 1), epochs=2, batch_size=32, verbose=0)
print('weights checksum:', repr(float(sum(np.sum(w.astype('float64')) for w in model.get_weights()))))
