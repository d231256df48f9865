import { summarizeProfile } from './profile';
const r = summarizeProfile(process.argv[2]!, 40);
console.log('total', r.totalMs.toFixed(1));
for (const e of r.entries) console.log(e.selfPct.toFixed(1).padStart(5), e.selfMs.toFixed(1).padStart(7), e.fn.slice(0, 110), e.where);
