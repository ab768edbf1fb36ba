// How the CLI reports a file it cannot read or compile: one message on stderr
// (compile errors with their code, position and code frame), in the style of Unix tools.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { relative } from 'node:path';
import { formatCompileError, isCompileError } from '../core/diagnostics.js';

export function reportFileError(file: string, e: any) {
  if (e?.code === 'ENOENT') process.stderr.write(`memokit: ${file}: No such file or directory\n`);
  else if (e?.code === 'EISDIR') process.stderr.write(`memokit: ${file}: Is a directory\n`);
  else if (isCompileError(e)) process.stderr.write(formatCompileError(e) + '\n');
  else process.stderr.write(`memokit: ${relative(process.cwd(), file) || file}: ${e?.message ?? e}\n`);
}
