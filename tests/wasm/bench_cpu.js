#!/usr/bin/env node
// CPU time of the module's first audit under Node (docs/performance.md, session 13): the module's
// start, the first load of rules/ntue-eam from Module.FS, the first check of examples/grad/eam-met
// (the calls bench_node.js times), then the same load again (warm, mean of 5). CPU time
// (process.cpuUsage: this thread and V8's compiler threads) depends less on other processes than
// wall time on a shared machine; it counts V8's lazy compilation of the code each first call runs.
//   node --no-experimental-fetch tests/wasm/bench_cpu.js build/wasm/bindings/wasm/libaudit.js [ROOT]
'use strict';
const fs = require('fs');
const path = require('path');

const [modulePath, root = '.'] = process.argv.slice(2);
const pack = 'rules/ntue-eam';
const transcript = fs.readFileSync(path.join(root, 'examples/grad/eam-met/transcript.csv'));
const student = fs.readFileSync(path.join(root, 'examples/grad/eam-met/student.csv'));
const options = { as_of: '113-2', records_name: 'transcript.csv', profiles_name: 'student.csv' };
const ms = (since) => { const d = process.cpuUsage(since); return (d.user + d.system) / 1000; };

const c0 = process.cpuUsage();
require(path.resolve(modulePath))().then((m) => {
  const start = ms(c0);
  m.FS.mkdirTree('/' + pack);
  for (const name of fs.readdirSync(path.join(root, pack))) {
    const file = path.join(root, pack, name);
    if (fs.statSync(file).isFile()) m.FS.writeFile('/' + pack + '/' + name, fs.readFileSync(file));
  }
  let c = process.cpuUsage();
  const loaded = m.loadRules({ path: pack });
  const load = ms(c);
  c = process.cpuUsage();
  const first = m.check(loaded.rules, transcript, student, options);
  const check = ms(c);
  if (loaded.status !== 0 || first.status !== 0) throw new Error(loaded.error || first.error);
  c = process.cpuUsage();
  for (let i = 0; i < 5; i++) m.loadRules({ path: pack }).rules.free();
  const warm = ms(c) / 5;
  console.log(`CPU: module start ${start.toFixed(1)} ms; first audit ${(load + check).toFixed(1)} ms ` +
              `(first load ${load.toFixed(1)} ms + check ${check.toFixed(1)} ms); warm load ${warm.toFixed(1)} ms`);
});
