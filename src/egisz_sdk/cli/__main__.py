"""``python -m egisz_sdk.cli`` runs the ``egisz`` command."""

import sys

from egisz_sdk.cli import main

sys.exit(main())
