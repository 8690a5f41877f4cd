const demographicValue = { type: 'string', minLength: 1, maxLength: 128 } as const;

/**
 * Who an author is, as far as the source says. The five common dimensions are named; others
 * (income, language, ...) are accepted as further string keys, so that a deployment can group by
 * them without a schema change and nothing a source sends is dropped.
 */
export interface Demographics {
  age_group?: string;
  gender?: string;
  region?: string;
  education?: string;
  party?: string;
  [dimension: string]: string | undefined;
}

export const demographicsSchema = {
  type: 'object',
  properties: {
    age_group: demographicValue,
    gender: demographicValue,
    region: demographicValue,
    education: demographicValue,
    party: demographicValue,
  },
  additionalProperties: demographicValue,
  maxProperties: 32,
} as const;
