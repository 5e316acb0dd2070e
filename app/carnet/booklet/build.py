"""``carnet booklet``: an event's drawings as a print-ready PDF.

```
cover            event, dates, place, the cover drawing
contents         the sections and their pages
programme        the sessions, day by day
per session      a title page (time, room, speakers), then each drawing on its own page,
                 as large as the page allows, with its title, caption and credits
other drawings   those of no session
index            speakers and illustrators, with their pages
colophon         licences, where the digital archive lives, fonts, Carnet's version
```

The same archive and options give the same bytes: nothing comes from the clock (the PDF's
date is the catalog's last change) nor from the order of a directory listing.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from fpdf.enums import PageMode, PageOrientation
from fpdf.outline import OutlineSection

from carnet import carnet_version
from carnet.booklet.document import BookletPDF
from carnet.booklet.images import PrintImage, fit, prepare, print_edge, upright_size
from carnet.booklet.texts import BookletTexts
from carnet.booklet.typography import one_line, printable, typeset
from carnet.catalog.archive import Archive
from carnet.errors import Cancelled, CarnetError, ExportFailed
from carnet.fsutil import atomic_writer
from carnet.kit.model import KitData, KitItem, KitSession, load_kit_data, local_time
from carnet.kit.pages import credit_line
from carnet.messages import Text, message_of
from carnet.resources import resource_path

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
RGB = tuple[int, int, int]

#: Paper sizes in millimetres (portrait) and their margins.
PAPERS: dict[str, tuple[float, float, float]] = {
    "A4": (210.0, 297.0, 18.0),
    "A5": (148.0, 210.0, 13.0),
    "letter": (215.9, 279.4, 18.0),
}
FONT_FILES = {
    ("body", ""): "AtkinsonHyperlegible-Regular.ttf",
    ("body", "B"): "AtkinsonHyperlegible-Bold.ttf",
    ("fallback", ""): "DejaVuSans.ttf",
}
PT = 25.4 / 72  # millimetres per point


@dataclass(frozen=True)
class Style:
    """Type sizes (points), colours and proportions of one edition."""

    body: float
    small: float
    title: float
    heading: float
    cover: float
    ink: RGB
    soft: RGB
    leading: float = 1.35
    #: The largest share of the page the text under a drawing may take.
    text_share: float = 0.38

    def line(self, size: float) -> float:
        return size * PT * self.leading


STANDARD = Style(body=10.5, small=9, title=14, heading=22, cover=30, ink=(20, 20, 20),
                 soft=(70, 70, 70))  # fmt: skip
# Low vision: type half as large again and more, black on white only, more room for text.
LARGE_PRINT = Style(body=16, small=14, title=21, heading=28, cover=36, ink=(0, 0, 0),
                    soft=(0, 0, 0), leading=1.4, text_share=0.5)  # fmt: skip


@dataclass
class BookletOptions:
    language: str | None = None  # None: the event's language
    paper: str = "A4"
    sessions: Sequence[int] = ()  # only these sessions (ids as `carnet programme show`)
    items: Sequence[int] = ()  # only these drawings (a selection in the window)
    include_unpublished: bool = False
    large_print: bool = False
    #: The drawing on the cover; None: the event's cover, else the first drawing of the
    #: first session.
    cover_item: int | None = None
    #: Where the digital archive can be seen (a web address), for the colophon.
    archive_url: str | None = None


@dataclass
class PlacedDrawing:
    """Where a drawing went, for the tests and the summary: page, box (mm) and pixels."""

    item_id: int
    page: int
    box: tuple[float, float, float, float]  # x, y, width, height
    pixels: tuple[int, int]


@dataclass
class BookletSummary:
    out: Path
    language: str
    paper: str
    pages: int = 0
    drawings: int = 0
    sessions: int = 0
    bytes: int = 0
    placed: list[PlacedDrawing] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def printable_area(
    paper: str, large_print: bool = False, landscape: bool = False
) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1 in mm from the top left) that drawings and text stay in;
    page numbers go in the bottom margin below it."""
    width, height, margin = PAPERS[paper]
    if landscape:
        width, height = height, width
    return margin, margin, width - margin, height - margin - _footer_room(paper, large_print)


def _footer_room(paper: str, large_print: bool) -> float:
    return 8.0 if large_print else 6.0


def make_booklet(
    archive: Archive,
    slug: str,
    out: Path,
    options: BookletOptions | None = None,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> BookletSummary:
    """Write the booklet of the event ``slug`` to ``out`` (a PDF; see the module docstring).

    Published drawings only, unless ``include_unpublished``. Raises ``ExportFailed`` for a
    bad option, an empty selection or a file that cannot be written (``out`` is then left
    as it was), and ``Cancelled`` when ``cancel`` is set.
    """
    options = options or BookletOptions()
    out = Path(out)
    if options.paper not in PAPERS:
        raise ExportFailed(
            Text("unknown paper size {paper!r}: use A4, A5 or letter", paper=options.paper)
        )
    _check_out(archive, out)
    kit = load_kit_data(archive.db, slug, include_unpublished=options.include_unpublished)
    language = options.language or kit.event.language
    if language not in ("fr", "en"):
        raise ExportFailed(
            Text("unknown booklet language {language!r}: use fr or en", language=language)
        )
    sessions, items = _select(kit, options)
    cover = _cover_item(kit, items, options.cover_item)
    summary = BookletSummary(out=out, language=language, paper=options.paper)
    summary.drawings, summary.sessions = len(items), len(sessions)
    total = len(items) + 1

    def check() -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled(Text("booklet cancelled; nothing was written"))

    def step(done: int) -> None:
        check()
        if progress is not None:
            progress(done, total)

    with tempfile.TemporaryDirectory(prefix="carnet-booklet-") as scratch:
        writer = _Writer(archive, kit, options, language, Path(scratch), summary)
        writer.pdf.before_image = check
        writer.build(sessions, items, cover, step)
        step(len(items))
        try:
            with atomic_writer(out) as handle:
                writer.pdf.write_to(handle)
                summary.bytes = handle.tell()
        except OSError as exc:
            raise ExportFailed(
                Text("cannot write {path}: {error}", path=str(out), error=exc.strerror or str(exc))
            ) from exc
    summary.pages = writer.pdf.pages_count
    if progress is not None:
        progress(total, total)
    return summary


def _check_out(archive: Archive, out: Path) -> None:
    root = archive.root.resolve()
    target = out.resolve()
    if target == root or target.is_relative_to(root):
        raise ExportFailed(
            Text("{path}: the booklet cannot be written inside the archive", path=str(out))
        )
    if out.is_dir():
        raise ExportFailed(
            Text("{path} is a folder: give the booklet a file name, such as booklet.pdf",
                 path=str(out))
        )  # fmt: skip


def _select(kit: KitData, options: BookletOptions) -> tuple[list[KitSession], list[KitItem]]:
    """The sessions and drawings the booklet holds, in programme order."""
    sessions = list(kit.sessions)
    items = list(kit.items)
    if options.sessions:
        known = {s.id: s for s in kit.sessions}
        for sid in options.sessions:
            if sid not in known:
                raise ExportFailed(
                    Text(
                        "session {id} is not a session of {event}: see carnet programme show",
                        id=sid,
                        event=kit.event.slug,
                    )
                )
        chosen = set(options.sessions)
        sessions = [s for s in sessions if s.id in chosen]
        items = [k for k in items if k.session is not None and k.session.id in chosen]
    if options.items:
        known_items = {k.id for k in items}
        for iid in options.items:
            if iid not in known_items:
                raise ExportFailed(
                    Text(
                        "drawing {id} is not among the drawings of this booklet "
                        "(another event, not published, or in the trash)",
                        id=iid,
                    )
                )
        chosen_items = set(options.items)
        items = [k for k in items if k.id in chosen_items]
        with_items = {k.session.id for k in items if k.session is not None}
        sessions = [s for s in sessions if s.id in with_items]
    if not items:
        raise ExportFailed(
            Text(
                "the booklet would have no drawing: publish drawings of {event}, choose other "
                "sessions, or include unpublished drawings",
                event=kit.event.slug,
            )
        )
    # Programme order: by session, then drawings of no session; within a session, its
    # order (the kit's: its cover, then hand-set, then by capture time).
    order = {s.id: n for n, s in enumerate(kit.sessions)}
    place = {k.id: n for s in kit.sessions for n, k in enumerate(s.items)}
    items.sort(key=lambda k: (order[k.session.id], place[k.id]) if k.session else (len(order), 0))
    return sessions, items


def _cover_item(kit: KitData, items: list[KitItem], cover_id: int | None) -> KitItem:
    """The cover drawing: the one asked for when it is in the booklet, else the event's
    cover (chosen in the window or by ``carnet event cover``) when it is, else the first."""
    if cover_id is not None:
        for k in items:
            if k.id == cover_id:
                return k
        log.info("cover drawing %s is not in the booklet; the first drawing is used", cover_id)
    elif kit.cover is not None and kit.cover in items:
        return kit.cover
    return items[0]


class _Writer:
    """Lays the pages out, in order, on one ``BookletPDF``."""

    def __init__(
        self,
        archive: Archive,
        kit: KitData,
        options: BookletOptions,
        language: str,
        scratch: Path,
        summary: BookletSummary,
    ) -> None:
        self.archive = archive
        self.kit = kit
        self.options = options
        self.language = language
        self.scratch = scratch
        self.summary = summary
        self.texts = BookletTexts(language)
        self.style = LARGE_PRINT if options.large_print else STANDARD
        width, height, margin = PAPERS[options.paper]
        self.areas = {
            "P": printable_area(options.paper, options.large_print),
            "L": printable_area(options.paper, options.large_print, landscape=True),
        }
        if options.paper == "A5" and not options.large_print:
            s = self.style
            self.style = Style(body=s.body * 0.9, small=s.small * 0.9, title=s.title * 0.85,
                               heading=s.heading * 0.8, cover=s.cover * 0.8, ink=s.ink,
                               soft=s.soft)  # fmt: skip
        self.pdf = BookletPDF(
            orientation="portrait",
            unit="mm",
            format=(width, height),
            file_id=_identity(kit, options, language),
        )
        pdf = self.pdf
        for (family, style), name in FONT_FILES.items():
            pdf.add_font(family, style, str(resource_path("fonts", name)))
        pdf.set_fallback_fonts(["fallback"], exact_match=False)
        self.drawable = frozenset(
            code for key in ("body", "fallback") for code in getattr(pdf.fonts[key], "cmap", {})
        )
        pdf.set_text_shaping(True)
        pdf.set_margins(margin, margin, margin)
        pdf.set_auto_page_break(True, margin=height - self.areas["P"][3])
        pdf.c_margin = 0
        pdf.set_lang(language)
        pdf.page_mode = PageMode.USE_OUTLINES
        pdf.set_display_mode("fullpage")
        changed = kit.last_change or "1970-01-01"
        pdf.set_creation_date(datetime.fromisoformat(changed).replace(tzinfo=UTC))
        pdf.set_creator(f"Carnet {carnet_version()}")
        event = kit.event.name
        pdf.set_title(self.t("booklet_title", event=event))
        names = [p.name for p in kit.illustrators]
        if names:
            pdf.set_author(one_line(", ".join(names), 300))
        pdf.set_subject(self.t("subtitle"))
        pdf.footer_text = f"{one_line(event, 60)} · " + self.t("page", n="{n}")
        pdf.footer_style = ("body", self.style.small, self.style.soft)
        self.person_pages: dict[tuple[str, str], set[int]] = {}

    # ------------------------------------------------------------------ text helpers

    def t(self, key: str, **values: object) -> str:
        return typeset(self.texts(key, **values), self.language)

    def clean(self, text: str | None) -> str:
        return typeset(printable(text, self.drawable), self.language)

    @property
    def area(self) -> tuple[float, float, float, float]:
        """The printable area of the current page (portrait or landscape)."""
        return self.areas["L" if self.pdf.cur_orientation == PageOrientation.LANDSCAPE else "P"]

    @property
    def width(self) -> float:
        return self.area[2] - self.area[0]

    def font(self, size: float, bold: bool = False, colour: RGB | None = None) -> None:
        self.pdf.set_font("body", "B" if bold else "", size)
        self.pdf.set_text_color(*(colour or self.style.ink))

    def para(
        self,
        text: str,
        size: float,
        *,
        bold: bool = False,
        colour: RGB | None = None,
        width: float = 0,
        after: float = 0,
        link: int | None = None,
        dry: bool = False,
    ) -> float:
        """Write ``text`` (already cleaned) as a left-aligned paragraph; its height."""
        if not text:
            return 0.0
        self.font(size, bold, colour)
        if dry:
            height = self.pdf.multi_cell(
                width or self.width, self.style.line(size), text, align="L",
                dry_run=True, output="HEIGHT",
            )  # fmt: skip
            return cast(float, height) + after
        y = self.pdf.y
        self.pdf.multi_cell(
            width or self.width, self.style.line(size), text, align="L",
            new_x="LMARGIN", new_y="NEXT", link=link if link is not None else "",
        )  # fmt: skip
        self.pdf.ln(after)
        return self.pdf.y - y

    def heading(self, text: str, level: int = 0) -> None:
        """A section's title, written and bookmarked."""
        self.pdf.start_section(one_line(text, 120), level=level)
        self.para(text, self.style.heading, bold=True, after=self.style.line(self.style.body))

    # ------------------------------------------------------------------ the document

    def build(
        self,
        sessions: list[KitSession],
        items: list[KitItem],
        cover: KitItem,
        step: Callable[[int], None],
    ) -> None:
        step(0)
        self.cover(cover)
        by_session: dict[int | None, list[KitItem]] = {}
        for k in items:
            by_session.setdefault(k.session.id if k.session else None, []).append(k)
        shown = [s for s in sessions if s.id in by_session or self.options.sessions]
        entries = [self.t("programme")] + [self.session_title(s) for s in shown]
        if None in by_session:
            entries.append(self.t("other_drawings"))
        entries += [self.t("index"), self.t("colophon")]
        self.contents(entries)
        self.programme(sessions)
        done = 0
        for s in shown:
            self.session_page(s, len(by_session.get(s.id, [])))
            for k in by_session.get(s.id, []):
                self.drawing_page(k)
                done += 1
                step(done)
        if None in by_session:
            self.pdf.add_page()
            self.heading(self.t("other_drawings"))
            count = len(by_session[None])
            self.para(self.texts.plural("drawings", count), self.style.body, colour=self.style.soft)
            for k in by_session[None]:
                self.drawing_page(k)
                done += 1
                step(done)
        self.index()
        self.colophon(items)

    def cover(self, k: KitItem) -> None:
        pdf, style = self.pdf, self.style
        pdf.add_page()
        event = self.kit.event
        self.para(self.t("subtitle"), style.title, colour=style.soft,
                  after=style.line(style.body) * 0.5)  # fmt: skip
        self.para(self.clean(event.name), style.cover, bold=True,
                  after=style.line(style.body) * 0.5)  # fmt: skip
        when = self.texts.date_range(event.start_date, event.end_date)
        line = " · ".join(x for x in (when, self.clean(event.place)) if x)
        self.para(typeset(line, self.language), style.title)
        if self.options.large_print:
            self.para(self.t("large_print"), style.body, bold=True)
        top = pdf.y + style.line(style.body)
        self.place(k, (self.area[0], top, self.width, self.area[3] - top), outline=False)

    def contents(self, entries: list[str]) -> None:
        """The contents pages: their number is measured now, their page numbers written at
        the end (fpdf2's table-of-contents placeholder)."""
        pdf, style = self.pdf, self.style
        pdf.add_page()
        number_width = style.body * PT * 5
        gap = style.line(style.body) * 0.4
        available = self.area[3] - self.area[1]
        used = self.para(self.t("contents"), style.heading, bold=True, dry=True)
        used += style.line(style.body)
        pages = 1
        for entry in entries:
            height = self.para(entry, style.body, width=self.width - number_width, dry=True)
            if used + height > available:
                pages, used = pages + 1, 0.0
            used += height + gap
        title = self.t("contents")
        last_page = pdf.page + pages - 1

        def render(pdf: Any, outline: list[OutlineSection]) -> None:
            pdf.set_xy(self.area[0], self.area[1])
            self.para(title, style.heading, bold=True, after=style.line(style.body))
            for section in outline:
                if section.level != 0 or section.name == title:
                    continue
                name = next((e for e in entries if one_line(e, 120) == section.name), None)
                if name is None:
                    continue
                link = pdf.add_link(page=section.page_number)
                height = self.para(name, style.body, width=self.width - number_width, dry=True)
                if pdf.y + height > self.area[3]:
                    pdf.add_page()
                top = pdf.y
                self.para(name, style.body, width=self.width - number_width, link=link)
                bottom = pdf.y
                self.font(style.body)
                pdf.set_xy(self.area[2] - number_width, bottom - style.line(style.body))
                pdf.cell(number_width, style.line(style.body), str(section.page_number),
                         align="R", link=link)  # fmt: skip
                pdf.set_xy(self.area[0], max(bottom, top) + gap)
            while pdf.page < last_page:
                pdf.add_page()

        pdf.start_section(title, level=0)
        pdf.insert_toc_placeholder(render, pages=pages)

    def programme(self, sessions: list[KitSession]) -> None:
        pdf, style = self.pdf, self.style
        if pdf.y > self.area[1] + 1:
            pdf.add_page()
        self.heading(self.t("programme"))
        time_width = style.body * PT * 9
        text_width = self.width - time_width
        chosen = {s.id for s in sessions}
        for day, tracks in self.kit.days:
            day_sessions = sorted(
                (s for _, group in tracks for s in group if s.id in chosen),
                key=lambda s: (s.session.start, s.title),
            )
            if not day_sessions:
                continue
            day_title = typeset(self.texts.long_date(day).capitalize(), self.language)
            first = self.session_lines(day_sessions[0], text_width, dry=True)
            if pdf.y + style.line(style.title) * 1.6 + first > self.area[3]:
                pdf.add_page()
            self.para(day_title, style.title, bold=True, after=style.line(style.body) * 0.3)
            for s in day_sessions:
                height = self.session_lines(s, text_width, dry=True)
                if pdf.y + height > self.area[3] and height < self.area[3] - self.area[1]:
                    pdf.add_page()
                top = pdf.y
                self.font(style.body, bold=True)
                pdf.set_xy(self.area[0], top)
                pdf.cell(time_width, style.line(style.body), self.hours(s))
                pdf.set_xy(self.area[0] + time_width, top)
                pdf.set_left_margin(self.area[0] + time_width)
                self.session_lines(s, text_width)
                pdf.set_left_margin(self.area[0])
                pdf.set_xy(self.area[0], max(pdf.y, top + style.line(style.body)))
                pdf.ln(style.line(style.body) * 0.4)
            pdf.ln(style.line(style.body) * 0.5)

    def hours(self, s: KitSession) -> str:
        start = local_time(s.session.start, self.kit.event)
        end = local_time(s.session.end, self.kit.event)
        if self.language == "fr":
            return (
                f"{start.hour}\u00a0h\u00a0{start:%M}\u2009–\u2009{end.hour}\u00a0h\u00a0{end:%M}"
            )
        return f"{start:%H:%M}–{end:%H:%M}"

    def session_lines(self, s: KitSession, width: float, dry: bool = False) -> float:
        style = self.style
        height = self.para(self.session_title(s), style.body, bold=True, width=width, dry=dry)
        where = " · ".join(self.clean(x) for x in (s.session.room, s.session.track) if x)
        height += self.para(where, style.small, colour=style.soft, width=width, dry=dry)
        speakers = ", ".join(self.clean(p.name) for p in s.speakers)
        height += self.para(speakers, style.small, colour=style.soft, width=width, dry=dry)
        return height

    def session_page(self, s: KitSession, drawings: int) -> None:
        pdf, style, texts = self.pdf, self.style, self.texts
        pdf.add_page()
        for person in s.speakers:
            self.person_pages.setdefault(("speaker", person.name), set()).add(pdf.page)
        self.para(self.t("session_label"), style.title, colour=style.soft)
        self.heading(self.session_title(s))
        day = typeset(texts.long_date(s.day).capitalize(), self.language)
        self.para(f"{day}, {self.hours(s)}", style.title, after=style.line(style.body) * 0.3)
        for label, value in (("room", s.session.room), ("track", s.session.track)):
            if value and value.strip():
                self.para(f"{self.t(label)}{self.colon()}{self.clean(value)}", style.body)
        if s.speakers:
            names = ", ".join(self.clean(p.name) for p in s.speakers)
            self.para(f"{self.t('speakers')}{self.colon()}{names}", style.body)
        pdf.ln(style.line(style.body))
        self.para(self.clean(s.session.description), style.body,
                  after=style.line(style.body))  # fmt: skip
        if drawings:
            self.para(texts.plural("drawings", drawings), style.body, colour=style.soft)
        else:
            self.para(self.t("no_drawings"), style.body, colour=style.soft)

    def session_title(self, s: KitSession) -> str:
        return self.clean(s.title) or f"{self.t('session_label')} {s.id}"

    def colon(self) -> str:
        return "\u00a0: " if self.language == "fr" else ": "

    # ------------------------------------------------------------------ drawings

    def text_blocks(self, k: KitItem) -> tuple[list[tuple[str, float, bool, RGB]], ...]:
        """The text under a drawing, whole, then shorter forms for when it does not fit:
        each a list of (text, size, bold, colour)."""
        style = self.style
        title = self.clean(k.item.title)
        caption = self.clean(k.item.caption)
        credits = []
        if k.illustrators:
            names = ", ".join(self.clean(p.name) for p in k.illustrators)
            credits.append(self.t("illustrated_by", names=names))
        if k.speakers:
            names = ", ".join(self.clean(p.name) for p in k.speakers)
            credits.append(f"{self.t('speakers')}{self.colon()}{names}")
        licence = k.licence.name if k.licence else self.texts("no_licence")
        credits.append(self.t("licence_line", licence=licence))
        credit = credit_line(k, self.kit, self.texts)
        credits.append(self.t("credit_line", credit=self.clean(credit)))
        if k.item.rights and k.item.rights.strip():
            credits.append(self.t("rights_line", rights=self.clean(k.item.rights)))
        credit_text = "\n".join(credits)
        full = [(title, style.title, True, style.ink), (caption, style.body, False, style.ink),
                (credit_text, style.small, False, style.soft)]  # fmt: skip
        short = [(one_line(title, 140), style.title, True, style.ink),
                 ("\n".join(one_line(c, 160) for c in credits), style.small, False,
                  style.soft)]  # fmt: skip
        least = [(one_line(title or f"#{k.id}", 50), style.title, True, style.ink)]
        return full, short, least

    def block_height(self, block: list[tuple[str, float, bool, RGB]], width: float) -> float:
        gap = self.style.line(self.style.small) * 0.4
        heights = [
            self.para(text, size, bold=bold, width=width, dry=True) for text, size, bold, _ in block
        ]
        return sum(h + gap for h in heights if h)

    def write_block(self, block: list[tuple[str, float, bool, RGB]]) -> None:
        gap = self.style.line(self.style.small) * 0.4
        for text, size, bold, colour in block:
            if text:
                self.para(text, size, bold=bold, colour=colour, after=gap)

    def drawing_layout(
        self, k: KitItem, orientation: str
    ) -> tuple[tuple[float, float], int, float]:
        """For a page in ``orientation``: the printed size of the drawing (mm, zero when it
        cannot be read), which text block goes under it (0 whole, 1 short, 2 least) and
        that block's height."""
        x0, y0, x1, y1 = self.areas[orientation]
        width, height = x1 - x0, y1 - y0
        blocks = self.text_blocks(k)
        choice, text_height = 0, 0.0
        for choice, block in enumerate(blocks):  # noqa: B007 (the last one is kept)
            text_height = self.block_height(block, width)
            if text_height <= height * self.style.text_share:
                break
        original = self.archive.paths.original(k.item.hash, k.extension)
        try:
            upright = upright_size(k.item, original)
        except (CarnetError, OSError):
            return (0.0, 0.0), choice, text_height
        gap = self.style.line(self.style.body) * 0.6
        return fit(upright, (width, max(1.0, height - text_height - gap))), choice, text_height

    def drawing_page(self, k: KitItem) -> None:
        """One drawing on its own page, as large as the page allows: the page is turned
        (landscape) when that prints a wide drawing markedly larger."""
        pdf, style = self.pdf, self.style
        portrait = self.drawing_layout(k, "P")
        landscape = self.drawing_layout(k, "L")
        orientation, (printed, choice, text_height) = "P", portrait
        if _area(landscape[0]) > _area(portrait[0]) * 1.15:
            orientation, (printed, choice, text_height) = "L", landscape
        pdf.add_page(orientation=orientation)
        page = pdf.page
        for person in k.speakers:
            self.person_pages.setdefault(("speaker", person.name), set()).add(page)
        for person in k.illustrators:
            self.person_pages.setdefault(("illustrator", person.name), set()).add(page)
        blocks = self.text_blocks(k)
        gap = style.line(style.body) * 0.6
        area = self.area
        room = area[3] - area[1] - text_height - gap
        # The drawing and its text together, in the middle of the page.
        top = area[1] + max(0.0, (room - printed[1]) / 2) if printed[1] else area[1]
        box = (area[0], top, area[2] - area[0], room - (top - area[1]))
        bottom = self.place(k, box)
        pdf.set_xy(area[0], bottom + gap)
        self.write_block(blocks[choice])
        if choice:
            # The whole text follows on its own page(s): every word of the caption is printed.
            pdf.add_page(orientation="P")
            title = self.clean(k.item.title) or f"#{k.id}"
            self.para(self.t("continued", title=one_line(title, 80)), style.small,
                      colour=style.soft, after=style.line(style.small))  # fmt: skip
            self.write_block(blocks[0])

    def place(
        self, k: KitItem, box: tuple[float, float, float, float], outline: bool = True
    ) -> float:
        """Print the drawing as large as ``box`` allows, centred; the y of its bottom."""
        pdf = self.pdf
        label = one_line(self.clean(k.label), 120) or f"#{k.id}"
        if outline:
            pdf.start_section(label, level=1)
        x, y, width, height = box
        original = self.archive.paths.original(k.item.hash, k.extension)
        image: PrintImage | None = None
        try:
            size = upright_size(k.item, original)
            printed = fit(size, (width, height))
            dest = self.scratch / f"{len(pdf.streamed):05d}.jpg"
            image = prepare(k.item, original, print_edge(size, printed), dest)
        except (CarnetError, OSError) as exc:
            self.summary.problems.append(
                Text("drawing {id}: not printed: {error}", id=k.id, error=message_of(exc))
            )
        if image is None:
            pdf.set_xy(x, y)
            self.para(self.t("image_missing"), self.style.body, colour=self.style.soft)
            return pdf.y
        w, h = fit(image.size, (width, height))
        left, top = x + (width - w) / 2, y
        pdf.place_jpeg(image.path, left, top, w, h, alt_text=k.alt)
        self.summary.placed.append(PlacedDrawing(k.id, pdf.page, (left, top, w, h), image.size))
        return top + h

    # ------------------------------------------------------------------ index and colophon

    def index(self) -> None:
        pdf, style = self.pdf, self.style
        pdf.add_page()
        self.heading(self.t("index"))
        for role, key in (("speaker", "index_speakers"), ("illustrator", "index_illustrators")):
            names = sorted(
                (name for r, name in self.person_pages if r == role),
                key=lambda n: (n.casefold(), n),
            )
            if not names:
                continue
            self.para(self.t(key), style.title, bold=True, after=style.line(style.body) * 0.3)
            for name in names:
                pages = _page_ranges(sorted(self.person_pages[(role, name)]))
                line = f"{self.clean(name)}, {pages}"
                self.para(line, style.body, after=style.line(style.body) * 0.15)
            pdf.ln(style.line(style.body))

    def colophon(self, items: list[KitItem]) -> None:
        pdf, style, texts = self.pdf, self.style, self.texts
        pdf.add_page()
        self.heading(self.t("colophon"))
        event = self.kit.event
        when = texts.date_range(event.start_date, event.end_date)
        intro = self.t(
            "colophon_intro",
            drawings=texts.plural("drawings", len(items)),
            event=self.clean(event.name),
            when=f", {when}" if when else "",
            where=f", {self.clean(event.place)}" if event.place else "",
        )
        self.para(intro, style.body, after=style.line(style.body))
        self.para(self.t("colophon_licences"), style.title, bold=True)
        counts: dict[str, int] = {}
        urls: dict[str, str] = {}
        unlicensed = 0
        for k in items:
            if k.licence is None:
                unlicensed += 1
                continue
            counts[k.licence.name] = counts.get(k.licence.name, 0) + 1
            if k.licence.url:
                urls[k.licence.name] = k.licence.url
        for name in sorted(counts):
            line = self.t("colophon_licence_count", licence=name,
                          drawings=texts.plural("drawings", counts[name]))  # fmt: skip
            self.para(line + (f"\n{urls[name]}" if name in urls else ""), style.body,
                      after=style.line(style.body) * 0.3)  # fmt: skip
        if unlicensed:
            self.para(self.t("colophon_no_licence", drawings=texts.plural("drawings", unlicensed)),
                      style.body)  # fmt: skip
        pdf.ln(style.line(style.body))
        self.para(self.t("colophon_archive"), style.title, bold=True)
        if self.options.archive_url:
            text = self.t("colophon_archive_url", url=self.options.archive_url.strip())
        else:
            text = self.t("colophon_archive_kept", name=self.archive.root.name)
        self.para(self.clean(text), style.body, after=style.line(style.body))
        made = self.kit.last_change
        date = texts.short_date(datetime.fromisoformat(made).date()) if made else "—"
        self.para(self.t("colophon_made", version=carnet_version(), date=date), style.small,
                  colour=style.soft)  # fmt: skip
        self.para(self.t("colophon_fonts"), style.small, colour=style.soft)


def _area(size: tuple[float, float]) -> float:
    return size[0] * size[1]


def _page_ranges(pages: Iterable[int]) -> str:
    """``3, 5–7, 12``: runs of three pages or more as ranges."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{run[0]}–{run[-1]}")
        else:
            parts.extend(str(p) for p in run)
    return ", ".join(parts)


def _identity(kit: KitData, options: BookletOptions, language: str) -> str:
    """What the booklet is made of, as text: the source of the PDF's fixed identifier."""
    digest = hashlib.sha256()
    for part in (
        kit.event.slug,
        str(kit.change_seq),
        kit.last_change,
        language,
        repr(sorted(vars(options).items())),
        carnet_version(),
    ):
        digest.update(part.encode("utf-8") + b"\0")
    for k in kit.items:
        digest.update(f"{k.id}:{k.item.hash}:{k.item.corrections.digest()}\0".encode())
    return digest.hexdigest()
