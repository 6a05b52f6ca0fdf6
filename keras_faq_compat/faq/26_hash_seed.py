# FAQ: How can I obtain reproducible results using Keras during development? (PYTHONHASHSEED)
# env: PYTHONHASHSEED=0
# --- FAQ snippet ---
print(hash("keras"))  # 4883664951434749476 with PYTHONHASHSEED=0
