// The few layout pieces every document shares, over pdfkit: A4 pages set in the CJK font, the company's
// letterhead, headings, paragraphs, tables that break across pages with their header repeated, the payment QR
// code, signature blocks, and each page's footer (generated time, page i of n) written once the page count is known.
import zlib from "node:zlib";
import PDFDocument from "pdfkit";
import { cjkFontOrThrow, sharedLayoutCache } from "./cjk-font.ts";
import type { DocumentLang } from "./document-format.ts";
import { LABELS, type Labels } from "./document-text.ts";
import { type QrMatrix, qrMatrix } from "./payment-qr.ts";

export type Pdf = { doc: PDFKit.PDFDocument; lang: DocumentLang; t: Labels; finish: () => Promise<Buffer> };
export type Letterhead = {
  name: string;
  address?: string | undefined;
  phone?: string | undefined;
  taxId?: string | undefined;
};
export type Column = { header: string; width: number; align?: "left" | "right" | "center" };

const MARGIN = { top: 48, bottom: 64, left: 50, right: 50 };
const INK = "#1f2328";
const MUTED = "#57606a";
const RULE = "#d0d7de";
const FILL = "#f3f4f6";
const BODY = 9.5;
const DEFLATE_LEVEL = 1;

export function openPdf(input: { title: string; lang: DocumentLang; now: Date; author: string }): Pdf {
  // pdfkit takes a parsed fontkit font as it is (its types only list names, files and buffers).
  const { parsed } = cjkFontOrThrow();
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true,
    // Set in the CJK font from the start (pdfkit would otherwise parse Helvetica's metrics for every document).
    font: parsed as unknown as string,
    lang: input.lang === "zh" ? "zh-CN" : "en",
    // The creation date is the document's own clock, so the same data on the same date gives the same file.
    info: { Title: input.title, Author: input.author, Creator: "Huikuan", CreationDate: input.now },
  });
  // Words laid out by earlier documents are not laid out again (pdfkit keeps its cache on the document's font).
  const embedded = (doc as unknown as { _font?: { layoutCache?: Record<string, unknown> } })._font;
  if (embedded?.layoutCache) embedded.layoutCache = sharedLayoutCache(parsed);
  doc.fontSize(BODY).fillColor(INK);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  return {
    doc,
    lang: input.lang,
    t: LABELS[input.lang],
    finish: () => {
      // pdfkit compresses every stream (pages, the font subset) while it ends the document, synchronously, at
      // zlib's default level; a faster level costs a few per cent in size and saves a sixth of the document's time.
      const deflate = zlib.deflateSync;
      zlib.deflateSync = (data: zlib.InputType, options?: zlib.ZlibOptions) =>
        deflate(data, { level: DEFLATE_LEVEL, ...options });
      try {
        doc.end();
      } finally {
        zlib.deflateSync = deflate;
      }
      return ended;
    },
  };
}

export const contentWidth = (doc: PDFKit.PDFDocument) => doc.page.width - MARGIN.left - MARGIN.right;
const bottom = (doc: PDFKit.PDFDocument) => doc.page.height - MARGIN.bottom;

/** Starts a new page unless `height` points still fit on this one. */
export function ensureSpace(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

/** A faux bold (fill and a thin stroke): the CJK font has one weight. */
function strong(doc: PDFKit.PDFDocument, text: string, options: PDFKit.Mixins.TextOptions = {}): void {
  doc.save().lineWidth(0.35).strokeColor(INK);
  doc.text(text, { ...options, fill: true, stroke: true });
  doc.restore();
}

export function letterhead(pdf: Pdf, company: Letterhead): void {
  const { doc, t } = pdf;
  doc.x = MARGIN.left;
  doc.fontSize(15).fillColor(INK);
  strong(doc, company.name);
  const details = [
    company.address ? `${t.address}: ${company.address}` : null,
    company.phone ? `${t.phone}: ${company.phone}` : null,
    company.taxId ? `${t.taxId}: ${company.taxId}` : null,
  ].filter((l): l is string => l !== null);
  doc.fontSize(8.5).fillColor(MUTED);
  if (details.length) doc.text(details.join("   "));
  doc.moveDown(0.3);
  const y = doc.y;
  doc
    .moveTo(MARGIN.left, y)
    .lineTo(doc.page.width - MARGIN.right, y)
    .lineWidth(1)
    .strokeColor(INK)
    .stroke();
  doc.y = y + 10;
  doc.fontSize(BODY).fillColor(INK);
}

export function title(pdf: Pdf, text: string, sub?: string): void {
  const { doc } = pdf;
  doc.x = MARGIN.left;
  doc.fontSize(17).fillColor(INK);
  strong(doc, text, { align: "center", width: contentWidth(doc) });
  if (sub)
    doc
      .fontSize(9)
      .fillColor(MUTED)
      .text(sub, { align: "center", width: contentWidth(doc) });
  doc.moveDown(0.6).fontSize(BODY).fillColor(INK);
}

/** What a heading takes above what follows it. */
const HEADING_HEIGHT = 30;

export function heading(pdf: Pdf, text: string): void {
  const { doc } = pdf;
  ensureSpace(doc, 48);
  doc.x = MARGIN.left;
  doc.moveDown(0.5).fontSize(11.5).fillColor(INK);
  strong(doc, text);
  doc.moveDown(0.25).fontSize(BODY);
}

export function paragraph(pdf: Pdf, text: string, options: { indent?: boolean; muted?: boolean } = {}): void {
  const { doc } = pdf;
  ensureSpace(doc, 24);
  doc.x = MARGIN.left;
  doc
    .fontSize(BODY + 0.5)
    .fillColor(options.muted ? MUTED : INK)
    .text(text, {
      width: contentWidth(doc),
      lineGap: 3,
      indent: options.indent && pdf.lang === "zh" ? (BODY + 0.5) * 2 : 0,
      align: "left",
    });
  doc.moveDown(0.4).fontSize(BODY).fillColor(INK);
}

/** Label: value lines in two columns when `pairs` is long. */
export function fields(pdf: Pdf, pairs: readonly [string, string][], columns = 1): void {
  const { doc } = pdf;
  const width = contentWidth(doc) / columns;
  const rows = Math.ceil(pairs.length / columns);
  ensureSpace(doc, rows * 15);
  const top = doc.y;
  let lowest = top;
  pairs.forEach(([label, value], i) => {
    const col = Math.floor(i / rows);
    const row = i % rows;
    const x = MARGIN.left + col * width;
    const y = row === 0 ? top : doc.y;
    doc.fillColor(MUTED).text(`${label}: `, x, y, { continued: true, width: width - 8 });
    doc.fillColor(INK).text(value);
    lowest = Math.max(lowest, doc.y);
    if (row === rows - 1) doc.y = top;
  });
  doc.x = MARGIN.left;
  doc.y = lowest + 4;
}

/**
 * A table: widths are fractions of the text width; rows break across pages with the header repeated. Rows whose
 * first cell is marked `bold` (the totals) are set in the faux bold.
 */
export function table(pdf: Pdf, columns: readonly Column[], rows: readonly (readonly string[])[], boldRows = 0): void {
  const { doc } = pdf;
  const total = contentWidth(doc);
  const xs: number[] = [];
  let x = MARGIN.left;
  for (const c of columns) {
    xs.push(x);
    x += c.width * total;
  }
  const pad = 3;
  doc.fontSize(BODY - 0.5);
  const widthOf = (i: number) => (columns[i]?.width ?? 0) * total - 2 * pad;
  // Most cells (dates, numbers, short names) fit on one line: measured by their width, which pdfkit keeps per
  // word, instead of a full line-wrapping pass.
  const oneLine = (text: string, i: number) => !text.includes("\n") && doc.widthOfString(text) <= widthOf(i);
  const heightOf = (cells: readonly string[]) =>
    Math.max(
      ...cells.map((text, i) =>
        oneLine(text, i) ? doc.currentLineHeight(true) : doc.heightOfString(text || " ", { width: widthOf(i) }),
      ),
    ) +
    2 * pad;
  const drawRow = (cells: readonly string[], style: "header" | "body" | "bold") => {
    const h = heightOf(cells);
    const y = doc.y;
    if (style === "header") doc.rect(MARGIN.left, y, total, h).fill(FILL);
    cells.forEach((text, i) => {
      const c = columns[i] as Column;
      doc.fillColor(style === "header" ? MUTED : INK);
      const width = widthOf(i);
      const align = c.align ?? "left";
      let left = (xs[i] ?? 0) + pad;
      let options: PDFKit.Mixins.TextOptions = { width, align };
      if (oneLine(text, i)) {
        // Set where it goes, without wrapping it (the same place pdfkit's alignment would give).
        const free = width - doc.widthOfString(text);
        left += align === "right" ? free : align === "center" ? free / 2 : 0;
        options = { lineBreak: false };
      }
      if (style === "bold") {
        doc.x = left;
        doc.y = y + pad;
        strong(doc, text, options);
      } else doc.text(text, left, y + pad, options);
    });
    doc
      .moveTo(MARGIN.left, y + h)
      .lineTo(MARGIN.left + total, y + h)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    doc.x = MARGIN.left;
    doc.y = y + h;
  };
  const header = columns.map((c) => c.header);
  ensureSpace(doc, heightOf(header) + heightOf(rows[0] ?? header));
  drawRow(header, "header");
  rows.forEach((cells, i) => {
    if (doc.y + heightOf(cells) > bottom(doc)) {
      doc.addPage();
      drawRow(header, "header");
    }
    drawRow(cells, i >= rows.length - boldRows ? "bold" : "body");
  });
  doc.moveDown(0.6).fontSize(BODY).fillColor(INK);
}

/** Draws the QR code's dark modules as squares (a 4-module quiet zone around them) at (x, y), `size` points wide. */
export function drawQr(doc: PDFKit.PDFDocument, matrix: QrMatrix, x: number, y: number, size: number): void {
  const cell = size / (matrix.size + 8);
  doc.save().rect(x, y, size, size).fill("#ffffff");
  doc.fillColor("#000000");
  // A run of dark modules in a row is one rectangle: a third of the drawing operators of one square each.
  for (let r = 0; r < matrix.size; r++) {
    for (let c = 0; c < matrix.size; c++) {
      if (!matrix.isDark(r, c)) continue;
      let end = c + 1;
      while (end < matrix.size && matrix.isDark(r, end)) end++;
      doc.rect(x + (c + 4) * cell, y + (r + 4) * cell, (end - c) * cell, cell);
      c = end;
    }
  }
  doc.fill().restore();
}

/** Payment instructions on the left, the QR code (if any) on the right. */
export function paymentBox(pdf: Pdf, lines: readonly [string, string][], note: string, qrPayload: string | null): void {
  const { doc, t } = pdf;
  const qrSize = 96;
  ensureSpace(doc, Math.max(qrSize + 24, lines.length * 15 + 40));
  const top = doc.y;
  const textWidth = contentWidth(doc) - (qrPayload ? qrSize + 16 : 0);
  for (const [label, value] of lines) {
    doc.x = MARGIN.left;
    doc.fillColor(MUTED).text(`${label}: `, { continued: true, width: textWidth });
    doc.fillColor(INK).text(value);
  }
  doc.x = MARGIN.left;
  if (note) doc.moveDown(0.3).fillColor(MUTED).text(note, { width: textWidth });
  let lowest = doc.y;
  if (qrPayload) {
    const qx = doc.page.width - MARGIN.right - qrSize;
    drawQr(doc, qrMatrix(qrPayload), qx, top, qrSize);
    doc
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(t.qrCaption, qx, top + qrSize + 2, { width: qrSize, align: "center" });
    lowest = Math.max(lowest, doc.y);
  }
  doc.x = MARGIN.left;
  doc.y = lowest + 6;
  doc.fontSize(BODY).fillColor(INK);
}

/**
 * A link the reader can scan or type: the QR code on the left with its caption under it, what the link is for beside
 * it, and the link itself in full below (clickable in the PDF too), for those who read the page on paper. Its
 * heading goes with it onto the next page when the box does not fit.
 */
export function linkBox(pdf: Pdf, input: { title: string; url: string; text: string; caption: string }): void {
  const { doc } = pdf;
  const qrSize = 84;
  const gap = 14;
  const width = contentWidth(doc);
  doc.fontSize(8);
  const urlHeight = doc.heightOfString(input.url, { width });
  doc.fontSize(BODY);
  const textHeight = doc.heightOfString(input.text, { width: width - qrSize - gap, lineGap: 2 });
  ensureSpace(doc, Math.max(qrSize + 14, textHeight) + urlHeight + 12 + HEADING_HEIGHT);
  heading(pdf, input.title);
  const top = doc.y;
  drawQr(doc, qrMatrix(input.url), MARGIN.left, top, qrSize);
  doc.fillColor(INK).text(input.text, MARGIN.left + qrSize + gap, top + 6, { width: width - qrSize - gap, lineGap: 2 });
  const besideQr = doc.y;
  doc
    .fontSize(7.5)
    .fillColor(MUTED)
    .text(input.caption, MARGIN.left, top + qrSize + 2, { width: qrSize, align: "center" });
  doc
    .fontSize(8)
    .fillColor(INK)
    .text(input.url, MARGIN.left, Math.max(doc.y, besideQr) + 4, { width, link: input.url });
  doc.x = MARGIN.left;
  doc.y += 6;
  doc.fontSize(BODY).fillColor(INK);
}

/** Side-by-side blocks of lines for signatures and stamps, each line with room to write. */
export function signatureBlocks(pdf: Pdf, blocks: readonly { title: string; lines: readonly string[] }[]): void {
  const { doc } = pdf;
  const gap = 20;
  const width = (contentWidth(doc) - gap * (blocks.length - 1)) / blocks.length;
  const height = 20 + Math.max(...blocks.map((b) => b.lines.length)) * 26;
  ensureSpace(doc, height);
  const top = doc.y;
  blocks.forEach((b, i) => {
    const x = MARGIN.left + i * (width + gap);
    doc.fontSize(BODY + 0.5).fillColor(INK);
    doc.x = x;
    doc.y = top;
    strong(doc, b.title, { width });
    let y = doc.y + 6;
    for (const line of b.lines) {
      doc.fillColor(MUTED).text(line, x, y, { width });
      doc
        .moveTo(x, y + 18)
        .lineTo(x + width, y + 18)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
      y += 26;
    }
  });
  doc.x = MARGIN.left;
  doc.y = top + height;
  doc.fontSize(BODY).fillColor(INK);
}

/** A dashed cut line across the page with a caption. */
export function cutLine(pdf: Pdf, caption: string): void {
  const { doc } = pdf;
  const y = doc.y + 6;
  doc
    .save()
    .moveTo(MARGIN.left, y)
    .lineTo(doc.page.width - MARGIN.right, y)
    .dash(4, { space: 3 })
    .lineWidth(0.6)
    .strokeColor(MUTED)
    .stroke()
    .undash()
    .restore();
  doc
    .fontSize(7.5)
    .fillColor(MUTED)
    .text(caption, MARGIN.left, y + 4, { width: contentWidth(doc), align: "center" });
  doc.moveDown(0.8).fontSize(BODY).fillColor(INK);
}

/** A banner across the top of every page (the lawyer's draft). */
export function banner(pdf: Pdf, text: string): void {
  const { doc } = pdf;
  const y = doc.y;
  doc.rect(MARGIN.left, y, contentWidth(doc), 20).fill("#fff4e5");
  doc
    .fillColor("#9a3412")
    .fontSize(9.5)
    .text(text, MARGIN.left, y + 5, { width: contentWidth(doc), align: "center" });
  doc.x = MARGIN.left;
  doc.y = y + 28;
  doc.fontSize(BODY).fillColor(INK);
}

/** Writes every page's footer: the document, when it was generated, and "page i of n". */
export function footers(pdf: Pdf, left: string, generatedAt: string, everyPage?: string): void {
  const { doc, t } = pdf;
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would start a new page: lift it while the footer is written.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 40;
    const width = contentWidth(doc);
    doc.fontSize(7.5).fillColor(MUTED);
    if (everyPage) doc.fillColor("#9a3412").text(everyPage, MARGIN.left, y - 12, { width, align: "center" });
    doc.fillColor(MUTED).text(`${left}   ${t.generated(generatedAt)}`, MARGIN.left, y, { width, align: "left" });
    doc.text(t.page(i - start + 1, count), MARGIN.left, y, { width, align: "right" });
    doc.page.margins.bottom = margin;
  }
}
