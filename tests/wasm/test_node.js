#!/usr/bin/env node
// The WebAssembly module (preset wasm, docs/wasm.md) under Node: every bundled example that the C
// API's ctypes test covers (examples/*/expected.tsv, audits of records) gives through the module's
// check() byte for byte the JSON `libaudit check ... --format json` prints (an invalid input: the
// status and the CLI's standard error); the printable sheet as `--format html` prints it; lint of
// broken rule files as `libaudit lint --format json` prints it; errors.
// Rule files are copied into the module's memory file system at their repository paths, so that
// messages name them as the CLI does. Exit 77 (skipped) when the module has not been built.
// Usage: node --no-experimental-fetch test_node.js LIBAUDIT_JS CLI ROOT
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const [modulePath, cli, root] = process.argv.slice(2);
if (!fs.existsSync(modulePath)) {
  // CI (.ci/test) builds the module first and sets LIBAUDIT_REQUIRE_WASM: there a skip is a failure.
  console.log(`${modulePath} not built (docs/wasm.md: cmake --preset wasm && cmake --build --preset wasm)`);
  process.exit(process.env.LIBAUDIT_REQUIRE_WASM ? 1 : 77);
}
const failures = [];
const expect = (cond, what) => { if (!cond) failures.push(what); };

// shlex.split for the argument lines of expected.tsv (quotes, no escapes beyond them).
function split(text) {
  const out = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m;
  while ((m = re.exec(text)) !== null) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

// `libaudit check` arguments as {rules, records, profiles, options}, or null (--data: not an audit of records).
function toCall(args) {
  const call = { rules: args[0], records: null, profiles: null, options: {} };
  const names = { '--as-of': 'as_of', '--id': 'id', '--lang': 'language', '--encoding': 'encoding' };
  for (let i = 1; i < args.length; i += 2) {
    const [a, v] = [args[i], args[i + 1]];
    if (a === '--data') return null;
    if (a === '--records') call.records = v;
    else if (a === '--student') call.profiles = v;
    else if (a === '--select') (call.options.select ??= []).push(v);
    else if (a === '--exceptions') {
      call.options.exceptions = fs.readFileSync(path.join(root, v), 'utf8');
      call.options.exceptions_name = v;
    } else if (a === '--as-entry-year') call.options.as_entry_year = parseInt(v, 10);
    else if (a === '--rule-set') call.options.rule_set = v;
    else if (a === '--plan') {
      call.options.plan = fs.readFileSync(path.join(root, v), 'utf8');
      call.options.plan_name = v;
    } else if (a in names) call.options[names[a]] = v;
    else throw new Error(`${a}: an option this test does not translate (add it as tests/capi/test_ctypes.py does)`);
  }
  call.options.records_name = call.records;
  if (call.profiles) call.options.profiles_name = call.profiles;
  return call;
}

// Copies a rule file, or a folder's files, into the module's file system at the same relative path.
function mirror(FS, rel) {
  const full = path.join(root, rel);
  if (!fs.existsSync(full)) return;
  if (fs.statSync(full).isDirectory()) {
    FS.mkdirTree('/' + rel);
    for (const name of fs.readdirSync(full)) mirror(FS, path.posix.join(rel, name));
  } else {
    FS.mkdirTree('/' + path.posix.dirname(rel));
    FS.writeFile('/' + rel, fs.readFileSync(full));
  }
}

function runCli(args) {
  return spawnSync(cli, args, { cwd: root, env: { PATH: '/usr/bin:/bin', LIBAUDIT_LANG: '' } });
}

require(path.resolve(modulePath))().then((m) => {
  const loaded = new Map();
  let compared = 0;
  const examples = path.join(root, 'examples');
  for (const folder of fs.readdirSync(examples).sort()) {
    const table = path.join(examples, folder, 'expected.tsv');
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const [kase, , , , argtext] = line.split('\t');
      const args = split(argtext.replaceAll('$E', `examples/${folder}`));
      const call = toCall(args);
      if (call === null) continue;
      if (![call.records, call.profiles].every((f) => !f || fs.existsSync(path.join(root, f)))) continue;
      const name = `${folder}.${kase}`;
      const cliRun = runCli(['check', ...args, '--format', 'json']);
      if (!loaded.has(call.rules)) {
        mirror(m.FS, call.rules);
        loaded.set(call.rules, m.loadRules({ path: call.rules }));
      }
      const rules = loaded.get(call.rules);
      if (rules.status !== 0) {  // invalid rules: the CLI's exit 2 and its messages
        expect(rules.status === 2 && cliRun.status === 2 && rules.error + '\n' === cliRun.stderr.toString(),
               `${name}: loading ${call.rules}: status ${rules.status}: ${rules.error}`);
        compared++;
        continue;
      }
      const records = fs.readFileSync(path.join(root, call.records));
      const profiles = call.profiles ? fs.readFileSync(path.join(root, call.profiles)) : null;
      const r = m.check(rules.rules, records, profiles, call.options);
      if (r.status === 0) {
        expect(Buffer.from(r.result, 'utf8').equals(cliRun.stdout), `${name}: result differs from \`libaudit check --format json\``);
      } else {
        expect(r.status === 2 && r.result === null && cliRun.status === 2, `${name}: status ${r.status}: ${r.error}`);
        expect(r.error !== null && Buffer.from(r.error + '\n', 'utf8').equals(cliRun.stderr),
               `${name}: message differs from the CLI's stderr:\n${r.error}\n${cliRun.stderr}`);
      }
      compared++;
    }
  }
  expect(compared >= 40, `only ${compared} examples compared`);

  // The printable sheet, as `libaudit check --format html` prints it; a rule file given as text.
  mirror(m.FS, 'rules/ntue-eam');
  const eamAgain = m.loadRules({ path: 'rules/ntue-eam' });
  expect(eamAgain.status === 0 && eamAgain.rules.list().length >= 3, 'rules/ntue-eam: list');
  const transcript = 'examples/grad/eam-met/transcript.csv', student = 'examples/grad/eam-met/student.csv';
  const sheet = m.check(eamAgain.rules, fs.readFileSync(path.join(root, transcript)), fs.readFileSync(path.join(root, student)),
                        { as_of: '113-2', format: 'html', print_date: '2026-01-05', records_name: transcript, profiles_name: student });
  const cliSheet = runCli(['check', 'rules/ntue-eam', '--records', transcript, '--student', student, '--as-of', '113-2',
                           '--format', 'html', '--print-date', '2026-01-05']);
  expect(sheet.status === 0 && Buffer.from(sheet.result, 'utf8').equals(cliSheet.stdout), 'html sheet differs from the CLI\'s');

  // Lint of rule-file text: every broken rule file of tests/data/lint, in both languages, the
  // document `libaudit lint FILE --format json` prints.
  let linted = 0;
  const lintDir = path.join(root, 'tests/data/lint');
  for (const file of fs.readdirSync(lintDir).filter((f) => f.endsWith('.yaml')).sort()) {
    const rel = `tests/data/lint/${file}`;
    for (const language of ['zh-TW', 'en']) {
      const l = m.lint(fs.readFileSync(path.join(lintDir, file)), rel, language);
      const cliLint = runCli(['lint', rel, '--format', 'json', '--lang', language]);
      expect(l.status === 0 && l.error === null && JSON.stringify(l.result) === JSON.stringify(JSON.parse(cliLint.stdout)),
             `lint ${rel} ${language}: differs from \`libaudit lint --format json\``);
      linted++;
    }
  }
  expect(linted >= 40, `only ${linted} lint documents compared`);
  const nullLint = m.lint(null, null, 'en');
  expect(nullLint.status === 1 && /yaml/.test(nullLint.error), `lint of null: ${nullLint.error}`);

  // Errors: a file that is not there, rules given as invalid text, options that are not valid.
  const missing = m.loadRules({ path: 'rules/no-such-pack.yaml' }, 'en');
  expect(missing.status === 3 && missing.rules === null && /no-such-pack/.test(missing.error), `missing file: ${missing.error}`);
  const bad = m.loadRules({ text: 'libaudit: 1\nkind: [', name: 'bad.yaml' }, 'en');
  expect(bad.status === 2 && bad.error.startsWith('bad.yaml:'), `invalid text: ${bad.error}`);
  const unknown = m.check(eamAgain.rules, 'x', null, { colour: 'red' });
  expect(unknown.status === 1 && /colour/.test(unknown.error), `unknown option: ${unknown.error}`);
  expect(/^\d+\.\d+\.\d+$/.test(m.version()), 'version');
  for (const r of loaded.values()) if (r.rules) r.rules.free();
  eamAgain.rules.free();

  for (const f of failures) console.log('FAIL', f);
  console.log(`${compared} examples byte-identical to the CLI through the WebAssembly module, ${linted} lint documents ` +
              `as the CLI's; ${failures.length} failures`);
  process.exit(failures.length ? 1 : 0);
}, (e) => { console.log('FAIL loading the module:', e); process.exit(1); });
