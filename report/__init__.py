"""The report for the Assemblea dei Sindaci: the engine table as a printable PDF.

editions.py says which versions there are (pubblica, Assemblea dei Sindaci, interna) and who
may produce which; content.py builds the report as plain data (sections, rows, figures as
formatted strings) from the engine table as that version's audience sees it; pdf.py lays it out
and charts.py draws its charts straight into the page; build.py ties them together for the
command line and the page.
No streamlit here: `python -m report` runs without it.
"""
