//! Ruled tables that break across pages and repeat their header on every page — the control
//! slip (Mẫu 06) grows one row per hand-over and the logbook (Mẫu 07) has hundreds of rows.

use super::text::{self, Align};
use super::{Layout, Op, Role};
use crate::fonts::Style;

/// A header cell in a grid of header rows (supports the grouped header of the logbook).
#[derive(Clone, Debug)]
pub(crate) struct HeaderCell {
    pub text: String,
    pub col: usize,
    pub colspan: usize,
    pub row: usize,
    pub rowspan: usize,
}

impl HeaderCell {
    pub(crate) fn simple(col: usize, text: &str, rowspan: usize) -> HeaderCell {
        HeaderCell {
            text: text.to_owned(),
            col,
            colspan: 1,
            row: 0,
            rowspan,
        }
    }
}

pub(crate) struct Table {
    /// Column widths as shares of the table width.
    pub widths: Vec<f32>,
    pub aligns: Vec<Align>,
    pub header: Vec<HeaderCell>,
    pub header_rows: usize,
    pub size: f32,
    pub header_size: f32,
}

const PAD: f32 = 3.0;
const LINE_W: f32 = 0.5;

impl Table {
    fn xs(&self, l: &Layout) -> Vec<f32> {
        let total: f32 = self.widths.iter().sum();
        let mut xs = vec![l.left()];
        for w in &self.widths {
            let last = *xs.last().expect("non-empty");
            xs.push(last + w / total * l.text_width());
        }
        xs
    }

    fn leading(size: f32) -> f32 {
        size * 1.25
    }

    fn cell_lines(&self, text: &str, style: Style, size: f32, width: f32) -> Vec<text::Line> {
        text::wrap(&[(style, text)], size, (width - 2.0 * PAD).max(4.0), 0.0)
    }

    /// Draws the header rows; on continuation pages (`tagged` false) they are artifacts, so a
    /// screen reader reads the header once.
    fn draw_header(&self, l: &mut Layout, xs: &[f32], tagged: bool) {
        let lead = Self::leading(self.header_size);
        // Height of each header row: the tallest single-row cell in it.
        let mut row_h = vec![lead + 2.0 * PAD; self.header_rows];
        for c in self.header.iter().filter(|c| c.rowspan == 1) {
            let w = xs[c.col + c.colspan] - xs[c.col];
            let n = self
                .cell_lines(&c.text, Style::Bold, self.header_size, w)
                .len();
            row_h[c.row] = row_h[c.row].max(n as f32 * lead + 2.0 * PAD);
        }
        for c in self.header.iter().filter(|c| c.rowspan > 1) {
            let w = xs[c.col + c.colspan] - xs[c.col];
            let n = self
                .cell_lines(&c.text, Style::Bold, self.header_size, w)
                .len();
            let need = n as f32 * lead + 2.0 * PAD;
            let have: f32 = row_h[c.row..c.row + c.rowspan].iter().sum();
            if need > have {
                row_h[c.row + c.rowspan - 1] += need - have;
            }
        }
        let top = l.y;
        let mut segs = Vec::new();
        let mut cells: Vec<&HeaderCell> = self.header.iter().collect();
        cells.sort_by_key(|c| (c.row, c.col));
        let mut row = usize::MAX;
        for c in cells {
            if tagged && c.row != row {
                if row != usize::MAX {
                    l.close();
                }
                l.open(Role::Tr);
                row = c.row;
            }
            if tagged {
                l.begin(Role::Th);
            } else {
                l.begin_artifact();
            }
            let x0 = xs[c.col];
            let x1 = xs[c.col + c.colspan];
            let y0 = top + row_h[..c.row].iter().sum::<f32>();
            let y1 = y0 + row_h[c.row..c.row + c.rowspan].iter().sum::<f32>();
            let lines = self.cell_lines(&c.text, Style::Bold, self.header_size, x1 - x0);
            let block = lines.len() as f32 * lead;
            let mut y = y0 + (y1 - y0 - block) / 2.0;
            for line in &lines {
                let b = y + text::baseline(self.header_size, lead);
                text::draw_line(
                    l,
                    line,
                    x0 + PAD,
                    b,
                    x1 - x0 - 2.0 * PAD,
                    self.header_size,
                    Align::Centre,
                );
                y += lead;
            }
            segs.extend(rect(x0, y0, x1, y1));
        }
        if tagged && row != usize::MAX {
            l.close();
        }
        l.push(Op::Lines(segs, LINE_W));
        l.y = top + row_h.iter().sum::<f32>();
    }

    fn header_height(&self, l: &Layout, xs: &[f32]) -> f32 {
        // Cheap upper bound used only to decide page breaks before the first row.
        let lead = Self::leading(self.header_size);
        let mut max_lines = 1;
        for c in &self.header {
            let w = xs[c.col + c.colspan] - xs[c.col];
            max_lines = max_lines.max(
                self.cell_lines(&c.text, Style::Bold, self.header_size, w)
                    .len(),
            );
        }
        let _ = l;
        (max_lines as f32 * lead + 2.0 * PAD) * self.header_rows as f32
    }

    /// Draws the header and all rows, starting new pages (with the header again) as needed.
    pub(crate) fn draw(&self, l: &mut Layout, rows: &[Vec<String>]) {
        let xs = self.xs(l);
        let lead = Self::leading(self.size);
        let first_row_h = rows
            .first()
            .map(|r| self.row_layout(r, &xs).0)
            .unwrap_or(0.0);
        l.ensure(self.header_height(l, &xs) + first_row_h);
        l.open(Role::Table);
        self.draw_header(l, &xs, true);
        for row in rows {
            let (h, cells) = self.row_layout(row, &xs);
            if h > l.remaining() {
                l.new_page();
                self.draw_header(l, &xs, false);
            }
            let top = l.y;
            l.open(Role::Tr);
            for (i, lines) in cells.iter().enumerate() {
                l.begin(Role::Td);
                let mut y = top + PAD;
                for line in lines {
                    let b = y + text::baseline(self.size, lead);
                    text::draw_line(
                        l,
                        line,
                        xs[i] + PAD,
                        b,
                        xs[i + 1] - xs[i] - 2.0 * PAD,
                        self.size,
                        self.aligns.get(i).copied().unwrap_or(Align::Left),
                    );
                    y += lead;
                }
            }
            let mut segs = vec![(xs[0], top + h, xs[xs.len() - 1], top + h)];
            for &x in &xs {
                segs.push((x, top, x, top + h));
            }
            l.push(Op::Lines(segs, LINE_W));
            l.close();
            l.y = top + h;
        }
        l.close();
    }

    fn row_layout(&self, row: &[String], xs: &[f32]) -> (f32, Vec<Vec<text::Line>>) {
        let lead = Self::leading(self.size);
        let cells: Vec<Vec<text::Line>> = (0..self.widths.len())
            .map(|i| {
                let t = row.get(i).map(String::as_str).unwrap_or("");
                if t.is_empty() {
                    Vec::new()
                } else {
                    self.cell_lines(t, Style::Regular, self.size, xs[i + 1] - xs[i])
                }
            })
            .collect();
        let n = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        (n as f32 * lead + 2.0 * PAD, cells)
    }
}

fn rect(x0: f32, y0: f32, x1: f32, y1: f32) -> [(f32, f32, f32, f32); 4] {
    [
        (x0, y0, x1, y0),
        (x1, y0, x1, y1),
        (x0, y1, x1, y1),
        (x0, y0, x0, y1),
    ]
}
