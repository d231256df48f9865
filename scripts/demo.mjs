#!/usr/bin/env node
// `npm run demo`: bundles the live demo (demo/src -> demo/dist, with esbuild) and serves demo/ on
// http://127.0.0.1:PORT (8080 by default; --port N or PORT=N, 0 for any free port).
// `node scripts/demo.mjs --build-only` only bundles. test/demo.test.ts imports buildDemo and
// serveDemo from here, so the test runs exactly what a user runs.
//
// The page is served under a strict Content Security Policy: no inline or eval'd script, only
// 'wasm-unsafe-eval' so that gradtape can compile its WebAssembly in the workers.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const demoDir = join(root, 'demo');
const gradtapeBundle = join(root, 'dist', 'index.mjs');

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Bundles the page and its two workers into demo/dist; gradtape comes from the built dist/index.mjs. */
export async function buildDemo({ quiet = false } = {}) {
  if (!existsSync(gradtapeBundle)) {
    throw new Error(`${gradtapeBundle} is missing: run \`npm run build\` first (the demo uses the built package).`);
  }
  await build({
    entryPoints: ['main', 'fit-worker', 'classifier-worker'].map((name) => join(demoDir, 'src', `${name}.ts`)),
    outdir: join(demoDir, 'dist'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: true,
    minify: true,
    alias: { gradtape: gradtapeBundle },
    logLevel: quiet ? 'error' : 'warning',
  });
}

/** Serves demo/ (and nothing else) on 127.0.0.1:port; resolves to { server, url }. */
export function serveDemo(port = 8080) {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = normalize(join(demoDir, decodeURIComponent(path === '/' ? '/index.html' : path)));
    if (!file.startsWith(demoDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolvePromise({ server, url: `http://127.0.0.1:${address.port}/` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const portFlag = args.indexOf('--port');
  const port = Number(portFlag >= 0 ? args[portFlag + 1] : (process.env.PORT ?? 8080));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`not a port number: ${portFlag >= 0 ? args[portFlag + 1] : process.env.PORT} (use --port N, 0 to 65535)`);
    process.exit(1);
  }
  try {
    await buildDemo();
    if (args.includes('--build-only')) {
      console.log(`demo built in ${join(demoDir, 'dist')}`);
    } else {
      const { url } = await serveDemo(port);
      console.log(`gradtape demo: ${url}  (Ctrl-C stops it)`);
    }
  } catch (e) {
    console.error(e.code === 'EADDRINUSE' ? `port ${port} is in use: try \`npm run demo -- --port 8081\`` : e.message);
    process.exit(1);
  }
}
