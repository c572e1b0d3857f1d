import { api, unwrap } from '../../api/client';
import { downloadBatch, reprint, type ExportFormat, type Selection } from '../accounts/account-api';

export type Format = ExportFormat;
export interface PrintChoice {
  format: Format;
  firstSticker: number;
  groupPages: boolean;
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

/** The selection's printable accounts with masked secrets, for the preview. */
export async function sample(iid: string, selection: Selection) {
  return (
    unwrap(
      await api.POST('/api/v1/institutions/{iid}/exports/preview', {
        params: { path: { iid } },
        body: { ...selection, sample: true },
      }),
    ).sample ?? []
  );
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
