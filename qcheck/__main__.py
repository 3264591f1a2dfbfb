import sys

from qcheck.cli import main

sys.exit(main())
