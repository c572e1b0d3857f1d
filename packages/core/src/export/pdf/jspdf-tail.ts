// What jsPDF writes after the pages, read back: the streamed writer (pdf-stream.ts) keeps jsPDF's
// fonts, images, info and catalog, and writes its own page tree and cross-reference table.

// jsPDF numbers the page tree 1 and the resource dictionary 2, and a document of one page
// needs far fewer than 1,000 objects (fonts, pictures, info, catalog): streamed pages are
// numbered from 1,000 on, so jsPDF's objects keep their numbers.
export const PAGES_OBJECT = 1;
export const RESOURCES_OBJECT = 2;
export const FIRST_PAGE_OBJECT = 1000;

const OPEN_ACTION = /\/OpenAction \[3 0 R \/(FitH null|FitV null|Fit|XYZ null null [\d.]+)\]/;

export interface JsPdfTail {
  /** objects in jsPDF's table (object 0 included) */
  count: number;
  /** byte offset of each object in the tail, by object number */
  offsets: number[];
  /** where the cross-reference table starts */
  xrefAt: number;
  /** the trailer's /ID entry */
  id: string;
}

/**
 * Two fixes to what jsPDF writes, each the same length so that its offsets stay right: no
 * /OpenAction (jsPDF always adds a zoom action; we promise a PDF without any action), and the
 * CID ordering is "Identity" (jsPDF writes the encoding name, which readers flag).
 */
export function cleanJsPdfOutput(tail: string): string {
  return tail
    .replace(OPEN_ACTION, (m) => ' '.repeat(m.length))
    .replaceAll('/Ordering (Identity-H)', '/Ordering (Identity)  ');
}

/** jsPDF's cross-reference table; throws when the output is not as this writer expects. */
export function readJsPdfTail(tail: string, mediaBox: string): JsPdfTail {
  const xrefAt = tail.lastIndexOf('\nxref\n') + 1;
  const xref =
    /^xref\n0 (\d+)\n0000000000 65535 f \n((?:\d{10} \d{5} n \n)+)trailer\n<<\n[^]*?(\/ID \[[^\]]*\])/.exec(
      tail.slice(xrefAt),
    );
  if (!xref) throw new Error('unexpected jsPDF output: no cross-reference table');
  const count = Number(xref[1]);
  const offsets = [
    0,
    ...xref[2]!
      .trimEnd()
      .split('\n')
      .map((l) => Number(l.slice(0, 10))),
  ];
  if (count > FIRST_PAGE_OBJECT || offsets.length !== count)
    throw new Error(`unexpected jsPDF output: ${count} objects`);
  // jsPDF's own page (3) and its content stream (4) are the empty page: not written.
  const page = tail.slice(offsets[3], offsets[4]);
  if (!page.startsWith(`3 0 obj\n<</Type /Page\n`) || !page.includes(`/MediaBox ${mediaBox}`))
    throw new Error('unexpected jsPDF output: page 3 is not its page');
  return { count, offsets, xrefAt, id: xref[3]! };
}
