# FAQ: How can I use pre-trained models in Keras? (ImageNet weights from the local cache)
# No network here: the setup writes the weights file Keras 2 would have downloaded
# into $KERAS_HOME/models/, under Keras 2's file name.
import os
from keras import backend as K
from keras.applications.vgg16 import VGG16 as _VGG16
_cache = os.path.join(os.environ.get('KERAS_HOME', os.path.expanduser('~/.keras')), 'models')
os.makedirs(_cache, exist_ok=True)
_VGG16(weights=None, include_top=True).save_weights(
    os.path.join(_cache, 'vgg16_weights_tf_dim_ordering_tf_kernels.h5'))
K.clear_session()
from keras.applications.vgg16 import VGG16
# --- FAQ snippet ---
model = VGG16(weights='imagenet', include_top=True)
