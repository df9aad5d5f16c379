#!/usr/bin/env bash
# Start the dashboard. Data: $CRUSCOTTO_DATA_DIR, else the bundled sample_data/.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh requirements.txt
# ui.serve is the streamlit command plus a warm-up: the data load while the browser connects.
# No watching of the source files: a server in use is restarted to change its code, and a change
# under a running one would only put Streamlit's "source file changed" prompt in front of users.
exec "$VENV/bin/python" -m ui.serve run app.py --server.port "${PORT:-8501}" --server.headless true \
  --server.fileWatcherType none --browser.gatherUsageStats false --client.toolbarMode viewer "$@"
