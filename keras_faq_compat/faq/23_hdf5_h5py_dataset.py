# FAQ: How can I use HDF5 inputs with Keras? (an h5py dataset)
import os
import numpy as np
import h5py
from keras.models import Sequential
from keras.layers import Dense
os.makedirs('input', exist_ok=True)
with h5py.File('input/file.hdf5', 'w') as f:
    f['x_data'] = np.random.rand(1000, 16).astype('float32')
model = Sequential([Dense(4, input_dim=16)])
# --- FAQ snippet ---
import h5py
with h5py.File('input/file.hdf5', 'r') as f:
    x_data = f['x_data']
    model.predict(x_data)
