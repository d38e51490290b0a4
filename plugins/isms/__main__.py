import sys

from isms.cli import main

sys.exit(main())
