#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm install`, via the prepare script).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/framework/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('faultline: dist/ is missing. Run `npm install` (it builds the TypeScript) or `npm run build`.');
  process.exit(2);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
