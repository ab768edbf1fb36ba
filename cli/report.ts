// How the CLI reports a file it cannot read or compile: one message on stderr
// (compile errors carry their code and code frame), in the style of Unix tools.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { relative } from 'node:path';

export const reportFileError = (file: string, e: any) => {
  if (e?.code === 'ENOENT') process.stderr.write(`memokit: ${file}: No such file or directory\n`);
  else if (e?.code === 'EISDIR') process.stderr.write(`memokit: ${file}: Is a directory\n`);
  else if (e?.loc || String(e?.code).startsWith('MK_') || e?.code === 'SWC_PARSE_ERROR' || e?.code === 'BABEL_PARSE_ERROR') {
    // The message already holds the position and frame; drop the engine's absolute path prefix.
    // Babel prefixes its file name; memokit's own messages name the file in their `at` line.
    const text = String(e.message).split(process.cwd() + '/').join('').replace(/^[^\n]*?: (?=memokit MK_)/, '');
    process.stderr.write(text.startsWith('memokit ') ? text + '\n' : `memokit: ${text}\n`);
  } else process.stderr.write(`memokit: ${relative(process.cwd(), file) || file}: ${e?.message ?? e}\n`);
};
