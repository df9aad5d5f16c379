"""Lay the report's content out as an A4 PDF with fpdf2; every figure comes from content.py as text.

Fonts: a subset of DejaVu Sans shipped in report/fonts (accents, €, ≥, ✔ ▲ ✖), so a fresh
clone prints the same document without any system font.
"""

from __future__ import annotations

import importlib
import sys
import threading
from pathlib import Path
from typing import Callable


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

from indicators.status import BASELINE, CONTEXT, STATUS_COLOURS, STATUS_EXPLAINED, STATUSES  # noqa: E402
from report import charts as drawn  # noqa: E402
from report.titles import PIANO_AREE  # noqa: E402
from access.suppression import STATUS_WITHHELD  # noqa: E402
from report.content import CONTEXT_TEXT, Breakdown, Figure, Objective, Report, Row, Section, status_text  # noqa: E402
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
# indicator, period, value, target, gap, status (mm): «€ 29.580.029» and «2016-2019» fit one line.
ROW_COLUMNS = (54, 19, 25, 38, 20, 24)
# A breakdown with more lines than this is printed in two side-by-side halves.
BREAKDOWN_SPLIT = 6
BREAKDOWN_NAME_WIDTH = 90  # mm
VALUE_WIDTH = 20
STATUS_WIDTH = 26
HALF_GAP = 4
BREAKDOWN_TITLE_ROOM = 14  # mm
LINE_ROOM = 6.5  # mm per table line
OBJECTIVE_ROOM = 42  # mm: heading, summary, table heading and two rows stay together
LEGEND_ROOM = 62  # mm: the status legend stays on one page
ROW_HEADINGS = ("Indicatore", "Periodo", "Valore", "Target", "Scarto", "Stato")

Progress = Callable[[str], None]
PLAN_HEADING = "Cosa dice il piano"
NOTES_HEADING = "Note"


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def tint(hex_colour: str, share: float = TINT) -> tuple[int, int, int]:
    """The colour mixed with white: ``share`` of colour, the rest white."""
    return tuple(round(255 - share * (255 - c)) for c in _rgb(hex_colour))


class ReportPDF(FPDF):
    def __init__(self, report: Report):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report = report
        self._widths: dict[tuple, float] = {}
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
        # Which version this is goes on every page: a page printed or forwarded alone still says it.
        self.set_y(-MARGIN)
        self.set_font(FONT, "B", 7.5)
        self.set_text_color(*MUTED)
        self.cell(self.get_string_width(self.report.edition) + 0.5, 5, self.report.edition, align="L")
        self.set_font(FONT, size=7.5)
        said = self.report.version_text or f"versione dei dati {self.report.version}"
        # The time of computing is on the cover; the footer keeps what identifies the page.
        self.cell(0, 5, f" · {said}", align="L")
        self.set_x(MARGIN)
        self.cell(0, 5, f"Pagina {self.page_no()} di {{nb}}", align="R")
        self.set_text_color(*INK)

    # --- building blocks ------------------------------------------------------------------

    # --- fast text ------------------------------------------------------------------------
    # fpdf2's multi_cell (and its tables, built on it) measures a line again for every character
    # it adds: laying out the report's ~1,000 table cells and paragraphs took most of its build
    # time. These helpers wrap by whole words, each word measured once per font and size, and
    # write each line as one plain text run.

    def word_width(self, word: str) -> float:
        key = (self.font_family, self.font_style, self.font_size_pt, word)
        w = self._widths.get(key)
        if w is None:
            w = self._widths[key] = self.get_string_width(word)
        return w

    def wrap(self, text: str, width: float) -> list[str]:
        """``text`` cut into lines no wider than ``width`` mm in the current font, at spaces (a word
        wider than a line is cut where it must)."""
        space = self.word_width(" ")
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line, used = "", 0.0
            for word in paragraph.split(" "):
                w = self.word_width(word)
                if line and used + space + w > width:
                    lines.append(line)
                    line, used = "", 0.0
                while w > width and len(word) > 1:
                    cut = len(word) - 1
                    while cut > 1 and self.word_width(word[:cut]) > width:
                        cut -= 1
                    # Rather after a hyphen or slash that fits ("2023-" / "2026") than mid-number.
                    soft = max(word.rfind("-", 0, cut), word.rfind("/", 0, cut))
                    cut = soft + 1 if soft > 0 else cut
                    lines.append(word[:cut])
                    word = word[cut:]
                    w = self.word_width(word)
                line, used = (f"{line} {word}", used + space + w) if line else (word, w)
            lines.append(line)
        return lines

    def lines_at(self, x: float, y: float, lines: list[str], line_h: float) -> None:
        """Each line's top at ``y``, ``y + line_h`` …, starting at ``x``."""
        for i, line in enumerate(lines):
            if line:
                self.text(x, y + i * line_h + line_h * 0.78, line)

    def heading(self, text: str, size: float = 15, level: int | None = 0, space: float = 2) -> None:
        if level is not None:
            self.start_section(text, level=level)
        self.set_font(FONT, "B", size)
        self.flow(text, size * 0.5)
        self.ln(space)
        self.set_font(FONT, size=10)

    def flow(self, text: str, line_h: float, width: float | None = None) -> None:
        """``text`` wrapped to ``width`` (default: the text width) from the current position, breaking
        the page where a line would not fit."""
        x = self.get_x()
        for line in self.wrap(text, width or (self.w - self.r_margin - x)):
            self.need(line_h)
            self.lines_at(x, self.get_y(), [line], line_h)
            self.set_xy(x, self.get_y() + line_h)
        self.set_x(self.l_margin)

    def paragraph(self, text: str, size: float = 10, colour=INK, space: float = 2) -> None:
        self.set_font(FONT, size=size)
        self.set_text_color(*colour)
        self.set_x(self.l_margin)
        self.flow(text, size * 0.48)
        self.set_text_color(*INK)
        self.ln(space)

    def grid(self, widths: list[float], rows: list[list[str]], heading: list[str] | None = None,
             fills: list[list[tuple | None]] | None = None, size: float = 8, line_h: float = 4.2,
             pad: tuple[float, float] = (1.0, 1.2), bold_cols: frozenset[int] = frozenset(),
             right_cols: frozenset[int] = frozenset(), heading_size: float | None = None) -> None:
        """A table with horizontal rules: cells wrapped by ``wrap``, a row never split across pages,
        the heading row repeated on a new page; ``fills[i][j]`` a cell's background colour."""
        v, h = pad
        left = self.l_margin

        def measure(cells: list[str], bold: bool, font_size: float) -> tuple[list[list[str]], float]:
            wrapped = []
            for j, (text, w) in enumerate(zip(cells, widths)):
                self.set_font(FONT, "B" if bold or j in bold_cols else "", font_size)
                wrapped.append(self.wrap(text, w - 2 * h) if text else [])
            return wrapped, max([len(c) for c in wrapped] + [1]) * line_h + 2 * v

        def draw(cells: list[str], bold: bool, fill: list | None, font_size: float) -> None:
            wrapped, height = measure(cells, bold, font_size)
            top, x = self.get_y(), left
            for j, (lines, w) in enumerate(zip(wrapped, widths)):
                colour = HEADING_FILL if bold else (fill[j] if fill else None)
                if colour:
                    self.set_fill_color(*colour)
                    self.rect(x, top, w, height, style="F")
                self.set_font(FONT, "B" if bold or j in bold_cols else "", font_size)
                y0 = top + (height - len(lines) * line_h) / 2
                if j in right_cols:
                    for i, line in enumerate(lines):
                        self.text(x + w - h - self.word_width(line), y0 + i * line_h + line_h * 0.78, line)
                else:
                    self.lines_at(x + h, y0, lines, line_h)
                x += w
            self.set_draw_color(*RULE)
            self.line(left, top + height, left + sum(widths), top + height)
            self.set_y(top + height)

        head_size = heading_size or size
        head_h = measure(heading, True, head_size)[1] if heading else 0
        if heading:
            self.need(head_h + line_h + 2 * v)
            draw(heading, True, None, head_size)
        for i, cells in enumerate(rows):
            height = measure(cells, False, size)[1]
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()
                if heading:
                    draw(heading, True, None, head_size)
            draw(cells, False, fills[i] if fills else None, size)
        self.set_font(FONT, size=10)

    def need(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    @staticmethod
    def status_fill(text: str, status: str | None) -> tuple[int, int, int] | None:
        """A status cell's tint; none for a context figure or a withheld status."""
        judged = status in STATUS_COLOURS and text != CONTEXT_TEXT and text != STATUS_WITHHELD
        return tint(STATUS_COLOURS[status]) if judged else None

    def indicator_table(self, rows: list[Row]) -> None:
        self.grid(list(ROW_COLUMNS), [[r.name, r.period, r.value, r.target, r.gap, r.status_text] for r in rows],
                  heading=list(ROW_HEADINGS),
                  fills=[[None] * 5 + [self.status_fill(r.status_text, r.status)] for r in rows])
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
        self.flow(f"{b.title} – {b.period}", 4.2)
        self.ln(1)
        rows = (len(b.lines) + halves - 1) // halves
        heading = ["", "Valore"] + (["Stato"] if b.judged else [])
        cells, fills = [], []
        for i in range(rows):
            line: list[str] = []
            fill: list = []
            for half in range(halves):
                if half == 1:
                    line.append("")
                    fill.append(None)
                k = i + half * rows
                if k >= len(b.lines):
                    line += [""] * per_entry
                    fill += [None] * per_entry
                    continue
                item = b.lines[k]
                line += [item.sub_unit, item.value] + ([item.status_text] if b.judged else [])
                fill += [None, None] + ([self.status_fill(item.status_text, item.status)] if b.judged else [])
            cells.append(line)
            fills.append(fill)
        self.grid(widths, cells, heading=heading + ([""] + heading if halves == 2 else []), fills=fills, size=7.5)
        self.ln(3)

    def charts(self, figures: list[Figure]) -> None:
        """Charts two per row, each titled; a row moves to the next page whole."""
        for i in range(0, len(figures), 2):
            pair = figures[i:i + 2]
            self.need(drawn.TREND_HEIGHT + 10)
            top = self.get_y()
            for j, fig in enumerate(pair):
                x = MARGIN + j * (CHART_COLUMN + CHART_GUTTER)
                self.set_xy(x, top)
                self.set_font(FONT, "B", 8.5)
                self.lines_at(x, top, self.wrap(fig.title, CHART_COLUMN)[:2], 4)
                drawn.draw_trend(self, fig, x, top + 9, CHART_COLUMN)
            self.set_y(top + 9 + drawn.TREND_HEIGHT + 4)
        self.set_font(FONT, size=10)

    def plan_sentences(self, o: Objective) -> None:
        """The plan's own words for what the objective's indicators measure, quoted."""
        self._small_block(PLAN_HEADING, [f"«{sentence}»" for sentence in o.plan_sentences], 14)

    def objective_notes(self, o: Objective) -> None:
        """The plan's inconsistencies and the engine's notes (small N, partial data)."""
        self._small_block(NOTES_HEADING, [f"• {note}" for note in o.notes], 12)

    def _small_block(self, heading: str, lines: list[str], room: float) -> None:
        if not lines:
            return
        self.need(room)
        self.set_font(FONT, "B", 8)
        self.cell(0, 4.5, heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for line in lines:
            self.paragraph(line, size=7.5, colour=MUTED, space=0.6)
        self.ln(1.4)


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
    pdf.grid([42, 80, 20, 20, 18], [[d.filename, d.title, d.valid, d.rejected, d.state] for d in r.datasets],
             heading=["File", "Contenuto", "Righe valide", "Righe scartate", "Stato"])
    pdf.ln(5)
    legend(pdf)


def legend(pdf: ReportPDF) -> None:
    """The statuses as indicators/status.py assigns them, the neutral ones too."""
    pdf.need(LEGEND_ROOM)
    pdf.heading("Come leggere lo stato", size=11, level=None)
    explanations = STATUS_EXPLAINED
    keys = [k for k in (*STATUSES, BASELINE, CONTEXT) if k in STATUS_COLOURS]
    pdf.grid([32, CONTENT_WIDTH - 32], [[status_text(k), explanations[k]] for k in keys], size=8.5, line_h=4.2,
             pad=(0.8, 1.2), bold_cols=frozenset({0}), fills=[[tint(STATUS_COLOURS[k]), None] for k in keys])
    pdf.paragraph(f"«{STATUS_WITHHELD}»: lo stato di un valore nascosto per riservatezza, o confrontato con un "
                  "anno base nascosto, non è mostrato perché lo farebbe ricavare.", size=8.5, colour=MUTED)


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
    widths = [CONTENT_WIDTH - 4 * 20, 20, 20, 20, 20]
    pdf.grid(widths, [[a.title, *(str(a.counts[s]) for s in STATUSES)] for a in r.area_lines],
             heading=["Area", *(status_text(s) for s in STATUSES)], size=8.5,
             fills=[[None, *(tint(STATUS_COLOURS[s]) if a.counts[s] else None for s in STATUSES)]
                    for a in r.area_lines], right_cols=frozenset(range(1, 5)))
    pdf.ln(4)
    if r.attention:
        pdf.need(30)
        pdf.heading("Indicatori fuori target", size=12, level=None)
        pdf.indicator_table(r.attention)


def section(pdf: ReportPDF, s: Section) -> None:
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
        pdf.plan_sentences(o)
        if o.measured:
            pdf.indicator_table(o.measured)
        if o.unmeasured:
            pdf.unmeasured(o.unmeasured)
        pdf.objective_notes(o)
        for b in o.breakdowns:
            pdf.breakdown_table(b)
        if o.figures:
            pdf.charts(o.figures)
        pdf.ln(2)


def semester(pdf: ReportPDF, sem: SemesterSummary | None) -> None:
    pdf.add_page()
    pdf.heading("Rendicontazione semestrale ad ATS – Centro per le Famiglie HUG")
    if sem is None:
        pdf.paragraph("Nessun dato semestrale del Centro per le Famiglie nei dati caricati.", colour=MUTED)
        return
    pdf.paragraph(f"Semestre: {sem.label}. Confronto con il {sem.previous_label}.", size=10)
    if sem.note:
        pdf.paragraph(sem.note, size=9, colour=MUTED)
    pdf.grid([86, 28, 36, 30], [[x.name, x.value, x.previous, x.status_text] for x in sem.lines],
             heading=["Indicatore", "Semestre", "Semestre precedente", "Stato"], size=8.5,
             fills=[[None, None, None, pdf.status_fill(x.status_text, x.status)] for x in sem.lines])
    pdf.ln(4)
    if sem.ats:
        ats_table(pdf, sem.ats)
    for b in sem.breakdowns:
        height = drawn.breakdown_height(b)
        # With the register's table above, a breakdown's figures are already printed: chart only.
        lines = 0 if sem.ats else len(b.lines)
        pdf.need(BREAKDOWN_TITLE_ROOM + LINE_ROOM * lines + height)
        if sem.ats:
            pdf.heading(f"{b.title} – {b.period}", size=8.5, level=None, space=1)
        else:
            pdf.breakdown_table(b)
        pdf.ln(2)
        top = pdf.get_y()
        drawn.draw_breakdown(pdf, b, MARGIN, top, BREAKDOWN_WIDTH)
        pdf.set_y(top + height)
        pdf.set_font(FONT, size=10)
        pdf.ln(4)


def ats_table(pdf: ReportPDF, ats: AtsTable) -> None:
    """Accesses by point and kind, families and opening hours, one column per point and the total last.

    Transposed (points as columns) so that the long names of the kinds need not fit narrow headings.
    """
    pdf.need(BREAKDOWN_TITLE_ROOM + LINE_ROOM * (len(ats.headings) + 3))
    pdf.heading("Accessi per punto e per tipo, famiglie e ore di apertura", size=10.5, level=1, space=1)
    first = 34
    others = (CONTENT_WIDTH - first) / len(ats.rows)
    total = len(ats.rows)  # the total column is the last
    pdf.grid([first, *[others] * len(ats.rows)],
             [[heading, *(r[k] for r in ats.rows)] for k, heading in enumerate(ats.headings[1:], start=1)],
             heading=["", *(r[0] for r in ats.rows)], size=7.5, heading_size=6.5,
             bold_cols=frozenset({total}), right_cols=frozenset(range(1, total + 1)))
    pdf.paragraph("Famiglie: codici famiglia distinti; nel totale una famiglia che usa più punti conta una volta.",
                  size=8, colour=MUTED, space=4)
    pdf.set_font(FONT, size=10)


def notes(pdf: ReportPDF) -> None:
    pdf.need(40)
    pdf.ln(4)
    pdf.heading("Note", size=12)
    for n in pdf.report.notes:
        pdf.paragraph(f"• {n}", size=9)


def render(report: Report, progress: Callable[[float, str], None] | None = None) -> bytes:
    """The PDF as bytes; ``progress(share done 0..1, what)`` is told as each section is laid out."""
    say = progress or (lambda _share, _msg: None)
    steps = len(report.sections) + 3
    pdf = ReportPDF(report)
    say(0.0, "Copertina e sintesi")
    cover(pdf)
    summary(pdf)
    for i, s in enumerate(report.sections, start=1):
        say(i / steps, s.title)
        section(pdf, s)
    say((steps - 2) / steps, "Rendicontazione semestrale")
    semester(pdf, report.semester)
    notes(pdf)
    return bytes(pdf.output())

