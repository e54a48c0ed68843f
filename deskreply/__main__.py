"""``python -m deskreply`` is the same as the ``deskreply`` command."""

import sys

from deskreply.cli import main

sys.exit(main())
