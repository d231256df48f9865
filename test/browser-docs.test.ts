// The browser snippets of the docs run in headless Chromium, as written there, except for where
// the package comes from: 'gradtape' (a bundler resolves it) and the CDN URLs become this
// repository's dist/ files, served from 127.0.0.1. That covers the ```html and ```js blocks of
// docs/guides/browsers-and-workers.md (CDN pages, module and classic workers) and the README's
// ```html block. Like
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
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const CDN = 'https://cdn.jsdelivr.net/npm/gradtape/dist/';

/** The ```html blocks of a Markdown text, loading the package from this repository's dist/. */
const htmlBlocks = (text: string) => [...text.matchAll(/```html\n([\s\S]*?)```/g)].map((m) => `<!doctype html>\n${m[1]!.replaceAll(CDN, '/dist/')}`);
const [guideModulePage, guideClassicPage] = htmlBlocks(guide);
const [readmePage] = htmlBlocks(readme);

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
  '/w/guide-module.html': guideModulePage!,
  '/w/guide-classic.html': guideClassicPage!,
  '/w/readme.html': readmePage!,
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

/** Opens a page and returns the text of its #out element once it is not empty (or the first error). */
async function outText(path: string): Promise<string> {
  const page = await browser!.newPage();
  try {
    const failed = new Promise<never>((_, reject) => {
      page.on('pageerror', reject);
      page.on('response', (r) => r.status() >= 400 && reject(new Error(`HTTP ${r.status()}: ${r.url()}`)));
    });
    await page.goto(`${origin}${path}`);
    const out = () => document.getElementById('out')?.textContent?.trim() ?? '';
    await Promise.race([page.waitForFunction(out, null, { timeout: 60_000 }), failed]);
    return await page.evaluate(out);
  } finally {
    await page.close();
  }
}

/** Opens a page and collects `count` console messages (or fails on the first error). */
async function logs(path: string, count: number): Promise<string[]> {
  const page = await browser!.newPage();
  try {
    const seen: string[] = [];
    const done = new Promise<string[]>((resolve, reject) => {
      page.on('console', (m) => {
        if (m.type() === 'error') reject(new Error(m.text()));
        seen.push(m.text());
        if (seen.length === count) resolve(seen);
      });
      page.on('pageerror', reject);
      page.on('response', (r) => r.status() >= 400 && reject(new Error(`HTTP ${r.status()}: ${r.url()}`)));
    });
    await page.goto(`${origin}${path}`);
    return await done;
  } finally {
    await page.close();
  }
}

describe("the docs' browser snippets in Chromium", () => {
  it('the guide\'s CDN pages: the ES module and the global `gradtape` each render the squares', async () => {
    expect(await outText('/w/guide-module.html')).toBe('tf.Tensor([1. 4. 9.], shape=(3,), dtype=float32)');
    expect(await outText('/w/guide-classic.html')).toBe('tf.Tensor([1. 4. 9.], shape=(3,), dtype=float32)');
  });

  it("the README's CDN page: both scripts print the tensor", async () => {
    expect(await logs('/w/readme.html', 2)).toEqual(['tf.Tensor([1. 2. 3.], shape=(3,), dtype=float32)', 'tf.Tensor([1. 2. 3.], shape=(3,), dtype=float32)']);
  });

  it('a module worker importing the ES module trains and posts back what main.js says it prints', async () => {
    const stated = /console\.log\(.*\);\s*\/\/ (.*)$/m.exec(files['/w/main.js']!)![1]!.trim();
    expect(await firstLog('/w/module.html')).toBe(stated);
  });

  it('a classic worker loads the global build with importScripts', async () => {
    expect(await firstLog('/w/classic.html')).toBe('14');
  });
});
