import { generateSynthetic } from './src/data/synthetic-generate.ts';
const t0=performance.now();
const t = generateSynthetic({ rows: 30000, seed: 5, buyerRate: 0.03, tailSigma: 1, leakage: 1, mode: 'users' });
console.log('ms', performance.now()-t0, 'alpha', t.intercept);
const uid = t.cells[t.header.indexOf('userId')], sn = t.cells[t.header.indexOf('sessionNumber')];
const users = new Set(uid).size; let buyers=0; for (const y of t.target) if (y>0) buyers++;
let hist=0; for (const s of sn) if (s!=='1') hist++;
console.log({users, perUser: 30000/users, buyers: buyers/30000, withHistory: hist/30000});
// R2 of oracle
let m=0; for (const y of t.target) m+=y/30000; let sst=0, sse=0; for (let i=0;i<30000;i++){sst+=(t.target[i]-m)**2; sse+=(t.target[i]-t.oracle[i])**2}
console.log('oracle R2', 1-sse/sst, 'mean oracle', t.oracle.reduce((a,b)=>a+b,0)/30000, 'mean y', m);
