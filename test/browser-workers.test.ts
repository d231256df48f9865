// The worker files of docs/guides/browsers-and-workers.md run in headless Chromium, as written
// there, except for where the package comes from: the guide's 'gradtape' (a bundler resolves it)
// and CDN URL become this repository's dist/ files, served from 127.0.0.1. Like
// test/browser.test.ts, this needs Debian's Chromium at /usr/bin/chromium and fails, rather than
// skips, without it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from './helpers/doc-examples';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const guide = readFileSync(join(root, 'docs/guides/browsers-and-workers.md'), 'utf8');

/** The guide's ```js block whose first line names `file`. */
function guideFile(file: string): string {
  const block = [...guide.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.startsWith(`// ${file}`));
  if (!block) throw new Error(`docs/guides/browsers-and-workers.md has no js block for ${file}`);
  return block;
}

const files: Record<string, string> = {
  '/w/worker.js': guideFile('worker.js').replace("from 'gradtape'", "from '/dist/index.mjs'"),
  '/w/main.js': guideFile('main.js'),
  '/w/classic-worker.js': guideFile('classic-worker.js').replace('https://cdn.jsdelivr.net/npm/gradtape/dist/gradtape.global.js', '/dist/gradtape.global.js'),
  '/w/module.html': '<!doctype html><script type="module" src="/w/main.js"></script>',
  '/w/classic.html': `<!doctype html><script>
    const worker = new Worker('/w/classic-worker.js');
    worker.onmessage = ({ data }) => console.log(data);
    worker.postMessage([1, 2, 3]);
  </script>`,
};

let server: Server | undefined;
let browser: Browser | undefined;
let origin = '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\`.`);
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const type = path.endsWith('.html') ? 'text/html' : 'text/javascript';
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (files[path] !== undefined) {
      res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(files[path]);
      return;
    }
    const file = normalize(join(root, path));
    if (file.startsWith(join(root, 'dist') + sep) && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(readFileSync(file));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], timeout: 120_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

/** Opens a page and returns the first console message (or the first error). */
async function firstLog(path: string): Promise<string> {
  const page = await browser!.newPage();
  try {
    const message = new Promise<string>((resolve, reject) => {
      page.on('console', (m) => (m.type() === 'error' ? reject(new Error(m.text())) : resolve(m.text())));
      page.on('pageerror', reject);
      page.on('response', (r) => r.status() >= 400 && reject(new Error(`HTTP ${r.status()}: ${r.url()}`)));
    });
    await page.goto(`${origin}${path}`);
    return await message;
  } finally {
    await page.close();
  }
}

describe('the browsers-and-workers guide in Chromium', () => {
  it('a module worker importing the ES module trains and posts back what main.js says it prints', async () => {
    const stated = /console\.log\(.*\);\s*\/\/ (.*)$/m.exec(files['/w/main.js']!)![1]!.trim();
    expect(await firstLog('/w/module.html')).toBe(stated);
  });

  it('a classic worker loads the global build with importScripts', async () => {
    expect(await firstLog('/w/classic.html')).toBe('14');
  });
});
