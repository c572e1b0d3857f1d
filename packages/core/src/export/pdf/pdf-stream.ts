import type { Deflate } from '../types.js';
import {
  FIRST_PAGE_OBJECT,
  PAGES_OBJECT,
  readJsPdfTail,
  RESOURCES_OBJECT,
  type JsPdfTail,
} from './jspdf-tail.js';
import { flateEncode, PdfOut, type ByteSink } from './pdf-bytes.js';

/**
 * The bytes of a PDF as the canvas finishes its pages. jsPDF holds every page until output (its
 * operators as strings, several times their size); written out page by page, a PDF of 1,000
 * pages needs no more memory than one of 10. What belongs to the whole document (fonts, images,
 * info, catalog) comes last from jsPDF's own output; this writes the page tree and the
 * cross-reference table around it.
 */
export class PdfStream {
  private readonly out: PdfOut;
  /** byte offsets of the page objects and their content streams written so far */
  private readonly pageOffsets: number[] = [];

  constructor(
    private readonly mediaBox: string,
    private readonly deflate: Deflate | undefined,
    sink: ByteSink | undefined,
  ) {
    this.out = new PdfOut(sink);
    // jsPDF's header, as its output starts
    this.out.write(`%PDF-1.3\n%\xBA\xDF\xAC\xE0\n`);
  }

  /** A finished page's operators as a page object and its content stream. */
  writePage(content: string): void {
    const data = flateEncode(content, this.deflate);
    const obj = FIRST_PAGE_OBJECT + this.pageOffsets.length;
    this.pageOffsets.push(this.out.offset);
    this.out.write(
      `${obj} 0 obj\n<</Type /Page\n/Parent ${PAGES_OBJECT} 0 R\n/Resources ${RESOURCES_OBJECT} 0 R\n/MediaBox ${this.mediaBox}\n/Contents ${obj + 1} 0 R\n>>\nendobj\n`,
    );
    this.pageOffsets.push(this.out.offset);
    this.out.write(
      `${obj + 1} 0 obj\n<<\n/Length ${data.length}\n/Filter /FlateDecode\n>>\nstream\n`,
    );
    this.out.write(data);
    this.out.write('\nendstream\nendobj\n');
  }

  /**
   * After the last page: jsPDF's output of the document it holds then (one empty page, dropped),
   * cleaned. Its objects keep their numbers, the pages were numbered from FIRST_PAGE_OBJECT on.
   */
  finish(tail: string): void {
    const objects = readJsPdfTail(tail, this.mediaBox);
    const moved = this.copyObjects(tail, objects);
    this.writeTrailer(moved, objects);
  }

  /** The whole PDF, when the stream was made without a sink. */
  collected(): Uint8Array {
    return this.out.collected();
  }

  /** jsPDF's objects after the streamed pages, except its page tree and its own empty page. */
  private copyObjects(tail: string, { count, offsets, xrefAt }: JsPdfTail): number[] {
    const byOffset = offsets
      .map((at, obj) => ({ obj, at }))
      .filter(({ obj }) => obj > 0)
      .sort((a, b) => a.at - b.at);
    const moved = new Array<number>(count).fill(-1);
    byOffset.forEach(({ obj, at }, i) => {
      if (obj === PAGES_OBJECT || obj === 3 || obj === 4) return;
      moved[obj] = this.out.offset;
      this.out.write(tail.slice(at, byOffset[i + 1]?.at ?? xrefAt));
    });
    return moved;
  }

  /** The page tree of the streamed pages, the cross-reference table and the trailer. */
  private writeTrailer(moved: number[], { count, id }: JsPdfTail): void {
    const pages = this.pageOffsets.length / 2;
    moved[PAGES_OBJECT] = this.out.offset;
    const kids: string[] = [];
    for (let p = 0; p < pages; p++) kids.push(`${FIRST_PAGE_OBJECT + 2 * p} 0 R`);
    this.out.write(
      `${PAGES_OBJECT} 0 obj\n<</Type /Pages\n/Kids [${kids.join(' ')}]\n/Count ${pages}\n>>\nendobj\n`,
    );
    const startXref = this.out.offset;
    const entry = (at: number) => `${String(at).padStart(10, '0')} 00000 n \n`;
    // Three subsections: 0–2, jsPDF's objects from 5, the pages.
    let table = `xref\n0 3\n0000000000 65535 f \n${entry(moved[1]!)}${entry(moved[2]!)}5 ${count - 5}\n`;
    for (let obj = 5; obj < count; obj++) table += entry(moved[obj]!);
    table += `${FIRST_PAGE_OBJECT} ${this.pageOffsets.length}\n`;
    this.out.write(table);
    for (let i = 0; i < this.pageOffsets.length; i += 512)
      this.out.write(
        this.pageOffsets
          .slice(i, i + 512)
          .map(entry)
          .join(''),
      );
    // jsPDF writes the catalog last and the info before it.
    this.out.write(
      `trailer\n<<\n/Size ${FIRST_PAGE_OBJECT + this.pageOffsets.length}\n/Root ${count - 1} 0 R\n/Info ${count - 2} 0 R\n${id}\n>>\nstartxref\n${startXref}\n%%EOF`,
    );
  }
}
