import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { POOLED_TARGET, readModelConfusion, type ModelConfusion } from '@riptide/nlp';
import type { ConfusionMatrix } from '@riptide/opinion';

/** The shipped confusion matrices of the evaluated models, or why there are none. */
export interface EvalConfusion {
  readonly stance: ModelConfusion | undefined;
  readonly sentiment: ModelConfusion | undefined;
  /** Why correction could not run for a model, one line each; empty when both matrices were found. */
  readonly missing: readonly string[];
}

/**
 * Reads `<modelsDir>/<id>.confusion.json` for each model. A file for another version of the model
 * does not count: a retrained model makes other errors.
 */
export function readEvalConfusion(
  modelsDir: string,
  models: { readonly stance: string; readonly sentiment: string },
): EvalConfusion {
  const missing: string[] = [];
  const read = (modelId: string): ModelConfusion | undefined => {
    const id = modelId.split('@')[0];
    if (!existsSync(join(modelsDir, `${id}.confusion.json`))) {
      missing.push(`${modelId}: no ${id}.confusion.json in ${modelsDir}`);
      return undefined;
    }
    const confusion = readModelConfusion(modelsDir, id);
    if (confusion.model !== modelId) {
      missing.push(`${modelId}: ${id}.confusion.json describes ${confusion.model}`);
      return undefined;
    }
    return confusion;
  };
  return { stance: read(models.stance), sentiment: read(models.sentiment), missing };
}

/** A model's matrix for a stance target, the pooled one when the target has none. */
export function matrixFor(
  confusion: ModelConfusion | undefined,
  target: string,
): ConfusionMatrix | undefined {
  return confusion?.targets[target] ?? confusion?.targets[POOLED_TARGET];
}
