"""The report for the Assemblea dei Sindaci: the engine table as a printable PDF.

content.py builds the report as plain data (sections, rows, figures as formatted strings)
from the engine table as one audience may see it; charts.py turns its figures into PNG;
pdf.py lays it out; build.py ties them together for the command line and the page.
No streamlit here: `python -m report` runs without it.
"""
