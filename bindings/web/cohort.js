// A cohort's files cut into one student's at a time (docs/web.md). The engine audits one subject
// per call; it is given the file's own bytes (UTF-8 or Big5, decoded by the engine), with the
// other students' rows replaced by empty lines, so that every line number in its results and
// messages is the line of the file the assistant dropped. The cut works on bytes: in Big5 the
// second byte of a character is 0x40-0x7E or 0xA1-0xFE, never a comma, quote, tab or newline.
// Only the header is decoded (UTF-8, else Big5), to find the student id column.

// Column names that hold the subject's id, in the order they are preferred (libaudit/data/columns.txt).
var LIBAUDIT_ID_COLUMNS = ['student_id', '學號', '教師編號', '身分證統一編號', '身分證字號'];

function libauditDecode(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    return new TextDecoder('big5').decode(bytes);
  }
}

// Rows of a CSV/TSV file: [{start, end, lines}] (end past the row's newline; lines: newlines in it).
function libauditRows(bytes) {
  var rows = [];
  var start = 0, quoted = false, lines = 0;
  for (var i = 0; i < bytes.length; i++) {
    var b = bytes[i];
    if (b === 0x22) quoted = !quoted;
    else if (b === 0x0a) {
      lines++;
      if (!quoted) {
        rows.push({ start: start, end: i + 1, lines: lines });
        start = i + 1;
        lines = 0;
      }
    }
  }
  if (start < bytes.length) rows.push({ start: start, end: bytes.length, lines: lines });
  return rows;
}

// The fields of one row as byte ranges [[from, to], ...] (quotes kept), split on `sep`.
function libauditFields(bytes, row, sep) {
  var fields = [], from = row.start, quoted = false;
  var end = row.end;
  while (end > row.start && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
  for (var i = row.start; i < end; i++) {
    if (bytes[i] === 0x22) quoted = !quoted;
    else if (bytes[i] === sep && !quoted) {
      fields.push([from, i]);
      from = i + 1;
    }
  }
  fields.push([from, end]);
  return fields;
}

// A field's text: ids are ASCII in every export seen; other bytes are kept as Latin-1 characters,
// which is enough to tell two ids apart.
function libauditFieldText(bytes, range) {
  var s = '';
  for (var i = range[0]; i < range[1]; i++) s += String.fromCharCode(bytes[i]);
  s = s.trim();
  if (s.length >= 2 && s[0] === '"' && s[s.length - 1] === '"') s = s.slice(1, -1).replace(/""/g, '"').trim();
  return s;
}

// One file cut by subject: {header, rows, ids (first-row order), byId: id -> [row index]}; null
// when the file is not a table with an id column (JSON records, another kind of input).
function LibauditTable(bytes) {
  var rows = libauditRows(bytes);
  if (rows.length === 0) return null;
  var headerText = libauditDecode(bytes.subarray(rows[0].start, rows[0].end)).replace(/^\ufeff/, '');
  if (/^\s*[\[{]/.test(headerText)) return null;
  var sep = headerText.indexOf('\t') >= 0 && headerText.indexOf(',') < 0 ? 0x09 : 0x2c;
  var names = headerText.replace(/[\r\n]+$/, '').split(sep === 0x09 ? '\t' : ',').map(function (n) {
    return n.trim().replace(/^"|"$/g, '').trim().toLowerCase();
  });
  var column = -1;
  for (var c = 0; c < LIBAUDIT_ID_COLUMNS.length && column < 0; c++) column = names.indexOf(LIBAUDIT_ID_COLUMNS[c]);
  if (column < 0) return null;
  this.bytes = bytes;
  this.rows = rows;
  // lineEnd[r]: the lines of rows 1..r (a quoted cell may span lines), so that a subject's cut
  // fills the lines between two of its rows at once, whatever the number of rows between them.
  this.lineEnd = new Float64Array(rows.length);
  for (var l = 1; l < rows.length; l++) this.lineEnd[l] = this.lineEnd[l - 1] + rows[l].lines;
  this.ids = [];
  this.byId = new Map();
  for (var r = 1; r < rows.length; r++) {
    var fields = libauditFields(bytes, rows[r], sep);
    var blank = fields.every(function (f) { return libauditFieldText(bytes, f) === ''; });
    if (blank) continue;  // an empty row (",,,,"): the engine skips it too
    var id = column < fields.length ? libauditFieldText(bytes, fields[column]) : '';
    if (!this.byId.has(id)) {
      this.byId.set(id, []);
      this.ids.push(id);
    }
    this.byId.get(id).push(r);
  }
}

// The file as the engine sees it for one subject: the header, that subject's rows at their own
// lines, empty lines in place of the others' rows (up to the subject's last row).
LibauditTable.prototype.forSubject = function (id) {
  var bytes = this.bytes, rows = this.rows, lineEnd = this.lineEnd;
  var mine = this.byId.get(id) || [];
  var size = rows[0].end - rows[0].start, prev = 0, k, r;
  for (k = 0; k < mine.length; k++) {
    r = mine[k];
    size += lineEnd[r - 1] - lineEnd[prev] + rows[r].end - rows[r].start;
    prev = r;
  }
  var out = new Uint8Array(size);
  out.set(bytes.subarray(rows[0].start, rows[0].end), 0);
  var at = rows[0].end - rows[0].start;
  prev = 0;
  for (k = 0; k < mine.length; k++) {
    r = mine[k];
    var gap = lineEnd[r - 1] - lineEnd[prev];  // the lines of the rows between, left empty
    out.fill(0x0a, at, at + gap);
    at += gap;
    out.set(bytes.subarray(rows[r].start, rows[r].end), at);
    at += rows[r].end - rows[r].start;
    prev = r;
  }
  return out;
};

// The cohort: records and profiles (null, or bytes) cut by subject. `subjects` lists the ids in
// the order `libaudit batch` audits them: by first row in the records, then those found only in
// the profiles. Records that cannot be cut (JSON, no id column) are audited as one subject.
function LibauditCohort(records, profiles) {
  this.records = records;
  this.profiles = profiles;
  this.recordTable = new LibauditTable(records);
  if (!this.recordTable.rows) this.recordTable = null;
  this.profileTable = profiles ? new LibauditTable(profiles) : null;
  if (this.profileTable && !this.profileTable.rows) this.profileTable = null;
  if (!this.recordTable) {
    this.subjects = [null];
    return;
  }
  this.subjects = this.recordTable.ids.slice();
  if (this.profileTable) {
    var seen = new Set(this.subjects);
    var self = this;
    this.profileTable.ids.forEach(function (id) { if (!seen.has(id)) self.subjects.push(id); });
  }
}

// {records, profiles} for one subject of `subjects` (null: the files as they are).
LibauditCohort.prototype.files = function (id) {
  if (id === null) return { records: this.records, profiles: this.profiles };
  return {
    records: this.recordTable.forSubject(id),
    profiles: this.profileTable ? this.profileTable.forSubject(id) : this.profiles
  };
};
