import { readFileSync, writeFileSync } from 'node:fs';
import { parseModelManifest, type TemperatureCalibration } from '@riptide/nlp';

/**
 * Writes `calibration` into a committed model manifest (`<id>.json`), after `decisionOffsets`, and
 * leaves every other field as it was: for models whose held-out predictions come after training
 * (the accurate tiers' heads, from `riptide train confusion`). The result is validated before it
 * is written, so a bad block never reaches the file.
 */
export function writeManifestCalibration(manifestPath: string, calibration: TemperatureCalibration): void {
  const json = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  const updated: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    if (key === 'calibration') continue;
    updated[key] = value;
    if (key === 'decisionOffsets') updated.calibration = calibration;
  }
  if (!('calibration' in updated)) updated.calibration = calibration;
  parseModelManifest(updated, manifestPath);
  writeFileSync(manifestPath, `${JSON.stringify(updated, null, 2)}\n`);
}
