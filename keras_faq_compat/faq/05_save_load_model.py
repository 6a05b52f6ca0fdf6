# FAQ: How can I save a Keras model? (whole model: architecture + weights + optimizer state)
import numpy as np
from keras.models import Sequential
from keras.layers import Dense
model = Sequential()
model.add(Dense(8, activation='relu', input_dim=4))
model.add(Dense(1))
model.compile(optimizer='adam', loss='mse')
model.fit(np.random.rand(64, 4), np.random.rand(64, 1), epochs=2, verbose=0)
# --- FAQ snippet ---
from keras.models import load_model

model.save('my_model.h5')  # creates a HDF5 file 'my_model.h5'
del model  # deletes the existing model

# returns a compiled model
# identical to the previous one
model = load_model('my_model.h5')
