import { mkdir, writeFile } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** How a reporter that writes one file names itself and its file, for options and messages. */
export interface ReportFile {
  /** `junit`, `json`: the reporter's name in messages. */
  readonly reporter: string;
  /** `report`, `results`: what the file holds, in messages. */
  readonly what: string;
  /** An example path, for the option error. */
  readonly example: string;
  readonly defaultOutput: string;
}

/** Reads a file reporter's only option, `output`, failing with what was expected. */
export function parseOutputOption(raw: unknown, file: ReportFile): { output: string } {
  const options: Record<string, unknown> = typeof raw === 'object' && raw !== null ? { ...raw } : {};
  const unknown = Object.keys(options).filter((key) => key !== 'output');
  if (unknown.length > 0) {
    throw new TypeError(`faultline ${file.reporter} reporter: unknown option ${unknown.map((key) => `\`${key}\``).join(', ')}; `
      + `the only option is \`output\`, e.g. --reporter-option output=${file.example}`);
  }
  const output = options['output'] ?? file.defaultOutput;
  if (typeof output !== 'string' || output.trim() === '') {
    throw new TypeError(`faultline ${file.reporter} reporter: expected \`output\` to be a file path like "${file.example}", got ${JSON.stringify(output)}`);
  }
  return { output };
}

/**
 * Writes the report in a mocha reporter's `done`, creating missing folders as mocha's own xunit
 * reporter does. Never fails silently: a report that cannot be built or written is printed on
 * stderr with its path and counts as one more failure, so a CI job cannot pass without it.
 */
export function writeReportFile(file: ReportFile, output: string, render: () => string, failures: number, fn: (failures: number) => void): void {
  const path = resolve(output);
  const fail = (what: string, error: unknown): void => {
    process.stderr.write(`\nfaultline ${file.reporter} reporter: ${what} ${path}: ${error instanceof Error ? error.message : String(error)}\n`
      + 'The run is marked failed: a CI job must not pass without its report.\n');
    fn(failures + 1);
  };
  let text: string;
  try {
    text = render();
  } catch (error) {
    return fail(`could not build the ${file.what} for`, error);
  }
  mkdir(dirname(path), { recursive: true }, (mkdirError) => {
    if (mkdirError) return fail('could not create the folder for', mkdirError);
    writeFile(path, text, 'utf8', (error) => (error ? fail(`could not write the ${file.what} to`, error) : fn(failures)));
  });
}
