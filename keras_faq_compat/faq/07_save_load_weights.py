# FAQ: How can I save a Keras model? (weights only)
from keras.models import Sequential
from keras.layers import Dense
model = Sequential()
model.add(Dense(8, activation='relu', input_dim=4))
model.add(Dense(1))
# --- FAQ snippet ---
model.save_weights('my_model_weights.h5')

model.load_weights('my_model_weights.h5')
