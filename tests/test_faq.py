"""The bundled FAQ examples run as a user runs them, each in its own process."""

import subprocess
import sys

import pytest

from keras_faq_compat.cli import faq


def test_every_faq_question_with_code_has_an_example():
    names = [e.name for e in faq.examples()]
    assert len(names) == len(set(names))
    for e in faq.examples():
        assert e.question, f"{e.name} has no '# FAQ:' line"
        assert "# --- FAQ snippet ---" in e.path.read_text(), e.name
    assert faq.expected_failures() <= set(names), "expected_failures.txt names an unknown example"


@pytest.mark.slow
def test_faq_tour_passes():
    proc = subprocess.run([sys.executable, "-m", "keras_faq_compat", "faq", "-v"],
                          capture_output=True, text=True, timeout=3000)
    assert proc.returncode == 0, proc.stdout[-6000:]
    table = proc.stdout
    for e in faq.examples():
        assert e.name in table
    assert " FAIL " not in table and "XPASS" not in table
