import { open, stat } from 'node:fs/promises';
import { LineIndex } from './line-index.js';
import type { ScenarioProblem } from './problems.js';

/** Scenario and manifest files are small; anything larger is a mistake (a log, an image, a dump). */
export const MAX_SOURCE_BYTES = 1024 * 1024;
/** How much of a file that cannot be loaded is still read, to tell whether it claims to be a scenario. */
const HEAD_BYTES = 64 * 1024;

export type Unreadable = 'missing' | 'directory' | 'unreadable' | 'too-large' | 'binary' | 'not-utf8';

export type SourceText =
  | { readonly ok: true; readonly text: string }
  /**
   * `head` is the start of the file, decoded leniently ('' when it could not be read), so a scenario that
   * got corrupted is still recognised as one in a directory rather than skipped as someone else's file.
   */
  | { readonly ok: false; readonly reason: Unreadable; readonly problem: ScenarioProblem; readonly head: string };

/**
 * Reads a file as UTF-8 text, refusing what cannot be a YAML file: missing, a directory,
 * larger than 1 MiB, binary (NUL bytes), UTF-16 or not valid UTF-8.
 * `what` names the file in messages: "scenario file", "manifest file manifests/web.yaml".
 */
export async function readSourceText(file: string, what: string): Promise<SourceText> {
  const fail = (reason: Unreadable, message: string, head = '', line = 1, column = 1): SourceText =>
    ({ ok: false, reason, problem: { code: 'file', file, line, column, path: '', message }, head });
  const failFs = (error: unknown): SourceText => {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT') return fail('missing', `${what} not found`);
    if (code === 'EACCES' || code === 'EPERM') return fail('unreadable', `${what} cannot be read: permission denied`);
    return fail('unreadable', `${what} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  };
  let size: number;
  try {
    const info = await stat(file);
    if (info.isDirectory()) return fail('directory', `${what} is a directory; expected a YAML file`);
    size = info.size;
  } catch (error) {
    return failFs(error);
  }
  let bytes: Buffer;
  try {
    bytes = await readBytes(file, size > MAX_SOURCE_BYTES ? HEAD_BYTES : size);
  } catch (error) {
    return failFs(error);
  }
  if (size > MAX_SOURCE_BYTES) {
    return fail('too-large', `${what} is ${size} bytes; expected at most 1 MiB (${MAX_SOURCE_BYTES} bytes) of YAML`, bytes.toString('utf8'));
  }
  const utf16 = utf16ByteOrder(bytes);
  if (utf16 !== undefined) {
    return fail('not-utf8', `${what} is saved as UTF-16 (${utf16}, it starts with a byte order mark); expected YAML text saved as UTF-8 (in most editors: "Save with encoding", UTF-8)`,
      decodeUtf16(bytes, utf16));
  }
  const text = bytes.toString('utf8');
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const at = new LineIndex(text).position(bytes.subarray(0, nul).toString('utf8').length);
    return fail('binary', `${what} is binary (it contains a NUL byte); expected YAML text`, text, at.line, at.column);
  }
  if (!Buffer.from(text, 'utf8').equals(bytes)) {
    const at = new LineIndex(text).position(text.indexOf('\uFFFD'));
    return fail('not-utf8', `${what} is not valid UTF-8; expected YAML text saved as UTF-8`, text, at.line, at.column);
  }
  return { ok: true, text };
}

/** Editors on Windows save "Unicode" text as UTF-16 with a byte order mark; its NUL bytes would read as binary. */
function utf16ByteOrder(bytes: Buffer): 'little-endian' | 'big-endian' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'little-endian';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'big-endian';
  return undefined;
}

function decodeUtf16(bytes: Buffer, order: 'little-endian' | 'big-endian'): string {
  const body = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
  if (order === 'big-endian') body.swap16();
  return body.toString('utf16le');
}

async function readBytes(file: string, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
