"""The Keras 2 FAQ's code snippets, one file each, run by ``keras-faq-compat faq``.

Each file is run as a user runs a legacy script: ``python -m keras_faq_compat
run FILE``. Lines above ``# --- FAQ snippet ---`` set up what the snippet uses
but never defines; lines below it are the FAQ's code as written (with the
quotes and indentation the FAQ's typesetting lost put back).
"""
