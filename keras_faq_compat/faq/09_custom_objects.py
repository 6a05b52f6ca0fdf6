# FAQ: How can I save a Keras model? (custom layers and other custom objects)
import numpy as np
import keras
from keras.models import Sequential
from keras.layers import Dense, Layer
from keras import backend as K


class AttentionLayer(Layer):
    def call(self, x):
        weights = K.softmax(x)
        return x * weights


model = Sequential()
model.add(Dense(4, input_dim=4))
model.add(AttentionLayer())
model.compile(optimizer='sgd', loss='mse')
model.save('my_model.h5')
json_string = model.to_json()
# --- FAQ snippet ---
from keras.models import load_model
# Assuming your model includes instance of an "AttentionLayer" class
model = load_model('my_model.h5', custom_objects={'AttentionLayer': AttentionLayer})

from keras.utils import CustomObjectScope

with CustomObjectScope({'AttentionLayer': AttentionLayer}):
    model = load_model('my_model.h5')

from keras.models import model_from_json
model = model_from_json(json_string, custom_objects={'AttentionLayer': AttentionLayer})
