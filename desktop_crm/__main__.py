"""`python -m desktop_crm` is the `desktop-crm` command."""

import sys

from desktop_crm.cli import main

sys.exit(main())
