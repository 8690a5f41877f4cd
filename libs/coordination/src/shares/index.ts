export {
  DEFAULT_MIN_TEXT_WORDS,
  extractSharedObjects,
  type ShareExtractionOptions,
  type SharedObject,
  type ShareSource,
} from './extract-shared-objects';
export { canonicalLink, normaliseUrl, type CanonicalLink } from './normalise-url';
