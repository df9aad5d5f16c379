"""Lay the report's content out as an A4 PDF with fpdf2; every figure comes from content.py as text.

Fonts: a subset of DejaVu Sans shipped in report/fonts (accents, €, ≥, ✔ ▲ ✖), so a fresh
clone prints the same document without any system font.
"""

from __future__ import annotations

import importlib
import io
import struct
import sys
import threading
from pathlib import Path
from typing import Callable, Mapping


def _import_apart(name: str) -> None:
    """Import ``name`` in a thread of its own, once. fpdf keeps the ImportError of an optional
    package it goes without (cryptography), and an exception keeps the traceback of the stack that
    raised it: imported from a page, that page run's variables, its data snapshot among them (about
    0,5 GB at a region's scale), would stay in memory as long as the server runs. If the import fails
    there, the import below fails the same way, with its message."""
    if name not in sys.modules:
        thread = threading.Thread(target=importlib.import_module, args=(name,), name=f"import-{name}")
        thread.start()
        thread.join()


_import_apart("fpdf")

from fpdf import FPDF  # noqa: E402
from fpdf.enums import XPos, YPos  # noqa: E402
from fpdf.fonts import FontFace  # noqa: E402

from indicators.status import STATUS_COLOURS, STATUSES  # noqa: E402
from report.titles import PIANO_AREE  # noqa: E402
from report.content import CONTEXT_TEXT, Breakdown, Report, Row, Section, status_text  # noqa: E402
from report.semester import AtsTable, SemesterSummary  # noqa: E402

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
MARGIN = 15  # mm
PAGE_WIDTH = 210  # A4, mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
CHART_COLUMN = 87  # mm: two charts side by side with a 6 mm gutter
CHART_GUTTER = CONTENT_WIDTH - 2 * CHART_COLUMN
BREAKDOWN_WIDTH = 120  # mm
SECTION_ROOM = 70  # mm: an area starts on a new page unless this much room is left
TINT = 0.30  # share of the status colour in a table cell's background: text stays black and legible
INK = (33, 33, 33)
MUTED = (90, 90, 90)
RULE = (200, 200, 200)
HEADING_FILL = (232, 236, 241)
ROW_COLUMNS = (60, 22, 18, 36, 20, 24)  # indicator, period, value, target, gap, status (mm)
# A breakdown with more lines than this is printed in two side-by-side halves.
BREAKDOWN_SPLIT = 6
BREAKDOWN_NAME_WIDTH = 90  # mm
VALUE_WIDTH = 20
STATUS_WIDTH = 26
HALF_GAP = 4
BREAKDOWN_TITLE_ROOM = 14  # mm
LINE_ROOM = 6.5  # mm per table line
OBJECTIVE_ROOM = 42  # mm: heading, summary, table heading and two rows stay together
ROW_HEADINGS = ("Indicatore", "Periodo", "Valore", "Target", "Scarto", "Stato")

Progress = Callable[[str], None]


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def tint(hex_colour: str, share: float = TINT) -> tuple[int, int, int]:
    """The colour mixed with white: ``share`` of colour, the rest white."""
    return tuple(round(255 - share * (255 - c)) for c in _rgb(hex_colour))


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, read from the PNG header (IHDR)."""
    return struct.unpack(">II", png[16:24])


class ReportPDF(FPDF):
    def __init__(self, report: Report):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report = report
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 3)
        self.add_font(FONT, "", FONT_DIR / "DejaVuSans-report.ttf")
        self.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold-report.ttf")
        self.set_font(FONT, size=10)
        self.set_text_color(*INK)
        self.set_title(f"{report.title} – {report.ambito}")
        self.set_author("Ufficio di Piano – Ambito Sociale del Cremonese")
        self.set_subject(f"Dati versione {report.version}, stato al {report.as_of}")
        self.set_lang("it-IT")

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, size=7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.report.title} · {self.report.ambito} · stato al {self.report.as_of}",
                  new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*RULE)
        self.line(MARGIN, self.get_y(), PAGE_WIDTH - MARGIN, self.get_y())
        self.ln(3)
        self.set_text_color(*INK)

    def footer(self) -> None:
        self.set_y(-MARGIN)
        self.set_font(FONT, size=7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"Versione dei dati {self.report.version} · calcolato il {self.report.computed_at}",
                  align="L")
        self.set_x(MARGIN)
        self.cell(0, 5, f"Pagina {self.page_no()} di {{nb}}", align="R")
        self.set_text_color(*INK)

    # --- building blocks ------------------------------------------------------------------

    def heading(self, text: str, size: float = 15, level: int | None = 0, space: float = 2) -> None:
        if level is not None:
            self.start_section(text, level=level)
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(space)
        self.set_font(FONT, size=10)

    def paragraph(self, text: str, size: float = 10, colour=INK, space: float = 2) -> None:
        self.set_font(FONT, size=size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.48, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.ln(space)

    def need(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def status_cell(self, row, text: str, status: str | None) -> None:
        fill = tint(STATUS_COLOURS[status]) if status and text != CONTEXT_TEXT else None
        row.cell(text, style=FontFace(fill_color=fill) if fill else None)

    def table_style(self) -> dict:
        return dict(
            borders_layout="HORIZONTAL_LINES", line_height=4.2, padding=(1.0, 1.2),
            headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL), text_align="LEFT",
            v_align="MIDDLE", cell_fill_mode="ALL", cell_fill_color=(255, 255, 255),
        )

    def indicator_table(self, rows: list[Row]) -> None:
        self.set_font(FONT, size=8)
        self.set_draw_color(*RULE)
        with self.table(col_widths=ROW_COLUMNS, width=CONTENT_WIDTH, **self.table_style()) as table:
            table.row(ROW_HEADINGS)
            for r in rows:
                line = table.row()
                for text in (r.name, r.period, r.value, r.target, r.gap):
                    line.cell(text)
                self.status_cell(line, r.status_text, r.status)
        self.set_font(FONT, size=10)
        self.ln(2)

    def unmeasured(self, rows: list[Row]) -> None:
        """Indicators with no value yet, by name: listing them keeps the coverage honest and short."""
        names = " · ".join(r.name for r in rows)
        self.paragraph(f"Ancora senza dati ({len(rows)}): {names}.", size=8, colour=MUTED)

    def breakdown_table(self, b: Breakdown) -> None:
        """Sub-unit, value (and status when the indicator has a target); long lists in two halves."""
        per_entry = 3 if b.judged else 2
        halves = 2 if len(b.lines) > BREAKDOWN_SPLIT else 1
        rest = [VALUE_WIDTH] + ([STATUS_WIDTH] if b.judged else [])
        if halves == 2:
            names_w = (CONTENT_WIDTH - HALF_GAP) / 2 - sum(rest)
            widths = [names_w, *rest, HALF_GAP, names_w, *rest]
        else:
            widths = [BREAKDOWN_NAME_WIDTH, *rest]
        # Title, heading row and the first lines stay together.
        self.need(BREAKDOWN_TITLE_ROOM + LINE_ROOM * min(len(b.lines), 3))
        self.set_font(FONT, "B", 8.5)
        self.multi_cell(0, 4.2, f"{b.title} – {b.period}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)
        self.set_font(FONT, size=7.5)
        rows = (len(b.lines) + halves - 1) // halves
        heading = ["", "Valore"] + (["Stato"] if b.judged else [])
        with self.table(col_widths=widths, width=sum(widths), align="LEFT", **self.table_style()) as table:
            table.row(heading + ([""] + heading if halves == 2 else []))
            for i in range(rows):
                line = table.row()
                for h in range(halves):
                    if h == 1:
                        line.cell("")
                    k = i + h * rows
                    if k >= len(b.lines):
                        for _ in range(per_entry):
                            line.cell("")
                        continue
                    item = b.lines[k]
                    line.cell(item.sub_unit)
                    line.cell(item.value)
                    if b.judged:
                        self.status_cell(line, item.status_text, item.status)
        self.set_font(FONT, size=10)
        self.ln(3)

    def charts(self, items: list[tuple[str, bytes]]) -> None:
        """Charts two per row, each titled; a row moves to the next page whole."""
        for i in range(0, len(items), 2):
            pair = items[i:i + 2]
            heights = [CHART_COLUMN * h / w for _, png in pair for w, h in [png_size(png)]]
            self.need(max(heights) + 10)
            top = self.get_y()
            for j, (title, png) in enumerate(pair):
                x = MARGIN + j * (CHART_COLUMN + CHART_GUTTER)
                self.set_xy(x, top)
                self.set_font(FONT, "B", 8.5)
                self.multi_cell(CHART_COLUMN, 4, title, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
                self.image(io.BytesIO(png), x=x, y=top + 9, w=CHART_COLUMN, alt_text=title)
            self.set_y(top + 9 + max(heights) + 4)
        self.set_font(FONT, size=10)


# --- the pages ------------------------------------------------------------------------------

def cover(pdf: ReportPDF) -> None:
    r = pdf.report
    pdf.add_page()
    pdf.ln(18)
    pdf.set_font(FONT, "B", 24)
    pdf.multi_cell(0, 11, r.title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font(FONT, size=13)
    pdf.multi_cell(0, 6.5, f"{r.ambito} · Piano di Zona 2021-2023 · Programma PIPPI (PNRR M5C2 1.1.1) · "
                           "Centro per le Famiglie HUG", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)
    pdf.set_font(FONT, size=10)
    facts = (("Calcolato il", r.computed_at), ("Stato valutato al", r.as_of),
             ("Versione dei dati", f"{r.version} (impronta SHA-256 del contenuto dei file qui sotto)"),
             ("Destinatari", r.audience))
    with pdf.table(col_widths=(40, CONTENT_WIDTH - 40), width=CONTENT_WIDTH, first_row_as_headings=False,
                   borders_layout="NONE", line_height=5.5, text_align="LEFT", padding=(0.8, 0)) as table:
        for label, value in facts:
            line = table.row()
            line.cell(label, style=FontFace(emphasis="BOLD"))
            line.cell(value)
    pdf.ln(6)
    pdf.heading("Dati usati", size=11, level=None)
    pdf.set_font(FONT, size=8)
    pdf.set_draw_color(*RULE)
    with pdf.table(col_widths=(42, 80, 20, 20, 18), width=CONTENT_WIDTH, **pdf.table_style()) as table:
        table.row(("File", "Contenuto", "Righe valide", "Righe scartate", "Stato"))
        for d in r.datasets:
            table.row((d.filename, d.title, d.valid, d.rejected, d.state))
    pdf.ln(5)
    legend(pdf)


def legend(pdf: ReportPDF) -> None:
    pdf.heading("Come leggere lo stato", size=11, level=None)
    pdf.set_font(FONT, size=8.5)
    explanations = {
        "on_track": "il valore raggiunge il target (o la quota dovuta al tempo trascorso)",
        "at_risk": "almeno il 90% del target; per un aumento rispetto all'anno base, valore pari alla base",
        "off_track": "sotto il 90% del target, o sotto l'anno base",
        "no_data": "nessun valore per l'indicatore nei dati caricati",
    }
    with pdf.table(col_widths=(32, CONTENT_WIDTH - 32), width=CONTENT_WIDTH, first_row_as_headings=False,
                   borders_layout="NONE", line_height=4.5, text_align="LEFT", padding=(0.8, 1.2)) as table:
        for s in STATUSES:
            line = table.row()
            line.cell(status_text(s), style=FontFace(fill_color=tint(STATUS_COLOURS[s]), emphasis="BOLD"))
            line.cell(explanations[s])
    pdf.set_font(FONT, size=10)


def summary(pdf: ReportPDF) -> None:
    r = pdf.report
    pdf.add_page()
    pdf.heading("Sintesi")
    pdf.paragraph(r.summary_sentence, size=11, space=4)
    box = (CONTENT_WIDTH - 3 * 4) / 4
    top = pdf.get_y()
    for i, s in enumerate(STATUSES):
        x = MARGIN + i * (box + 4)
        pdf.set_fill_color(*tint(STATUS_COLOURS[s], 0.35))
        pdf.set_draw_color(*_rgb(STATUS_COLOURS[s]))
        pdf.rect(x, top, box, 24, style="DF")
        pdf.set_xy(x, top + 3)
        pdf.set_font(FONT, "B", 20)
        pdf.cell(box, 9, str(r.counts[s]), align="C")
        pdf.set_xy(x, top + 14)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(box, 6, status_text(s), align="C")
    pdf.set_y(top + 30)
    pdf.paragraph("Indicatori con target, periodo più recente con dati, per l'intero Ambito: le stesse "
                  "cifre della pagina «Panoramica» del cruscotto.", size=8.5, colour=MUTED, space=4)

    pdf.heading("Per area", size=12, level=None)
    pdf.set_font(FONT, size=8.5)
    pdf.set_draw_color(*RULE)
    widths = (CONTENT_WIDTH - 4 * 20, 20, 20, 20, 20)
    with pdf.table(col_widths=widths, width=CONTENT_WIDTH, **pdf.table_style()) as table:
        table.row(("Area", *(status_text(s) for s in STATUSES)))
        for a in r.area_lines:
            line = table.row()
            line.cell(a.title)
            for s in STATUSES:
                n = a.counts[s]
                line.cell(str(n), align="CENTER",
                          style=FontFace(fill_color=tint(STATUS_COLOURS[s])) if n else None)
    pdf.ln(4)
    if r.attention:
        pdf.need(30)
        pdf.heading("Indicatori fuori target", size=12, level=None)
        pdf.indicator_table(r.attention)


def section(pdf: ReportPDF, s: Section, pngs: Mapping[str, bytes]) -> None:
    if s.key in PIANO_AREE and pdf.page_no() > 2:
        pdf.need(SECTION_ROOM)
    else:
        pdf.add_page()
    if pdf.get_y() > pdf.t_margin + 12:
        pdf.ln(6)
    pdf.heading(s.title)
    if not s.rows and not any(o.breakdowns for o in s.objectives):
        pdf.paragraph("Nessun indicatore di quest'area nel catalogo del cruscotto.", colour=MUTED)
    for o in s.objectives:
        pdf.need(OBJECTIVE_ROOM)
        pdf.heading(o.title, size=11, level=1, space=1)
        pdf.paragraph(o.summary, size=9, colour=MUTED)
        if o.measured:
            pdf.indicator_table(o.measured)
        if o.unmeasured:
            pdf.unmeasured(o.unmeasured)
        for b in o.breakdowns:
            pdf.breakdown_table(b)
        items = [(f.title, pngs[f.id]) for f in o.figures if f.id in pngs]
        if items:
            pdf.charts(items)
        pdf.ln(2)


def semester(pdf: ReportPDF, sem: SemesterSummary | None, pngs: Mapping[str, bytes]) -> None:
    pdf.add_page()
    pdf.heading("Rendicontazione semestrale ad ATS – Centro per le Famiglie HUG")
    if sem is None:
        pdf.paragraph("Nessun dato semestrale del Centro per le Famiglie nei dati caricati.", colour=MUTED)
        return
    pdf.paragraph(f"Semestre: {sem.label}. Confronto con il {sem.previous_label}.", size=10)
    if sem.note:
        pdf.paragraph(sem.note, size=9, colour=MUTED)
    pdf.set_font(FONT, size=8.5)
    pdf.set_draw_color(*RULE)
    with pdf.table(col_widths=(86, 28, 36, 30), width=CONTENT_WIDTH, **pdf.table_style()) as table:
        table.row(("Indicatore", "Semestre", "Semestre precedente", "Stato"))
        for line in sem.lines:
            row = table.row()
            row.cell(line.name)
            row.cell(line.value)
            row.cell(line.previous)
            pdf.status_cell(row, line.status_text, line.status)
    pdf.ln(4)
    if sem.ats:
        ats_table(pdf, sem.ats)
    for b in sem.breakdowns:
        png = pngs.get(f"breakdown:{b.id}")
        height = BREAKDOWN_WIDTH * png_size(png)[1] / png_size(png)[0] if png else 0
        # With the register's table above, a breakdown's figures are already printed: chart only.
        lines = 0 if sem.ats else len(b.lines)
        pdf.need(BREAKDOWN_TITLE_ROOM + LINE_ROOM * lines + height)
        if sem.ats:
            pdf.heading(f"{b.title} – {b.period}", size=8.5, level=None, space=1)
        else:
            pdf.breakdown_table(b)
        if png:
            pdf.ln(2)
            pdf.image(io.BytesIO(png), x=MARGIN, w=BREAKDOWN_WIDTH, alt_text=b.title)
        pdf.ln(4)


def ats_table(pdf: ReportPDF, ats: AtsTable) -> None:
    """Accesses by point and kind, families and opening hours, one column per point and the total last.

    Transposed (points as columns) so that the long names of the kinds need not fit narrow headings.
    """
    pdf.need(BREAKDOWN_TITLE_ROOM + LINE_ROOM * (len(ats.headings) + 3))
    pdf.heading("Accessi per punto e per tipo, famiglie e ore di apertura", size=10.5, level=1, space=1)
    pdf.set_font(FONT, size=7.5)
    pdf.set_draw_color(*RULE)
    first = 34
    others = (CONTENT_WIDTH - first) / len(ats.rows)
    total = len(ats.rows)  # the total column is the last
    style = pdf.table_style() | {"headings_style": FontFace(emphasis="BOLD", fill_color=HEADING_FILL, size_pt=6.5)}
    with pdf.table(col_widths=(first, *[others] * len(ats.rows)), width=CONTENT_WIDTH, **style) as table:
        table.row(["", *(r[0] for r in ats.rows)])
        for k, heading in enumerate(ats.headings[1:], start=1):
            line = table.row()
            line.cell(heading)
            for j, r in enumerate(ats.rows, start=1):
                line.cell(r[k], align="RIGHT", style=FontFace(emphasis="BOLD") if j == total else None)
    pdf.paragraph("Famiglie: codici famiglia distinti; nel totale una famiglia che usa più punti conta una volta.",
                  size=8, colour=MUTED, space=4)
    pdf.set_font(FONT, size=10)


def notes(pdf: ReportPDF) -> None:
    pdf.need(40)
    pdf.ln(4)
    pdf.heading("Note", size=12)
    for n in pdf.report.notes:
        pdf.paragraph(f"• {n}", size=9)


def render(report: Report, pngs: Mapping[str, bytes], progress: Progress | None = None) -> bytes:
    """The PDF as bytes. ``pngs``: chart images by figure id ('breakdown:<id>' for semester breakdowns)."""
    say = progress or (lambda _msg: None)
    pdf = ReportPDF(report)
    say("Copertina e sintesi")
    cover(pdf)
    summary(pdf)
    for s in report.sections:
        say(s.title)
        section(pdf, s, pngs)
    say("Rendicontazione semestrale")
    semester(pdf, report.semester, pngs)
    notes(pdf)
    return bytes(pdf.output())

