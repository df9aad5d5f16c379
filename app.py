"""Entry point: `streamlit run app.py`. The shell registers the pages and checks access."""

from ui.shell import main

main()
