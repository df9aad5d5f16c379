"""The indicator layer: catalog + pure functions over validated frames -> one table.

No streamlit here: the CLI, the report and the pages all read the same table.
"""
