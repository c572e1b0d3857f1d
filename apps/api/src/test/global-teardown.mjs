import { tsImport } from 'tsx/esm/api';

export default async function globalTeardown() {
  if (!process.env.SL_TEST_RUN) return;
  const { dropTemplate } = await tsImport('./databases.ts', import.meta.url);
  await dropTemplate(process.env.SL_TEST_RUN);
}
