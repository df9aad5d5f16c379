"""Catalogo degli indicatori: every indicator with what it counts, how, from which file, against which
target, and whether the plan states that target or the dashboard proposes it. Searchable; CSV."""

from ui.shell import ensure_shell

ensure_shell()

import streamlit as st  # noqa: E402

from indicators.catalogue_view import PROPOSED, STATED, catalogue_rows, search  # noqa: E402
from indicators import registry  # noqa: E402
from ui.exports import show_table, table_buttons  # noqa: E402

NAME = "Catalogo degli indicatori"


st.title(NAME)
# Built on every run (4 ms for 261 indicators): read from the registry at run time, it follows the plan
# files in use rather than a copy cached when the page was first shown.
rows = catalogue_rows(registry.CATALOG)
origin = rows["Target dichiarato o proposto"]
st.caption(f"{rows.height} indicatori: per ognuno cosa si conta (definizione), come (formula), da quale file e "
           f"quali colonne, il target e la frase del piano che misura. {int((origin == STATED).sum())} target "
           f"sono scritti nel piano (accanto, la frase che li dichiara); {int((origin == PROPOSED).sum())} sono "
           "«proposti» dal cruscotto, dove il piano non scrive un numero o si può leggere in due modi.")

query = st.text_input("Cerca nel catalogo", key="catalogo_cerca",
                      placeholder="una parola o un codice: famiglie, 4.2.out.7, proposto, fondi.csv …",
                      help="Mostra le righe che contengono tutte le parole scritte, in qualunque colonna")
found = search(rows, query)
if query.strip():
    st.caption(f"{found.height} indicatori su {rows.height} contengono «{query.strip()}».")
if found.height:
    show_table(found, NAME, key="catalogo")
    # The CSV of what is listed (after the search), formulas neutralised by the project's writer.
    table_buttons(found, NAME, key="catalogo_sotto")
else:
    st.info("Nessun indicatore contiene tutte le parole cercate.")
