import sys

from isms.cli.main import main

sys.exit(main())
