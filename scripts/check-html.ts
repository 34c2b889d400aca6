/**
 * Render an HTML report in headless Chromium and save a screenshot, to see what a reader sees
 * (vega's SVG, the CSS, wide tables). Usage:
 *   node --import tsx scripts/check-html.ts report.html [out.png] [--size 1400,2400]
 * Exit 0: screenshot written. Exit 3: Chromium is missing, so the check did NOT run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export function screenshot(html: string, png: string, size = '1400,2400'): { ok: boolean; message: string } {
  const chromium = findChromium();
  if (!chromium) {
    return {
      ok: false,
      message: [
        '!!! HTML CHECK DID NOT RUN: no Chromium found (looked for $CHROMIUM, ' + CANDIDATES.join(', ') + ').',
        '!!! Install it with:  apt-get update && apt-get install -y chromium',
      ].join('\n'),
    };
  }
  const profile = mkdtempSync(join(tmpdir(), 'hl-chromium-'));
  try {
    const args = [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${profile}`, `--screenshot=${resolve(png)}`, `--window-size=${size}`,
      pathToFileURL(resolve(html)).href,
    ];
    const run = spawnSync(chromium, args, { encoding: 'utf8', timeout: 120_000 });
    if (run.error) return { ok: false, message: `chromium failed to start: ${run.error.message}` };
    if (!existsSync(png) || statSync(png).size === 0) {
      return { ok: false, message: `chromium exited ${run.status} without a screenshot:\n${run.stderr}` };
    }
    return { ok: true, message: `wrote ${png} (${statSync(png).size} bytes) from ${html} with ${chromium}` };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const sizeAt = args.indexOf('--size');
  const size = sizeAt >= 0 ? args.splice(sizeAt, 2)[1] : undefined;
  const [html, png = 'report.png'] = args;
  if (!html || !existsSync(html)) {
    process.stderr.write(`usage: node --import tsx scripts/check-html.ts report.html [out.png] [--size W,H]${html ? `\nnot found: ${html}` : ''}\n`);
    process.exit(2);
  }
  const res = screenshot(html, png, size);
  (res.ok ? process.stdout : process.stderr).write(res.message + '\n');
  process.exit(res.ok ? 0 : 3);
}
