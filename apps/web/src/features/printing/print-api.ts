import { api, unwrap } from '../../api/client';
import { downloadBatch, reprint, type ExportFormat, type Selection } from '../accounts/account-api';

export type Format = ExportFormat;
export interface PrintChoice {
  format: Format;
  firstSticker: number;
  groupPages: boolean;
  /** The printer offset for this print (mm), whatever the school's setting. */
  offsetXMm: number;
  offsetYMm: number;
}

export async function school(iid: string) {
  return unwrap(await api.GET('/api/v1/institutions/{iid}', { params: { path: { iid } } }));
}

export async function saveOffset(iid: string, x: number, y: number) {
  return unwrap(
    await api.PATCH('/api/v1/institutions/{iid}', {
      params: { path: { iid } },
      body: { printOffsetXMm: x, printOffsetYMm: y },
    }),
  );
}

async function preview(iid: string, selection: Selection) {
  return unwrap(
    await api.POST('/api/v1/institutions/{iid}/exports/preview', {
      params: { path: { iid } },
      body: { ...selection, sample: true },
    }),
  );
}

/** The selection's printable accounts with masked secrets, for the preview. */
export async function sample(iid: string, selection: Selection) {
  return (await preview(iid, selection)).sample ?? [];
}

/**
 * The names a reprint of the selection prints (its reprintable accounts), or its letters (every
 * student with an account: those whose password changed too, named without their group).
 */
export async function printedNames(iid: string, selection: Selection, kind: 'reprint' | 'letters') {
  const { sample: accounts = [], notReprintable } = await preview(iid, selection);
  const names: Array<{ firstName: string; lastName?: string; group?: string }> = accounts;
  if (kind === 'reprint') return names;
  return [
    ...names,
    ...notReprintable.filter((n) => n.username).map((n) => ({ firstName: n.name })),
  ];
}

export function downloadPrint(
  iid: string,
  source: { batchId: string } | { selection: Selection },
  choice: PrintChoice,
) {
  return 'batchId' in source
    ? downloadBatch(iid, source.batchId, choice)
    : reprint(iid, source.selection, choice);
}
