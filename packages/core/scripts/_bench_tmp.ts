import { buildAccountsZip, type ExportAccount } from '/work/main/packages/core/src/export/index.js';
import { loadExportAssets } from '/work/main/packages/core/src/node/index.js';
import { PICTURES } from '/work/main/packages/core/src/pictures/index.js';
const n = Number(process.argv[2] ?? 1000);
const first = ['Zoë','Şükrü','Łukasz','Ștefan','Nguyễn Thị','Maximiliaan-Alexander','Süheda','Aurelian','Jean-Pierre','Mohamed'];
const last = ['Aerts','Yılmaz','Wójcik','Țăran','Ánh','Van den Broeck-Vanderstraeten','Carabin','Appels',"D'Hondt",'El Amrani'];
const accounts: ExportAccount[] = Array.from({ length: n }, (_, i) => {
  const kind = (['picture', 'word', 'temporary'] as const)[i % 3]!;
  const username = `${first[i%10]!.toLowerCase().replace(/[^a-z]/g,'')}.${last[(i*7)%10]!.toLowerCase().replace(/[^a-z]/g,'')}${i}`;
  return { studentId: String(i), stamnummer: String(1000+i), firstName: first[i%10]!, lastName: last[(i*7)%10]!, group: `${1+(i%6)}e leerjaar ${'ABC'[i%3]}`,
    username, type: kind === 'temporary' ? 'advanced' : 'basic', passwordKind: kind,
    ...(kind === 'picture' ? { pictures: Array.from({length: 4 + (i%5)}, (_, k) => PICTURES[(i*3+k*5)%PICTURES.length]!.id) } : { password: kind==='word' ? `zon${100+i%900}` : 'pgu9J7Zn' }),
    url: `https://schoolloket.example.be/u/${username}` };
});
const assets = await loadExportAssets();
const base = process.memoryUsage(); console.log('baseline rss', Math.round(base.rss/1e6), 'heap', Math.round(base.heapUsed/1e6));
let peak = 0; let peakHeap = 0; const timer = setInterval(() => { const m = process.memoryUsage(); peak = Math.max(peak, m.rss); peakHeap = Math.max(peakHeap, m.heapUsed + m.external + m.arrayBuffers); }, 10);
if (process.env.PHASES) {
  const { buildAccountsXlsx, buildCardsPdf, buildStickersPdf } = await import('/work/main/packages/core/src/export/index.js');
  const opts = { locale: 'nl' as const, productName: 'Schoolloket', schoolName: 'X', assets };
  for (let rep = 0; rep < 2; rep++) {
    let t0 = performance.now(); buildAccountsXlsx(accounts, opts); const x = performance.now() - t0;
    t0 = performance.now(); buildCardsPdf(accounts, opts); const c = performance.now() - t0;
    t0 = performance.now(); buildStickersPdf(accounts, opts); const s = performance.now() - t0;
    console.log({ xlsx: Math.round(x), cards: Math.round(c), stickers: Math.round(s) });
  }
}
const t = performance.now();
const zip = await buildAccountsZip(accounts, { locale: 'nl', productName: 'Schoolloket', schoolName: 'X', assets });
const ms = performance.now() - t;
clearInterval(timer); peak = Math.max(peak, process.memoryUsage().rss);
console.log(JSON.stringify({ n, seconds: +(ms/1000).toFixed(2), zipMB: +(zip.byteLength/1e6).toFixed(1), peakRssMB: Math.round(peak/1e6), peakHeapMB: Math.round(peakHeap/1e6) }));
