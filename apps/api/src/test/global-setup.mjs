// Jest loads global setup outside its transform pipeline; tsx lets it use the TypeScript helpers.
import { randomBytes } from 'node:crypto';
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  process.env.SL_TEST_RUN ??= `${process.pid}_${randomBytes(3).toString('hex')}`;
  const { prepareTemplate } = await tsImport('./databases.ts', import.meta.url);
  await prepareTemplate(process.env.SL_TEST_RUN);
}
