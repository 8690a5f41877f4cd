export {
  DEFAULT_MIN_TEXT_WORDS,
  extractSharedObjects,
  type ShareExtractionOptions,
  type SharedObject,
  type ShareSource,
} from './extract-shared-objects';
export { domainOf, normaliseUrl } from './normalise-url';
