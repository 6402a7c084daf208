#!/usr/bin/env node
// Timings of the WebAssembly module under Node (docs/performance.md): the module's start, the first
// audit after it (loading the rule pack from the module's file system, then one check), and the
// mean of later audits of the same subject. Usage:
//   node --no-experimental-fetch tests/wasm/bench_node.js build/wasm/bindings/wasm/libaudit.js [ROOT] [RUNS]
'use strict';
const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');

const [modulePath, root = '.', runs = '200'] = process.argv.slice(2);
const pack = 'rules/ntue-eam';
const transcript = fs.readFileSync(path.join(root, 'examples/grad/eam-met/transcript.csv'));
const student = fs.readFileSync(path.join(root, 'examples/grad/eam-met/student.csv'));
const options = { as_of: '113-2', records_name: 'transcript.csv', profiles_name: 'student.csv' };

const t0 = performance.now();
require(path.resolve(modulePath))().then((m) => {
  const t1 = performance.now();
  const mirror = (rel) => {  // the pack's files and folders, at the same paths
    const full = path.join(root, rel);
    if (fs.statSync(full).isDirectory()) {
      m.FS.mkdirTree('/' + rel);
      for (const name of fs.readdirSync(full)) mirror(path.posix.join(rel, name));
    } else m.FS.writeFile('/' + rel, fs.readFileSync(full));
  };
  mirror(pack);
  const t2 = performance.now();
  const loaded = m.loadRules({ path: pack });
  const first = m.check(loaded.rules, transcript, student, options);
  const t3 = performance.now();
  if (first.status !== 0) throw new Error(first.error);
  const n = Number(runs);
  const t4 = performance.now();
  for (let i = 0; i < n; i++) m.check(loaded.rules, transcript, student, options);
  const t5 = performance.now();
  console.log(`module start ${(t1 - t0).toFixed(1)} ms; first audit (load ${pack} + check) ${(t3 - t2).toFixed(1)} ms; ` +
              `then ${((t5 - t4) / n).toFixed(2)} ms per audit (mean of ${n})`);
});
