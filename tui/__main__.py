"""`python -m tui` starts Granska."""

import sys

from granska.cli import main

sys.exit(main())
