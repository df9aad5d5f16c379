"""The acronyms the plan documents use, in words, for readers who are not social-services staff."""

from __future__ import annotations

import streamlit as st

SIGLE: dict[str, str] = {
    "PIPPI": "Programma di Intervento Per la Prevenzione dell'Istituzionalizzazione: accompagna le "
             "famiglie con bambini in difficoltà perché i figli possano crescere a casa",
    "PNRR": "Piano Nazionale di Ripresa e Resilienza: finanzia PIPPI (misura M5C2 1.1.1)",
    "M5C2": "Missione 5, Componente 2 del PNRR (inclusione e coesione sociale)",
    "HUG": "il nome del Centro per le Famiglie dell'Ambito: una sede principale (hub) e tre sportelli (spoke)",
    "ATS": "Agenzia di Tutela della Salute (qui ATS Val Padana), a cui l'Ambito rende conto del Centro per le Famiglie",
    "FNPS": "Fondo Nazionale per le Politiche Sociali",
    "FSR": "Fondo Sociale Regionale (Regione Lombardia)",
    "FNA": "Fondo per le Non Autosufficienze",
    "EM": "équipe multidisciplinare: assistente sociale, educatore, psicologo che valutano e seguono una famiglia",
    "UdP": "Ufficio di Piano: l'ufficio dell'Ambito che coordina il Piano di Zona",
    "EE.MM.": "équipe multidisciplinari (plurale di EM)",
    "A.G.": "Autorità Giudiziaria (il tribunale che può disporre un intervento per un minore)",
    "FAMI": "Fondo Asilo, Migrazione e Integrazione (fondo europeo)",
    "RT": "referente territoriale del programma PIPPI per l'Ambito",
    "FF.TT.": "famiglie target: le famiglie incluse nel programma PIPPI",
    "PAI": "Piano di Assistenza Individualizzato: il progetto di cura di una persona anziana o fragile",
    "IC": "Istituto Comprensivo (scuola dell'infanzia, primaria e media di un territorio)",
    "SAD": "Servizio di Assistenza Domiciliare (SADH: per persone con disabilità)",
    "RSA": "Residenze Sanitarie Assistenziali",
    "ETS": "Enti del Terzo Settore (cooperative, associazioni, volontariato)",
    "ISTAT": "Istituto nazionale di statistica (i codici dei comuni sono i suoi)",
    "CSV": "formato di file di testo con i dati in colonne, che Excel apre e salva",
    "PDF": "formato di documento da stampare o inviare",
}


def render() -> None:
    """The glossary, folded, for the sidebar of every page."""
    with st.expander("Sigle usate", icon=":material/menu_book:"):
        st.markdown("\n".join(f"- **{k}**: {v}" for k, v in SIGLE.items()))
