import sys

from codepilot.cli import main

sys.exit(main())
