# FAQ: How can I install HDF5 or h5py to save my models in Keras?
# --- FAQ snippet ---
import h5py
