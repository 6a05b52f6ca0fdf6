# FAQ: How can I "freeze" Keras layers? (in the constructor)
from keras.layers import Dense
# --- FAQ snippet ---
frozen_layer = Dense(32, trainable=False)
