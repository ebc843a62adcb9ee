import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { AcknowledgementContent, AcknowledgementLine } from './acknowledgement';

const PAGE: [number, number] = [612, 792]; // US Letter, points
const MARGIN = 50;
const CONTENT_WIDTH = PAGE[0] - 2 * MARGIN;
const LABEL_WIDTH = 150;
const FOOTER_SPACE = 52;
const INK = rgb(0.1, 0.12, 0.16);
const MUTED = rgb(0.35, 0.38, 0.45);
const RULE = rgb(0.78, 0.8, 0.84);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  mono: PDFFont;
}

/**
 * Lays an acknowledgement out on US Letter pages with the PDF standard fonts (no font files
 * to ship, prints anywhere). Standard fonts encode WinAnsi only, so any character outside it
 * (a name in another script) is printed as "?" rather than failing the whole document.
 * Dates in the metadata come from the content, so the same case prints the same bytes.
 */
export async function renderAcknowledgementPdf(content: AcknowledgementContent, issuedAt: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`${content.title} ${content.reference}`);
  doc.setAuthor(content.bankName);
  doc.setSubject(`${content.title}, reference ${content.reference}`);
  doc.setCreator('Agent Console');
  doc.setProducer('Agent Console (pdf-lib)');
  doc.setCreationDate(issuedAt);
  doc.setModificationDate(issuedAt);
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    mono: await doc.embedFont(StandardFonts.CourierBold),
  };
  const layout = new Layout(doc, fonts);

  layout.text(content.bankName, { font: fonts.bold, size: 11, color: MUTED });
  layout.text(content.title, { font: fonts.bold, size: 22, gapBefore: 4 });
  layout.referenceBox(content.reference, content.issued);

  layout.heading('Your complaint');
  layout.pairs(content.details);
  if (content.reported.length > 0) {
    layout.heading('What you told us');
    layout.pairs(content.reported);
  }
  layout.heading('What happens next');
  for (const step of content.nextSteps) layout.bullet(step);
  layout.heading('How to contact us');
  layout.pairs(content.contact);
  layout.text(content.quoteReference, { font: fonts.bold, size: 10, gapBefore: 8 });
  layout.heading('If you are not satisfied', layout.heightOf(content.complaintRights, 9.5));
  layout.paragraph(content.complaintRights, { size: 9.5, color: MUTED });

  layout.finish(content.reference);
  return doc.save();
}

class Layout {
  private page: PDFPage;
  private y: number;
  private readonly pages: PDFPage[] = [];
  private readonly charsets = new Map<PDFFont, Set<number>>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Fonts,
  ) {
    this.page = this.newPage();
    this.y = PAGE[1] - MARGIN;
  }

  text(value: string, options: { font?: PDFFont; size?: number; color?: ReturnType<typeof rgb>; gapBefore?: number; x?: number; width?: number }): void {
    const font = options.font ?? this.fonts.regular;
    const size = options.size ?? 10;
    const x = options.x ?? MARGIN;
    const lines = this.wrap(value, font, size, options.width ?? CONTENT_WIDTH - (x - MARGIN));
    this.y -= options.gapBefore ?? 0;
    for (const line of lines) {
      this.ensure(size * 1.35);
      this.y -= size;
      this.page.drawText(line, { x, y: this.y, size, font, color: options.color ?? INK });
      this.y -= size * 0.35;
    }
  }

  paragraph(value: string, options: { size?: number; color?: ReturnType<typeof rgb> } = {}): void {
    this.text(value, { ...options, gapBefore: 2 });
  }

  /** Height a paragraph of body text will take, so a heading can keep it on the same page. */
  heightOf(value: string, size: number): number {
    return this.wrap(value, this.fonts.regular, size, CONTENT_WIDTH).length * size * 1.35 + 2;
  }

  /** `keepWith`: height of what follows that should not be split from the heading. */
  heading(value: string, keepWith = 24): void {
    this.ensure(24 + keepWith);
    this.y -= 12;
    this.text(value, { font: this.fonts.bold, size: 13 });
    this.page.drawLine({ start: { x: MARGIN, y: this.y - 1 }, end: { x: MARGIN + CONTENT_WIDTH, y: this.y - 1 }, thickness: 0.6, color: RULE });
    this.y -= 7;
  }

  pairs(lines: readonly AcknowledgementLine[]): void {
    for (const { label, value } of lines) {
      const size = 10;
      const labelLines = this.wrap(label, this.fonts.bold, size, LABEL_WIDTH - 10);
      const valueLines = this.wrap(value, this.fonts.regular, size, CONTENT_WIDTH - LABEL_WIDTH);
      const rows = Math.max(labelLines.length, valueLines.length);
      for (let row = 0; row < rows; row += 1) {
        this.ensure(size * 1.4);
        this.y -= size;
        const labelLine = labelLines[row];
        const valueLine = valueLines[row];
        if (labelLine) this.page.drawText(labelLine, { x: MARGIN, y: this.y, size, font: this.fonts.bold, color: MUTED });
        if (valueLine) this.page.drawText(valueLine, { x: MARGIN + LABEL_WIDTH, y: this.y, size, font: this.fonts.regular, color: INK });
        this.y -= size * 0.4;
      }
      this.y -= 2;
    }
  }

  bullet(value: string): void {
    const size = 10;
    const lines = this.wrap(value, this.fonts.regular, size, CONTENT_WIDTH - 14);
    lines.forEach((line, index) => {
      this.ensure(size * 1.4);
      this.y -= size;
      if (index === 0) this.page.drawText('•', { x: MARGIN + 2, y: this.y, size, font: this.fonts.regular, color: INK });
      this.page.drawText(line, { x: MARGIN + 14, y: this.y, size, font: this.fonts.regular, color: INK });
      this.y -= size * 0.4;
    });
    this.y -= 3;
  }

  referenceBox(reference: string, issued: string): void {
    const height = 64;
    this.y -= 14;
    this.ensure(height);
    const top = this.y;
    this.page.drawRectangle({ x: MARGIN, y: top - height, width: CONTENT_WIDTH, height, borderColor: INK, borderWidth: 1.2, color: rgb(0.96, 0.97, 0.99) });
    this.page.drawText('Your reference number', { x: MARGIN + 14, y: top - 18, size: 9.5, font: this.fonts.bold, color: MUTED });
    const safeReference = this.encodable(reference, this.fonts.mono);
    const size = Math.min(18, (CONTENT_WIDTH - 28) / Math.max(1, this.fonts.mono.widthOfTextAtSize(safeReference, 1)));
    this.page.drawText(safeReference, { x: MARGIN + 14, y: top - 40, size, font: this.fonts.mono, color: INK });
    const issuedText = this.encodable(`Issued ${issued}`, this.fonts.regular);
    this.page.drawText(issuedText, { x: MARGIN + 14, y: top - 56, size: 8.5, font: this.fonts.regular, color: MUTED });
    this.y = top - height;
  }

  /** Page numbers and the reference on every page, once the page count is known. */
  finish(reference: string): void {
    const total = this.pages.length;
    this.pages.forEach((page, index) => {
      const footer = this.encodable(`Reference ${reference} · page ${index + 1} of ${total}`, this.fonts.regular);
      page.drawLine({ start: { x: MARGIN, y: 40 }, end: { x: MARGIN + CONTENT_WIDTH, y: 40 }, thickness: 0.6, color: RULE });
      page.drawText(footer, { x: MARGIN, y: 28, size: 8.5, font: this.fonts.regular, color: MUTED });
    });
  }

  private ensure(height: number): void {
    if (this.y - height >= FOOTER_SPACE) return;
    this.page = this.newPage();
    this.y = PAGE[1] - MARGIN;
  }

  private newPage(): PDFPage {
    const page = this.doc.addPage(PAGE);
    this.pages.push(page);
    return page;
  }

  private encodable(value: string, font: PDFFont): string {
    let charset = this.charsets.get(font);
    if (!charset) {
      charset = new Set(font.getCharacterSet());
      this.charsets.set(font, charset);
    }
    const known = charset;
    return Array.from(value.replace(/\r\n?/g, '\n'), (char) => (char === '\n' || known.has(char.codePointAt(0) ?? -1) ? char : '?')).join('');
  }

  /** Greedy word wrap; a word longer than the line is broken across lines. Keeps the agent's line breaks. */
  private wrap(value: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    const fits = (text: string) => font.widthOfTextAtSize(text, size) <= width;
    for (const paragraph of this.encodable(value, font).split('\n')) {
      let line = '';
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const candidate = line ? `${line} ${word}` : word;
        if (fits(candidate)) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        let rest = word;
        while (!fits(rest)) {
          let cut = rest.length - 1;
          while (cut > 1 && !fits(rest.slice(0, cut))) cut -= 1;
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
      }
      lines.push(line);
    }
    return lines;
  }
}
