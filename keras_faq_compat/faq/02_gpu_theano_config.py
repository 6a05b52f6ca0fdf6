# FAQ: How can I run Keras on GPU? (method 3: theano.config in code)
# --- FAQ snippet ---
import theano
theano.config.device = 'gpu'
theano.config.floatX = 'float32'
