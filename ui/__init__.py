"""Streamlit-side helpers: the shell (navigation, access check), data caching, shared widgets."""
