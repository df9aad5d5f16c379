"""Who is looking, and what they may see. No streamlit here: the CLI and the report apply it too."""
