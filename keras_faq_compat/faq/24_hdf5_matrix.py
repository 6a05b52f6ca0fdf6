# FAQ: How can I use HDF5 inputs with Keras? (HDF5Matrix from keras.utils.io_utils)
import numpy as np
import h5py
from keras.models import Sequential
from keras.layers import Dense
with h5py.File('data.h5', 'w') as f:
    f['features'] = np.random.rand(1000, 16).astype('float32')
    f['targets'] = np.random.rand(1000, 1).astype('float32')
model = Sequential([Dense(8, activation='relu', input_dim=16), Dense(1)])
model.compile(optimizer='sgd', loss='mse')
# --- FAQ snippet ---
from keras.utils.io_utils import HDF5Matrix

x_train = HDF5Matrix('data.h5', 'features', start=0, end=800)
y_train = HDF5Matrix('data.h5', 'targets', start=0, end=800)
model.fit(x_train, y_train, batch_size=32, shuffle='batch', epochs=1)
