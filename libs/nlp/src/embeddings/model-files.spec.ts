import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJarEntry } from './jar-entry';
import {
  ENCODER_MANIFEST_PATHS,
  loadEncoderManifest,
  modelsDirectory,
  parseEncoderManifest,
} from './encoder-manifest';
import {
  encoderProblems,
  extractEncoderFromJar,
  jarFileName,
  requireEncoderFiles,
  sha256Of,
} from './model-files';
import { fetchedEncoderFiles } from './test-encoder';

const manifest = loadEncoderManifest();
const jarPath = () => {
  fetchedEncoderFiles();
  return join(modelsDirectory(), 'jars', jarFileName(manifest));
};

describe('encoder manifest', () => {
  it('reads every committed encoder manifest, each with its own id and folder; E5 asks for its query prefix', () => {
    const manifests = ENCODER_MANIFEST_PATHS.map((path) => loadEncoderManifest(path));
    expect(manifests.map((m) => m.id)).toEqual(['all-minilm-l6-v2-q', 'e5-small-v2-q']);
    expect(manifests.map((m) => m.textPrefix)).toEqual(['', 'query: ']);
    expect(manifests.map((m) => m.dimensions)).toEqual([384, 384]);
  });

  it('leaves the plugin version to the pom and the artifact versions to the manifests', () => {
    const pom = readFileSync(join(__dirname, '../../../../deploy/models/pom.xml'), 'utf8');
    expect(pom).toContain('<artifactId>maven-dependency-plugin</artifactId>');
    expect(pom).not.toContain('langchain4j');
  });

  it('names the bad field', () => {
    const raw = JSON.parse(JSON.stringify(manifest)) as { files: { model: { sha256: string } } };
    raw.files.model.sha256 = 'ABC';
    expect(() => parseEncoderManifest(raw, 'm.json')).toThrow(
      'm.json: files.model.sha256: expected 64 lower-case hex digits',
    );
    expect(() => parseEncoderManifest({ ...manifest, dimensions: -1 }, 'm.json')).toThrow(
      'm.json: dimensions: expected a positive integer',
    );
    expect(() => parseEncoderManifest({ ...manifest, textPrefix: 3 }, 'm.json')).toThrow(
      'm.json: textPrefix: expected a string',
    );
  });
});

describe('readJarEntry', () => {
  it('inflates an entry of the model jar to its pinned checksum', () => {
    const jar = readFileSync(jarPath());
    expect(sha256Of(readJarEntry(jar, manifest.files.tokenizer.jarEntry))).toBe(
      manifest.files.tokenizer.sha256,
    );
  });

  it('lists the entries when the one asked for is missing, and refuses non-zip bytes', () => {
    const jar = readFileSync(jarPath());
    expect(() => readJarEntry(jar, 'nope.onnx')).toThrow(
      /jar has no entry nope.onnx \(entries: .*all-minilm-l6-v2-q.onnx/,
    );
    expect(() => readJarEntry(Buffer.alloc(100), 'x')).toThrow('end of central directory not found');
  });
});

describe('fetched encoder files', () => {
  it('extracts into an empty folder, then reports a tampered file with both checksums', () => {
    const root = mkdtempSync(join(tmpdir(), 'riptide-models-'));
    expect(() => requireEncoderFiles(manifest, root)).toThrow('run `npx riptide models fetch`');
    const files = extractEncoderFromJar(manifest, jarPath(), root);
    expect(encoderProblems(manifest, root)).toEqual([]);
    writeFileSync(files.tokenizerPath, '{}');
    expect(encoderProblems(manifest, root)).toEqual([
      `${files.tokenizerPath} has sha256 ${sha256Of(Buffer.from('{}'))}, expected ${manifest.files.tokenizer.sha256}`,
    ]);
  });

  it('refuses a jar whose entry does not match the pinned checksum', () => {
    const root = mkdtempSync(join(tmpdir(), 'riptide-models-'));
    const copy = join(root, 'copy.jar');
    copyFileSync(jarPath(), copy);
    const tampered = {
      ...manifest,
      files: { ...manifest.files, tokenizer: { ...manifest.files.tokenizer, sha256: '0'.repeat(64) } },
    };
    expect(() => extractEncoderFromJar(tampered, copy, root)).toThrow(
      `does not match the pinned ${'0'.repeat(64)}`,
    );
  });
});
