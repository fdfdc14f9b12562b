// `npm run security`: Doyensec's Electronegativity over the desktop shell's sources (electron/),
// assuming Electron 45.5.0. Prints every finding as a table, lists the MEDIUM ones (each must be
// explained in docs/security.md; the script warns when one is not), and exits 1 when there is any
// HIGH (or CRITICAL) finding, 2 when the tool itself did not produce its report.
//
//   node scripts/electronegativity.mjs            scan electron/
//   node scripts/electronegativity.mjs DIR|FILE   scan something else (e.g. out/main)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ELECTRON_VERSION = '45.5.0';
const TIMEOUT_MS = 300_000;
const input = process.argv[2] ?? 'electron';
const NOTES = join(ROOT, 'docs', 'security.md');
const SEVERITY_ORDER = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];

/** Runs electronegativity; resolves to its exit code and its console output (shown only on failure). */
function scan(csvPath) {
  const args = ['electronegativity', '-i', input, '-e', ELECTRON_VERSION, '-r', '-o', csvPath];
  return new Promise((resolve) => {
    let output = '';
    const child = spawn('npx', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: 127, output: `${output}\ncannot run npx: ${err.message}` });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

/** RFC 4180-ish CSV: quoted fields with commas, doubled quotes and newlines. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  return rows;
}

function table(rows, headers) {
  const widths = headers.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const fit = (s, w) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  const line = (cells) => cells.map((c, i) => fit(c, widths[i])).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sharedeck-electronegativity-'));
  const csvPath = join(dir, 'findings.csv');
  try {
    console.error(`[security] electronegativity -i ${input} -e ${ELECTRON_VERSION}`);
    const { code, output } = await scan(csvPath);
    if (!existsSync(csvPath)) {
      console.error(output.trim());
      console.error(`[security] electronegativity wrote no report (exit ${code}); the review did not run.`);
      return 2;
    }
    const [header, ...records] = parseCsv(readFileSync(csvPath, 'utf8'));
    const col = (name) => header.findIndex((h) => h.trim().toLowerCase() === name);
    const at = {
      id: col('issue'),
      severity: col('severity'),
      confidence: col('confidence'),
      file: col('filename'),
      location: col('location'),
      description: col('description'),
    };
    if (Object.values(at).some((i) => i < 0)) {
      console.error(`[security] unexpected report columns: ${header.join(', ')}`);
      return 2;
    }
    const findings = records
      .map((r) => ({
        id: r[at.id].trim(),
        severity: r[at.severity].trim().toUpperCase(),
        confidence: r[at.confidence].trim(),
        where: r[at.file].trim() === 'N/A' ? '(whole app)' : `${r[at.file].trim()}:${r[at.location].trim()}`,
        description: r[at.description].trim(),
      }))
      .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.id.localeCompare(b.id));

    if (findings.length === 0) {
      console.log('Electronegativity: no findings.');
      return 0;
    }
    console.log(
      table(
        findings.map((f) => [f.severity, f.confidence, f.id, f.where, f.description]),
        ['SEVERITY', 'CONFIDENCE', 'CHECK', 'WHERE', 'DESCRIPTION'],
      ),
    );
    const count = (s) => findings.filter((f) => f.severity === s).length;
    console.log(`\n${findings.length} finding(s): ${SEVERITY_ORDER.map((s) => `${count(s)} ${s}`).join(', ')}.`);

    const medium = findings.filter((f) => f.severity === 'MEDIUM');
    if (medium.length > 0) {
      const notes = existsSync(NOTES) ? readFileSync(NOTES, 'utf8') : '';
      console.log('\nMEDIUM findings (reviewed; each is explained in docs/security.md):');
      for (const f of medium) {
        const explained = notes.includes(f.id);
        console.log(`  - ${f.id} at ${f.where}${explained ? '' : '  <- NOT explained in docs/security.md'}`);
      }
    }
    const high = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL');
    if (high.length > 0) {
      console.error(`\n[security] FAILED: ${high.length} HIGH finding(s): ${[...new Set(high.map((f) => f.id))].join(', ')}.`);
      return 1;
    }
    console.log('\nNo HIGH finding.');
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
