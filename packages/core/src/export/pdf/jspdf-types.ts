// The parts of jsPDF's internals the canvas uses (not in its published types).

export interface JsPdfInternal {
  write(...content: string[]): void;
  scaleFactor: number;
  /** per page (from 1): the content operators written so far */
  pages: Array<string[] | undefined>;
}

export interface JsPdfFont {
  id: string;
  metadata: {
    characterToGlyph(code: number): number;
    /** advance width in points of `text` at `size` pt */
    widthOfString(text: string, size: number, charSpace: number): number;
    /** every glyph id encoded so far, repeats included (what the subset must hold) */
    glyIdsUsed: number[];
  };
}

declare module 'jspdf' {
  interface jsPDF {
    /** utf8 plugin: glyph ids of `text` as hex, recording the glyphs used for subsetting */
    pdfEscape16(text: string, font: unknown): string;
  }
}
