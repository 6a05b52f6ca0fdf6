# FAQ: How can I interrupt training when the validation loss isn't decreasing anymore?
import numpy as np
from keras.models import Sequential
from keras.layers import Dense
model = Sequential()
model.add(Dense(8, activation='relu', input_dim=4))
model.add(Dense(1))
model.compile(optimizer='sgd', loss='mse')
x, y = np.random.rand(200, 4), np.random.rand(200, 1)
# --- FAQ snippet ---
from keras.callbacks import EarlyStopping
early_stopping = EarlyStopping(monitor='val_loss', patience=2)
model.fit(x, y, validation_split=0.2, callbacks=[early_stopping])
