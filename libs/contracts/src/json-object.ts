export type JsonObject = Record<string, unknown>;

/** A JSON object, as opposed to null, an array or a scalar. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object under `key` of `value`, or {} when either is not an object: adapters read nested fields with it. */
export function objectAt(value: unknown, key: string): JsonObject {
  const child = isJsonObject(value) ? value[key] : undefined;
  return isJsonObject(child) ? child : {};
}

/** The objects of a JSON array, ignoring other items; [] when the value is not an array. */
export function objectsIn(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/** The fields of `source` whose names are not in `mapped`: what an adapter keeps on `Post.extra`. */
export function unmappedFields(source: JsonObject, mapped: ReadonlySet<string>): JsonObject {
  const rest: JsonObject = {};
  for (const key of Object.keys(source)) if (!mapped.has(key)) rest[key] = source[key];
  return rest;
}
