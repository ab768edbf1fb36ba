// The published types: invalidate() takes the function's own parameters, clear()
// and stats() take functions. Checked by the TypeScript compiler against the
// package's declaration files (dist), as a user's project would see them; every
// @ts-expect-error below must be needed, so looser types fail this test.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import ts from 'typescript';
import { root } from '../helpers/fixtures.js';

const USE = `import { invalidate, clear, stats, withRequestScope, configure, type SiteStats, type Event } from 'memokit';

declare function loadSales(region: string, opts?: { fresh?: boolean }, _db?: object): Promise<number>;
declare function square(n: number): number;

export const removed: boolean | Promise<boolean> = invalidate(loadSales, 'eu');
invalidate(loadSales, 'eu', { fresh: true });
invalidate(square, 3);
// @ts-expect-error: a number where the function takes a string
invalidate(loadSales, 42);
// @ts-expect-error: the function takes at most three arguments
invalidate(loadSales, 'eu', {}, {}, 1);
// @ts-expect-error: a required parameter is missing
invalidate(square);
export const done: Promise<void> = clear(loadSales);
clear();
export const counts: Record<string, SiteStats> = stats(square);
// @ts-expect-error: not a function
clear('loadSales');
// @ts-expect-error: not a function
stats({});
const one: SiteStats = stats(square)['x'];
export const figures: [number, number | undefined, number | undefined, number, number, unknown] = [one.hits, one.entries, one.bytes, one.computeMs, one.meanComputeMs, one.lastError];
// withRequestScope returns what its function returns.
export const page: Promise<string> = withRequestScope(async () => 'html');
export const sync: number = withRequestScope(() => 1);
// @ts-expect-error: a function, not a value
withRequestScope(42);
configure({ onEvent: (event: Event) => { const ms: number | undefined = event.ms; const status: 'hit' | 'miss' | 'stale' | 'refresh' | undefined = event.status; return [ms, status, event.bytes]; } });
`;

test('invalidate, clear and stats are typed from the function', () => {
  const dir = join(root, '.exec', 'types-' + process.pid);
  mkdirSync(dir, { recursive: true });
  try {
    const file = join(dir, 'use.ts');
    writeFileSync(file, USE);
    const program = ts.createProgram([file], {
      strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, types: [], skipLibCheck: true,
    });
    const messages = ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? d.file.fileName.split('/').pop() + ':' + (d.file.getLineAndCharacterOfPosition(d.start).line + 1) + ' ' : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    assert.equal(messages, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
