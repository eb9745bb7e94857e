//! A small page-layout engine: forms are laid out into a display list (one `Vec<Op>` per page),
//! then written with krilla. Laying out first lets tables break across pages and lets us print
//! page numbers, which krilla's borrow-per-page API would otherwise make awkward.

pub(crate) mod decree30;
pub(crate) mod table;
pub(crate) mod text;

use krilla::Document;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime as PdfDateTime, Metadata};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::tagging::{
    ArtifactType, ContentTag, Identifier, SpanTag, TableHeaderScope, Tag, TagGroup, TagKind,
    TagTree,
};
use krilla::text::KrillaGlyph;
use std::num::NonZeroU16;

use crate::DocError;
use crate::fonts::{self, Style};

/// Millimetres to PDF points.
pub(crate) const MM: f32 = 72.0 / 25.4;

/// A4 in points (ISO 216); Decree 30/2020 Phụ lục I requires A4 (210 × 297 mm).
pub(crate) const A4: (f32, f32) = (210.0 * MM, 297.0 * MM);

/// One drawing operation. Coordinates: origin top-left, y down (krilla's convention),
/// text `y` is the baseline.
#[derive(Clone, Debug)]
pub(crate) enum Op {
    Text {
        x: f32,
        y: f32,
        style: Style,
        size: f32,
        text: String,
        /// Extra advance per space, in em (justification).
        extra_space: f32,
        /// Structure node the text belongs to (set by `Layout::push`), or `ARTIFACT`.
        block: usize,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    /// Several straight segments stroked as one path (table rules).
    Lines(Vec<(f32, f32, f32, f32)>, f32),
    /// Filled black rectangles (QR modules), drawn as one path; the usize is the structure
    /// node (a Figure with alt text).
    Rects(Vec<(f32, f32, f32, f32)>, usize),
}

/// Content outside the logical structure (rules, page numbers, repeated table headers).
pub(crate) const ARTIFACT: usize = usize::MAX;

/// Roles of the structure tree. Tagged PDF lets screen readers read the forms in order and
/// announce headings and table cells — citizens receive these PDFs (ND 118/2025 art. 22).
#[derive(Clone, Debug)]
pub(crate) enum Role {
    Document,
    H1,
    P,
    Table,
    Tr,
    Th,
    Td,
    Figure(String),
}

#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub role: Role,
    pub children: Vec<usize>,
}

/// Page margins in points.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Margins {
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    pub left: f32,
}

impl Margins {
    /// Decree 30/2020 Phụ lục I, khoản 4: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
    pub(crate) const DECREE_30: Margins = Margins {
        top: 20.0 * MM,
        right: 15.0 * MM,
        bottom: 20.0 * MM,
        left: 30.0 * MM,
    };
}

/// The layout state: finished pages, the current page and a vertical cursor.
pub(crate) struct Layout {
    pub width: f32,
    pub height: f32,
    pub margins: Margins,
    pages: Vec<Vec<Op>>,
    /// Top of the free space on the current page.
    pub y: f32,
    /// Print page numbers from page 2 on (Decree 30: centred in the top margin, none on page 1).
    pub page_numbers: bool,
    /// A box floated at the right margin (the QR code on Mẫu 01): paragraphs that start above
    /// `.0` are narrowed by `.1` points.
    pub float_right: Option<(f32, f32)>,
    /// Write a structure tree (tagged PDF). Off for the logbook: its hundreds of cells would
    /// make the file five times larger, and its CSV is the accessible form of that register.
    pub tagged: bool,
    title: String,
    nodes: Vec<Node>,
    containers: Vec<usize>,
    current: usize,
}

impl Layout {
    pub(crate) fn new(size: (f32, f32), margins: Margins, title: &str) -> Layout {
        Layout {
            width: size.0,
            height: size.1,
            margins,
            pages: vec![Vec::new()],
            y: margins.top,
            page_numbers: true,
            float_right: None,
            tagged: true,
            title: title.to_owned(),
            nodes: vec![Node {
                role: Role::Document,
                children: Vec::new(),
            }],
            containers: vec![0],
            current: ARTIFACT,
        }
    }

    fn add_node(&mut self, role: Role) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node {
            role,
            children: Vec::new(),
        });
        let parent = *self.containers.last().expect("root");
        self.nodes[parent].children.push(id);
        id
    }

    /// Starts a leaf structure element (paragraph, heading, cell, figure): following content
    /// belongs to it.
    pub(crate) fn begin(&mut self, role: Role) {
        self.current = self.add_node(role);
    }

    /// Following content is an artifact (not read out).
    pub(crate) fn begin_artifact(&mut self) {
        self.current = ARTIFACT;
    }

    /// Opens a container (table, row); `close` ends it.
    pub(crate) fn open(&mut self, role: Role) {
        let id = self.add_node(role);
        self.containers.push(id);
        self.current = ARTIFACT;
    }

    pub(crate) fn close(&mut self) {
        if self.containers.len() > 1 {
            self.containers.pop();
        }
        self.current = ARTIFACT;
    }

    pub(crate) fn left(&self) -> f32 {
        self.margins.left
    }

    pub(crate) fn right(&self) -> f32 {
        self.width - self.margins.right
    }

    pub(crate) fn text_width(&self) -> f32 {
        self.right() - self.left()
    }

    pub(crate) fn bottom(&self) -> f32 {
        self.height - self.margins.bottom
    }

    /// Space left on the current page.
    pub(crate) fn remaining(&self) -> f32 {
        self.bottom() - self.y
    }

    pub(crate) fn new_page(&mut self) {
        self.float_right = None;
        self.pages.push(Vec::new());
        self.y = self.margins.top;
    }

    /// Starts a new page unless `height` still fits.
    pub(crate) fn ensure(&mut self, height: f32) {
        if self.remaining() < height && self.y > self.margins.top + 0.5 {
            self.new_page();
        }
    }

    pub(crate) fn push(&mut self, mut op: Op) {
        match &mut op {
            Op::Text { block, .. } | Op::Rects(_, block) => *block = self.current,
            _ => {}
        }
        self.pages.last_mut().expect("one page").push(op);
    }

    pub(crate) fn text(&mut self, x: f32, y: f32, style: Style, size: f32, text: &str) {
        if text.is_empty() {
            return;
        }
        self.push(Op::Text {
            x,
            y,
            style,
            size,
            text: text.to_owned(),
            extra_space: 0.0,
            block: ARTIFACT,
        });
    }

    /// Text centred on `cx`.
    pub(crate) fn text_centred(&mut self, cx: f32, y: f32, style: Style, size: f32, text: &str) {
        let w = fonts::width(style, size, text);
        self.text(cx - w / 2.0, y, style, size, text);
    }

    pub(crate) fn text_right(&mut self, right: f32, y: f32, style: Style, size: f32, text: &str) {
        let w = fonts::width(style, size, text);
        self.text(right - w, y, style, size, text);
    }

    pub(crate) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.push(Op::Line {
            x1,
            y1,
            x2,
            y2,
            width,
        });
    }

    /// Writes the display list as a PDF.
    pub(crate) fn finish(
        mut self,
        created: Option<jiff::civil::DateTime>,
    ) -> Result<Vec<u8>, DocError> {
        let total = self.pages.len();
        if self.page_numbers && total > 1 {
            let cx = (self.left() + self.right()) / 2.0;
            let y = self.margins.top * 0.6;
            for (i, page) in self.pages.iter_mut().enumerate().skip(1) {
                let n = (i + 1).to_string();
                let w = fonts::width(Style::Regular, 12.0, &n);
                page.push(Op::Text {
                    x: cx - w / 2.0,
                    y,
                    style: Style::Regular,
                    size: 12.0,
                    text: n,
                    extra_space: 0.0,
                    block: ARTIFACT,
                });
            }
        }
        let nodes = if self.tagged { &self.nodes[..] } else { &[] };
        write_pdf(
            self.width,
            self.height,
            &self.pages,
            nodes,
            &self.title,
            created,
        )
    }
}

fn settings(tagged: bool) -> krilla::SerializeSettings {
    krilla::SerializeSettings {
        enable_tagging: tagged,
        // XMP duplicates the Info dictionary; skipping it saves ~1.5 KB per document.
        xmp_metadata: false,
        ..Default::default()
    }
}

pub(crate) fn metadata(title: &str, created: Option<jiff::civil::DateTime>) -> Metadata {
    let mut m = Metadata::new()
        .title(title.to_owned())
        .language("vi".into())
        .creator("motcua".into())
        .producer("motcua-docs (krilla)".into());
    if let Some(dt) = created {
        // Vietnam civil time is UTC+7 with no DST since 1975 (ARCHITECTURE.md, "Time").
        let d = PdfDateTime::new(dt.year() as u16)
            .month(dt.month() as u8)
            .day(dt.day() as u8)
            .hour(dt.hour() as u8)
            .minute(dt.minute() as u8)
            .second(dt.second() as u8)
            .utc_offset_hour(7)
            .utc_offset_minute(0);
        m = m.creation_date(d);
    }
    m
}

fn write_pdf(
    width: f32,
    height: f32,
    pages: &[Vec<Op>],
    nodes: &[Node],
    title: &str,
    created: Option<jiff::civil::DateTime>,
) -> Result<Vec<u8>, DocError> {
    let tagged = !nodes.is_empty();
    let mut doc = Document::new_with(settings(tagged));
    doc.set_metadata(metadata(title, created));
    let mut ids: Vec<Vec<Identifier>> = vec![Vec::new(); nodes.len()];
    for ops in pages {
        let mut page = doc.start_page_with(PageSettings::new(width, height));
        let mut surface = page.surface();
        for op in ops {
            if !tagged {
                draw(&mut surface, op);
                continue;
            }
            let block = match op {
                Op::Text { block, .. } | Op::Rects(_, block) => *block,
                _ => ARTIFACT,
            };
            if block == ARTIFACT || block >= nodes.len() {
                surface.start_tagged(ContentTag::Artifact(ArtifactType::Other));
            } else {
                let tag = match op {
                    Op::Text { .. } => ContentTag::Span(SpanTag::empty()),
                    _ => ContentTag::Other,
                };
                ids[block].push(surface.start_tagged(tag));
            }
            draw(&mut surface, op);
            surface.end_tagged();
        }
        surface.finish();
        page.finish();
    }
    if tagged {
        let mut tree = TagTree::new();
        for &child in &nodes[0].children {
            if let Some(g) = group(nodes, &mut ids, child) {
                tree.push(g);
            }
        }
        doc.set_tag_tree(tree);
    }
    doc.finish().map_err(DocError::render)
}

fn group(nodes: &[Node], ids: &mut [Vec<Identifier>], n: usize) -> Option<TagGroup> {
    let kind: TagKind = match &nodes[n].role {
        Role::Document | Role::P => Tag::P.into(),
        Role::H1 => Tag::Hn(NonZeroU16::MIN, None).into(),
        Role::Table => Tag::Table.into(),
        Role::Tr => Tag::TR.into(),
        Role::Th => Tag::TH(TableHeaderScope::Column).into(),
        Role::Td => Tag::TD.into(),
        Role::Figure(alt) => Tag::Figure(Some(alt.clone())).into(),
    };
    let mut g = TagGroup::new(kind);
    let mut empty = true;
    for id in std::mem::take(&mut ids[n]) {
        g.push(id);
        empty = false;
    }
    for &c in &nodes[n].children {
        if let Some(child) = group(nodes, ids, c) {
            g.push(child);
            empty = false;
        }
    }
    // Empty cells still matter for table geometry; empty paragraphs do not.
    let keep = !empty || matches!(nodes[n].role, Role::Td | Role::Th);
    keep.then_some(g)
}

fn draw(surface: &mut krilla::surface::Surface<'_>, op: &Op) {
    match op {
        Op::Text {
            x,
            y,
            style,
            size,
            text,
            extra_space,
            ..
        } => {
            let glyphs: Vec<KrillaGlyph> = fonts::shape(*style, text, *extra_space);
            surface.set_fill(Some(Fill::default()));
            surface.set_stroke(None);
            surface.draw_glyphs(
                Point::from_xy(*x, *y),
                &glyphs,
                fonts::pdf_font(*style),
                text,
                *size,
                false,
            );
        }
        Op::Line {
            x1,
            y1,
            x2,
            y2,
            width,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x1, *y1);
            pb.line_to(*x2, *y2);
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    width: *width,
                    ..Default::default()
                }));
                surface.draw_path(&path);
            }
        }
        Op::Lines(segs, width) => {
            let mut pb = PathBuilder::new();
            for &(x1, y1, x2, y2) in segs {
                pb.move_to(x1, y1);
                pb.line_to(x2, y2);
            }
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    width: *width,
                    ..Default::default()
                }));
                surface.draw_path(&path);
            }
        }
        Op::Rects(rects, _) => {
            let mut pb = PathBuilder::new();
            for &(x, y, w, h) in rects {
                if let Some(r) = Rect::from_xywh(x, y, w, h) {
                    pb.push_rect(r);
                }
            }
            if let Some(path) = pb.finish() {
                surface.set_stroke(None);
                surface.set_fill(Some(Fill::default()));
                surface.draw_path(&path);
            }
        }
    }
}
