"""Opening the window must not import spaCy: it loads later, on a worker thread."""

from __future__ import annotations

import subprocess
import sys

from deskreply.paths import PROJECT_ROOT


def test_main_window_module_does_not_import_spacy() -> None:
    code = "import sys, deskreply.ui.app, deskreply.ui.main_window; print('spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, check=True, timeout=120)
    assert done.stdout.strip() == "False"
