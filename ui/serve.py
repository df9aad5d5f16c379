"""`python -m ui.serve run app.py [options]`: Streamlit's own command line, with the warm-up.

run.sh starts the server this way so that the data are loaded while the first browser
connects (see ``ui.warmup``); the arguments are exactly those of ``streamlit``.
"""

from __future__ import annotations

import sys

# Streamlit is imported here, in the main thread, before the warm-up thread starts, so the
# two never import it at the same time.
from streamlit.web import cli

from ui import warmup


def main(argv: list[str]) -> None:
    if argv[:1] == ["run"]:
        warmup.start()
    sys.argv = ["streamlit", *argv]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
