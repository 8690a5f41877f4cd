import { createLogger } from '@riptide/observability';
import type { ConfusionMatrix } from '@riptide/opinion';
import { POOLED_TARGET, readConfusionFile, type ModelConfusion } from '@riptide/nlp';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const SUFFIX = '.confusion.json';

/**
 * The confusion matrices shipped beside the models (`models/<tier>/<id>.confusion.json`), by the
 * `id@version` the observations name. A model without one is estimated without correction (the estimate
 * says `correction: none`), never with another version's matrix: a retrained model makes other errors.
 */
export class ConfusionCatalog {
  private readonly log = createLogger('opinion:models');
  private readonly warned = new Set<string>();

  private constructor(private readonly byModel: ReadonlyMap<string, ModelConfusion>) {}

  /** Reads every confusion file in `modelsDir` and its sub-folders; a malformed file stops the start. */
  static load(modelsDir: string): ConfusionCatalog {
    const byModel = new Map<string, ModelConfusion>();
    const folders = existsSync(modelsDir)
      ? [
          modelsDir,
          ...readdirSync(modelsDir, { withFileTypes: true })
            .filter((entry) => entry.isDirectory())
            .map((entry) => join(modelsDir, entry.name)),
        ]
      : [];
    for (const folder of folders)
      for (const name of readdirSync(folder))
        if (name.endsWith(SUFFIX)) {
          const confusion = readConfusionFile(join(folder, name));
          byModel.set(confusion.model, confusion);
        }
    return new ConfusionCatalog(byModel);
  }

  get models(): readonly string[] {
    return [...this.byModel.keys()];
  }

  /** The matrix of `model` for a stance `target` (the pooled one when the target has none), or undefined. */
  matrixFor(model: string, target: string | undefined): ConfusionMatrix | undefined {
    const confusion = this.byModel.get(model);
    if (confusion === undefined) {
      if (!this.warned.has(model)) {
        this.warned.add(model);
        this.log.warn(
          { model, shipped: this.models },
          'no confusion matrix for this model: its shares are reported uncorrected (correction: none)',
        );
      }
      return undefined;
    }
    return (target !== undefined ? confusion.targets[target] : undefined) ?? confusion.targets[POOLED_TARGET];
  }
}
