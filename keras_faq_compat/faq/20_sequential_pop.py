# FAQ: How can I remove a layer from a Sequential model?
from keras.models import Sequential
from keras.layers import Dense
# --- FAQ snippet ---
model = Sequential()
model.add(Dense(32, activation='relu', input_dim=784))
model.add(Dense(32, activation='relu'))

print(len(model.layers))  # "2"

model.pop()
print(len(model.layers))  # "1"
