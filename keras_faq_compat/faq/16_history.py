# FAQ: How can I record the training / validation loss / accuracy at each epoch?
import numpy as np
from keras.models import Sequential
from keras.layers import Dense
model = Sequential()
model.add(Dense(8, activation='relu', input_dim=4))
model.add(Dense(1, activation='sigmoid'))
model.compile(optimizer='sgd', loss='binary_crossentropy', metrics=['accuracy'])
x, y = np.random.rand(200, 4), np.random.randint(2, size=(200, 1))
# --- FAQ snippet ---
hist = model.fit(x, y, validation_split=0.2)
print(hist.history)
# --- check: Keras 2 code reads the accuracy under its Keras 2 names ---
print(hist.history['acc'], hist.history['val_acc'])
