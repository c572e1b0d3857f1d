import { api, ApiError, unwrap, type Ok, type Problem, type Schemas } from '../../api/client';
import { codeWithoutBody } from '../../api/problem';

export type ImportDetail = Ok<'/api/v1/institutions/{iid}/imports/{importId}', 'get'>;
export type ImportSummary = Schemas['ImportSummary'];
export type ImportItem = Schemas['ImportItem'];
export type ImportField = Schemas['ImportColumnsProblem']['fields'][number];
export type ColumnsProblem = Schemas['ImportColumnsProblem'];
export type ItemKind = ImportItem['kind'];
export type Mapping = Partial<Record<ImportField, number>>;

/**
 * Uploads the file. XMLHttpRequest instead of fetch: only it reports upload progress, which a
 * school on a slow line needs to see for a 5 MB export.
 */
export function uploadImport(
  iid: string,
  file: File,
  mapping: Mapping | undefined,
  onProgress: (fraction: number) => void,
): Promise<ImportDetail> {
  const form = new FormData();
  if (mapping) form.append('mapping', JSON.stringify(mapping));
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/institutions/${encodeURIComponent(iid)}/imports`);
    xhr.withCredentials = true;
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new TypeError('network'));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300 && xhr.response) {
        return resolve(xhr.response as ImportDetail);
      }
      const body = (xhr.response ?? {}) as Partial<Problem>;
      reject(
        new ApiError({
          ...body,
          type: body.type ?? 'about:blank',
          title: body.title ?? xhr.statusText,
          status: xhr.status,
          detail: body.detail ?? xhr.statusText,
          code: body.code ?? codeWithoutBody(xhr.status),
        }),
      );
    };
    xhr.send(form);
  });
}

export async function listImports(iid: string, page = 1) {
  return unwrap(
    await api.GET('/api/v1/institutions/{iid}/imports', {
      params: { path: { iid }, query: { page, pageSize: 10 } },
    }),
  );
}

export async function getImport(iid: string, importId: string) {
  return unwrap(
    await api.GET('/api/v1/institutions/{iid}/imports/{importId}', {
      params: { path: { iid, importId } },
    }),
  );
}

export async function listItems(
  iid: string,
  importId: string,
  kind: ItemKind,
  page: number,
  pageSize = 50,
) {
  return unwrap(
    await api.GET('/api/v1/institutions/{iid}/imports/{importId}/items', {
      params: { path: { iid, importId }, query: { kind, page, pageSize } },
    }),
  );
}

export async function commitImport(
  iid: string,
  importId: string,
  leavers: 'end' | 'keep',
  expectedLeavers?: number,
) {
  return unwrap(
    await api.POST('/api/v1/institutions/{iid}/imports/{importId}/commit', {
      params: { path: { iid, importId } },
      body: { leavers, ...(leavers === 'end' ? { expectedLeavers } : {}) },
    }),
  );
}
