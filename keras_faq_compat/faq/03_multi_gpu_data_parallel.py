# FAQ: How can I run a Keras model on multiple GPUs? (data parallelism)
import numpy as np
import keras
model = keras.models.Sequential()
model.add(keras.layers.Dense(32, activation='relu', input_dim=100))
model.add(keras.layers.Dense(10, activation='softmax'))
x = np.random.random((1024, 100))
y = keras.utils.to_categorical(np.random.randint(10, size=(1024,)), 10)
# --- FAQ snippet ---
from keras.utils import multi_gpu_model

# Replicates `model` on 8 GPUs.
# This assumes that your machine has 8 available GPUs.
parallel_model = multi_gpu_model(model, gpus=8)
parallel_model.compile(loss='categorical_crossentropy',
                       optimizer='rmsprop')

# This `fit` call will be distributed on 8 GPUs.
# Since the batch size is 256, each GPU will process 32 samples.
parallel_model.fit(x, y, epochs=20, batch_size=256)
