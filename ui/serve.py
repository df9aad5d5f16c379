"""`python -m ui.serve run app.py [options]`: Streamlit's own command line, with the warm-up.

run.sh starts the server this way so that the data are loaded while the first browser
connects (see ``ui.warmup``); the arguments are exactly those of ``streamlit``.
"""

from __future__ import annotations

import math
import sys

# Streamlit is imported here, in the main thread, before the warm-up thread starts, so the
# two never import it at the same time.
from streamlit.web import cli

import settings
from ui import warmup


def with_upload_limit(argv: list[str]) -> list[str]:
    """``argv`` plus Streamlit's own upload limit, the same as the intake's ($CRUSCOTTO_MAX_FILE_MB),
    so that the uploader announces the real limit (Streamlit's default says 200 MB)."""
    if argv[:1] != ["run"] or any(a.startswith("--server.maxUploadSize") for a in argv):
        return argv
    return [*argv, "--server.maxUploadSize", str(math.ceil(settings.get().max_file_mb))]


def main(argv: list[str]) -> None:
    if argv[:1] == ["run"]:
        settings.for_command_line()
        warmup.start()
    argv = with_upload_limit(argv)
    sys.argv = ["streamlit", *argv]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
