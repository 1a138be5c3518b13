"""Start Desktop CRM: the same as the `desktop-crm` command."""

import sys

from desktop_crm.cli import main

if __name__ == "__main__":
    sys.exit(main())
