# FAQ: How can I use Keras with datasets that don't fit in memory? (batch by batch)
import numpy as np
from keras.models import Sequential
from keras.layers import Dense
model = Sequential()
model.add(Dense(8, activation='relu', input_dim=4))
model.add(Dense(1))
model.compile(optimizer='sgd', loss='mse')
x, y = np.random.rand(32, 4), np.random.rand(32, 1)
# --- FAQ snippet ---
model.train_on_batch(x, y)
model.test_on_batch(x, y)
