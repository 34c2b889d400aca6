import Papa from 'papaparse';
import { createReadStream } from 'node:fs';
const t0 = performance.now();
let n = 0;
await new Promise<void>((res, rej) => {
  Papa.parse(createReadStream('/tmp/hlb/synth.csv'), {
    step: (r: any) => { n++; },
    complete: () => res(), error: rej,
  } as any);
});
console.log('papaparse step', n, ((performance.now() - t0) / 1000).toFixed(2), 's');
const t1 = performance.now(); n = 0;
await new Promise<void>((res, rej) => {
  Papa.parse(createReadStream('/tmp/hlb/synth.csv'), {
    chunk: (r: any) => { n += r.data.length; },
    complete: () => res(), error: rej,
  } as any);
});
console.log('papaparse chunk', n, ((performance.now() - t1) / 1000).toFixed(2), 's');
