import Ajv from 'ajv';
import { isIsoDateTimeWithZone } from './iso-date-time';

/**
 * The one Ajv instance every contract compiles against, configured for the hot path:
 * - `allErrors: false` stops at the first failure, which is all a dead-letter reason needs and is
 *   much cheaper than collecting every error;
 * - `verbose: true` keeps the offending value and its sub-schema on the error, so messages can quote
 *   what was received; it costs nothing when validation passes;
 * - `useDefaults: true` lets schemas fill absent arrays (`urls: []`) during the same pass;
 * - `unicode: false` measures strings in UTF-16 code units (`.length`) instead of walking every
 *   string to count code points: length limits are safety bounds, and counting halved the
 *   throughput of `check`. An emoji counts as 2 towards a limit. Ajv marks the option deprecated
 *   but still honours it; `logger: false` silences that notice (strict mode throws, not logs, on
 *   schema mistakes, so no other warning is lost).
 */
export const jsonSchemaValidator = new Ajv({
  allErrors: false,
  verbose: true,
  useDefaults: true,
  unicode: false,
  logger: false,
  strict: true,
  formats: { 'date-time': { type: 'string', validate: isIsoDateTimeWithZone } },
});
