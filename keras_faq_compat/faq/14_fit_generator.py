# FAQ: How can I use Keras with datasets that don't fit in memory? (a generator)
import numpy as np
from keras.models import Sequential
from keras.layers import Dense
model = Sequential()
model.add(Dense(8, activation='relu', input_dim=4))
model.add(Dense(1))
model.compile(optimizer='sgd', loss='mse')


def generate_batches():
    while True:
        yield np.random.rand(32, 4), np.random.rand(32, 1)


data_generator = generate_batches()
steps_per_epoch, epochs = 10, 2
# --- FAQ snippet ---
model.fit_generator(data_generator, steps_per_epoch, epochs)
